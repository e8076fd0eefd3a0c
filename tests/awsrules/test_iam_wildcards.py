"""IAM wildcards: docs/aws-behaviour.md section 13 (IAM User Guide, Resource and
String condition operators)."""

from __future__ import annotations

from awsrules.iam_wildcards import any_wildcard_match, wildcard_match


def test_star_matches_any_run_of_characters_slashes_included() -> None:
    assert wildcard_match("arn:aws:execute-api:*:1:abc/*", "arn:aws:execute-api:r:1:abc/dev/GET/x")


def test_question_mark_matches_exactly_one_character() -> None:
    assert wildcard_match("abc/de?", "abc/dev")
    assert not wildcard_match("abc/de?", "abc/devv")


def test_everything_else_is_literal() -> None:
    assert not wildcard_match("abc.dev", "abcxdev")


def test_the_whole_value_must_match() -> None:
    assert not wildcard_match("abc/dev", "abc/dev/GET")


def test_case_matters_unless_told_otherwise() -> None:
    assert not wildcard_match("execute-api:invoke", "execute-api:Invoke")
    assert wildcard_match("execute-api:invoke", "execute-api:Invoke", ignore_case=True)


def test_a_list_matches_when_one_pattern_does() -> None:
    assert any_wildcard_match(["x", "a*"], "abc")
    assert not any_wildcard_match([], "abc")

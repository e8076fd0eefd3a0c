"""IAM wildcards: docs/aws-behaviour.md section 13 (IAM User Guide, Resource and
String condition operators)."""

from __future__ import annotations

import random
import re

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


def test_a_star_may_match_nothing() -> None:
    assert wildcard_match("abc/*/GET", "abc//GET")


def test_stars_in_a_row_match_like_one() -> None:
    assert wildcard_match("a**c", "abc")


def test_a_piece_is_found_again_further_on_when_the_first_place_fails() -> None:
    assert wildcard_match("*/GET/users", "abc/dev/GET/x/GET/users")


def test_question_marks_between_stars_match_one_character_each() -> None:
    assert wildcard_match("*d?v*", "abc/dev/GET")
    assert not wildcard_match("*d??v*", "abc/dev/GET")


def test_the_first_and_last_pieces_may_not_overlap() -> None:
    assert not wildcard_match("ab*ba", "aba")


def _regex_reference(pattern: str, value: str) -> bool:
    """The wildcards as a regex, the textbook translation the matcher must agree with."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(body, value, re.DOTALL) is not None


def test_the_matcher_agrees_with_the_regex_translation_on_random_patterns() -> None:
    rng = random.Random(13)
    cases = [
        (
            "".join(rng.choice("ab/*?") for _ in range(rng.randint(0, 7))),
            "".join(rng.choice("ab/") for _ in range(rng.randint(0, 8))),
        )
        for _ in range(20_000)
    ]
    assert [wildcard_match(p, v) for p, v in cases] == [_regex_reference(p, v) for p, v in cases]

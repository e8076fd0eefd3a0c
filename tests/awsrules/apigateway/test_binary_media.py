"""Binary media types: docs/aws-behaviour.md 3.11 and 4.8."""

from __future__ import annotations

from awsrules.apigateway.binary_media import first_header, is_binary, matches


def test_an_exact_media_type_matches() -> None:
    assert matches("image/png", "image/png")


def test_a_wildcard_subtype_matches_payload_encodings_doc() -> None:
    assert matches("image/*", "image/png; q=0.9")


def test_star_slash_star_matches_everything_payload_encodings_doc() -> None:
    assert matches("*/*", "application/octet-stream")


def test_accept_star_slash_star_is_not_a_binary_type_by_itself_inferred() -> None:
    assert not matches("image/png", "*/*")


def test_only_the_first_accepted_type_counts_payload_encodings_doc() -> None:
    assert not is_binary(["image/png"], "text/html, image/png")


def test_no_binary_media_types_means_text_rust_runtime_issue_667() -> None:
    assert not is_binary([], "image/png")


def test_no_header_is_not_binary() -> None:
    assert not is_binary(["*/*"], None)


def test_first_header_is_case_insensitive_and_the_first_one() -> None:
    headers = (("accept", "image/png"), ("Accept", "text/html"))
    assert first_header(headers, "Accept") == "image/png"

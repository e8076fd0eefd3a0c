"""Reading a token from an identity header: docs/aws-behaviour.md section 1."""

from __future__ import annotations

import base64
import json

from awsrules.tokens import parse_jwt, token_from_header


def segment(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def test_a_bearer_prefix_in_any_case_is_removed() -> None:
    assert token_from_header("bEaReR  abc ") == "abc"


def test_an_empty_header_is_no_token() -> None:
    assert token_from_header("   ") is None
    assert token_from_header(None) is None


def test_a_jwt_gives_its_header_and_claims_unverified() -> None:
    parsed = parse_jwt(f"{segment({'alg': 'RS256'})}.{segment({'sub': 'x'})}.sig")
    assert parsed is not None
    assert (parsed.header, parsed.claims) == ({"alg": "RS256"}, {"sub": "x"})


def test_two_parts_are_not_a_jwt() -> None:
    assert parse_jwt(f"{segment({'alg': 'RS256'})}.{segment({'sub': 'x'})}") is None


def test_a_payload_that_is_not_an_object_is_not_a_jwt() -> None:
    assert parse_jwt(f"{segment({'alg': 'RS256'})}.{segment([1])}.sig") is None


def test_deeply_nested_json_is_not_a_jwt_and_raises_nothing() -> None:
    nested = base64.urlsafe_b64encode(b"[" * 30000).rstrip(b"=").decode()
    assert parse_jwt(f"{nested}.{nested}.sig") is None

"""Forged tokens are built from a genuine one and differ from it in one way each."""

from __future__ import annotations

import jwt
import pytest

from helpers import attacks, cognito
from helpers.attacks import AttemptResult

KEY = attacks.generate_private_key()
GENUINE = jwt.encode(
    {"sub": "1", "token_use": "id", "cognito:username": "alice", "exp": 2_000_000_000},
    attacks.generate_private_key(),
    algorithm="RS256",
    headers={"kid": "dummy"},
)


def test_tampered_payload_keeps_header_and_signature() -> None:
    forged = attacks.tampered_payload(GENUINE, {"cognito:username": "admin"}).token
    assert forged is not None
    assert (forged.split(".")[0], forged.split(".")[2]) == (
        GENUINE.split(".")[0],
        GENUINE.split(".")[2],
    )
    assert cognito.decode_claims(forged)["cognito:username"] == "admin"


def test_resigned_token_keeps_claims_and_kid_but_not_the_signature() -> None:
    forged = attacks.resigned_with_own_key(GENUINE, KEY).token
    assert forged is not None
    assert cognito.decode_claims(forged) == cognito.decode_claims(GENUINE)
    assert jwt.get_unverified_header(forged)["kid"] == "dummy"
    assert forged.split(".")[2] != GENUINE.split(".")[2]


def test_alg_none_token_has_no_signature() -> None:
    forged = attacks.alg_none(GENUINE).token
    assert forged is not None
    assert (jwt.get_unverified_header(forged)["alg"], forged.split(".")[2]) == ("none", "")


def test_bearer_prefixed_token_is_the_genuine_one_with_a_prefix() -> None:
    assert attacks.bearer_prefixed(GENUINE).token == f"Bearer {GENUINE}"


def test_attempt_never_shows_its_token_in_a_repr() -> None:
    assert GENUINE not in repr(attacks.bearer_prefixed(GENUINE))


def test_row_shows_attempt_status_body_and_why() -> None:
    result = AttemptResult("garbage", 401, {"message": "Unauthorized"}, "not a JWT")
    assert attacks.row(result) == (
        'garbage                 | 401 | {"message":"Unauthorized"}                     | not a JWT'
    )


def test_skipped_row_says_so() -> None:
    row = attacks.row(attacks.skipped(attacks.expired(None), "opt in to wait"))
    assert row.split("|")[1:3] == [" -   ", " (skipped)                                      "]


@pytest.mark.parametrize("value", ["", "0", "yes"])
def test_expiry_wait_needs_an_explicit_1(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(attacks.EXPIRY_OPT_IN, value)
    assert attacks.expiry_opted_in() is False

"""The token endpoint's code and refresh grants, and the tokens' claims (docs/aws-behaviour.md
26.4, 26.5, 26.9, 26.10). Source unless said otherwise: Cognito Developer Guide, "The token
endpoint" (token-endpoint); "Using PKCE in authorization code grants"."""

from __future__ import annotations

import secrets

import jwt
import requests

from emulator.cognito.tokens import at_hash
from emulator.process import auth_for
from tests.emulator.cognito.managed_login.conftest import (
    CALLBACK,
    Login,
    challenge,
    query_of,
)
from tests.emulator.conftest import Stack


def _code(login: Login, verifier: str | None = None) -> str:
    pkce = (
        {"code_challenge": challenge(verifier), "code_challenge_method": "S256"} if verifier else {}
    )
    answer = login.sign_in(requests.Session(), **pkce)
    return query_of(answer.headers["Location"])["code"]


def test_code_with_pkce_s256_gives_tokens_and_the_id_token_passes_the_authorizer(
    login: Login, stack: Stack
) -> None:
    stack.attach_authorizer()
    stack.deploy()
    tokens = login.code_tokens(requests.Session())
    assert (sorted(tokens), tokens["token_type"], tokens["expires_in"]) == (
        ["access_token", "expires_in", "id_token", "refresh_token", "token_type"],
        "Bearer",
        3600,
    )
    assert stack.get(token=tokens["id_token"]).status_code == 200


def test_code_grant_access_token_is_refused_by_an_authorizer_without_scopes_doc(
    login: Login, stack: Stack
) -> None:
    stack.attach_authorizer()
    stack.deploy()
    tokens = login.code_tokens(requests.Session())
    assert stack.get(token=tokens["access_token"]).status_code == 401


def test_code_grant_access_token_passes_an_authorizer_with_a_granted_scope_doc(
    login: Login, stack: Stack
) -> None:
    stack.attach_authorizer(scopes=["email"])
    stack.deploy()
    tokens = login.code_tokens(requests.Session())
    assert stack.get(token=tokens["access_token"]).status_code == 200


def test_code_grant_tokens_carry_cognitos_code_grant_claims_doc(login: Login) -> None:
    tokens = login.code_tokens(requests.Session())
    access = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    identity = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert (
        access["scope"],
        access["token_use"],
        access["client_id"],
        access["username"],
        access["version"],
        access["auth_time"] == identity["auth_time"],
        access["origin_jti"] == identity["origin_jti"],
        access["event_id"] == identity["event_id"],
        identity["token_use"],
        identity["aud"],
        identity["at_hash"],
        identity["email"],
    ) == (
        "openid email profile",
        "access",
        login.client_id,
        "alice",
        2,
        True,
        True,
        True,
        "id",
        login.client_id,
        at_hash(tokens["access_token"]),
        "alice@example.com",
    )
    assert {"jti", "iat", "exp", "iss", "sub"} <= set(access) & set(identity)


def test_missing_code_verifier_is_invalid_grant_recorded(login: Login) -> None:
    code = _code(login, secrets.token_urlsafe(48))
    answer = login.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


def test_wrong_code_verifier_is_invalid_grant_rfc7636(login: Login) -> None:
    code = _code(login, secrets.token_urlsafe(48))
    answer = login.token(
        grant_type="authorization_code",
        code=code,
        redirect_uri=CALLBACK,
        code_verifier=secrets.token_urlsafe(48),
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


def test_code_is_single_use_second_exchange_is_invalid_grant_doc(login: Login) -> None:
    code = _code(login)
    first = login.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    second = login.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert (first.status_code, second.status_code, second.json()) == (
        200,
        400,
        {"error": "invalid_grant"},
    )


def test_code_expires_after_five_minutes_doc(login: Login) -> None:
    code = _code(login)
    clock = f"{login.stack.url}/_emulator/clock"
    auth = auth_for(login.stack.url)
    moved = requests.post(clock, auth=auth, json={"advance_seconds": 301}, timeout=5)
    assert moved.status_code == 200, moved.text
    try:
        answer = login.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    finally:
        requests.post(clock, auth=auth, json={"reset": True}, timeout=5)
    assert answer.json() == {"error": "invalid_grant"}


def test_redirect_uri_other_than_authorizes_is_invalid_grant_rfc6749(login: Login) -> None:
    code = _code(login)
    answer = login.token(
        grant_type="authorization_code", code=code, redirect_uri="http://localhost:8765/x"
    )
    assert answer.json() == {"error": "invalid_grant"}


def test_code_grant_without_redirect_uri_is_invalid_request_doc(login: Login) -> None:
    answer = login.token(grant_type="authorization_code", code=_code(login))
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_request"})


def test_refresh_grant_gives_new_id_and_access_tokens_and_no_refresh_token_doc(
    login: Login,
) -> None:
    tokens = login.code_tokens(requests.Session())
    answer = login.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    fresh = answer.json()
    claims = jwt.decode(fresh["access_token"], options={"verify_signature": False})
    original = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert (
        sorted(fresh),
        claims["scope"],
        claims["origin_jti"] == original["origin_jti"],
        claims["auth_time"] == original["auth_time"],
        fresh["access_token"] != tokens["access_token"],
    ) == (
        ["access_token", "expires_in", "id_token", "token_type"],
        "openid email profile",
        True,
        True,
        True,
    )


def test_unknown_refresh_token_is_invalid_grant_doc(login: Login) -> None:
    answer = login.token(grant_type="refresh_token", refresh_token="not-a-token")
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})

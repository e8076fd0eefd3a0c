"""Sign-out, userInfo and revocation (docs/aws-behaviour.md 26.11-26.14). Sources: Cognito
Developer Guide, "The managed login sign-out endpoint" (logout-endpoint), "The userInfo
endpoint" (userinfo-endpoint), "The token revocation endpoint" (revocation-endpoint)."""

from __future__ import annotations

import pytest
import requests
from botocore.exceptions import ClientError

from tests.emulator.cognito.managed_login.conftest import (
    CALLBACK,
    SIGNED_OUT,
    Login,
    query_of,
)
from tests.emulator.conftest import Stack

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _logout(login: Login, browser: requests.Session, **params: str) -> requests.Response:
    return browser.get(
        f"{login.base}/logout",
        params={"client_id": login.client_id, **params},
        allow_redirects=False,
        timeout=5,
    )


def test_logout_redirects_to_logout_uri_and_clears_the_session_cookie_doc(
    login: Login,
) -> None:
    browser = requests.Session()
    login.sign_in(browser)
    answer = _logout(login, browser, logout_uri=SIGNED_OUT)
    assert (
        answer.status_code,
        answer.headers["Location"],
        "Max-Age=0" in answer.headers["Set-Cookie"],
    ) == (
        302,
        SIGNED_OUT,
        True,
    )


def test_after_logout_authorize_asks_for_the_password_again(login: Login) -> None:
    browser = requests.Session()
    login.sign_in(browser)
    _logout(login, browser, logout_uri=SIGNED_OUT)
    again = login.authorize(browser)
    assert again.headers["Location"].startswith(f"/cognito-domain/{login.domain}/login?")


def test_session_cookie_replayed_after_logout_no_longer_signs_in(login: Login) -> None:
    browser = requests.Session()
    login.sign_in(browser)
    stolen = browser.cookies.get("cognito")
    _logout(login, browser, logout_uri=SIGNED_OUT)
    replay = requests.Session()
    replay.cookies.set("cognito", str(stolen))
    assert "/login?" in login.authorize(replay).headers["Location"]


def test_logout_uri_not_registered_is_the_redirect_mismatch_page(login: Login) -> None:
    answer = _logout(login, requests.Session(), logout_uri="http://localhost:8765/elsewhere")
    assert query_of(answer.headers["Location"]) == {
        "error": "redirect_mismatch",
        "client_id": login.client_id,
    }


def test_logout_with_redirect_uri_sends_the_user_to_sign_in_again_doc(login: Login) -> None:
    answer = _logout(
        login, requests.Session(), redirect_uri=CALLBACK, response_type="code", scope="openid"
    )
    location = answer.headers["Location"]
    assert (location.split("?")[0], query_of(location)["redirect_uri"]) == (
        f"/cognito-domain/{login.domain}/login",
        CALLBACK,
    )


def test_userinfo_answers_the_users_attributes_for_a_code_grant_access_token_doc(
    login: Login,
) -> None:
    tokens = login.code_tokens(requests.Session())
    answer = requests.get(
        f"{login.base}/oauth2/userInfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=5,
    )
    body = answer.json()
    assert (answer.status_code, body["username"], body["email"], body["email_verified"]) == (
        200,
        "alice",
        "alice@example.com",
        "true",
    )


def test_userinfo_refuses_an_sdk_access_token_without_openid_doc(
    login: Login, stack: Stack
) -> None:
    access = stack.tokens("carol")["access"]
    answer = requests.get(
        f"{login.base}/oauth2/userInfo", headers={"Authorization": f"Bearer {access}"}, timeout=5
    )
    assert (answer.status_code, answer.headers["WWW-Authenticate"]) == (
        401,
        'error="invalid_token", error_description="Access token is expired, disabled, or '
        'deleted, or the user has globally signed out."',
    )


def test_userinfo_without_a_bearer_token_is_invalid_request_doc(login: Login) -> None:
    answer = requests.get(f"{login.base}/oauth2/userInfo", timeout=5)
    assert (answer.status_code, answer.headers["WWW-Authenticate"]) == (
        400,
        'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
    )


def _revoke(login: Login, token: str) -> requests.Response:
    return requests.post(
        f"{login.base}/oauth2/revoke",
        data={"token": token, "client_id": login.client_id},
        headers=FORM,
        timeout=5,
    )


def test_revoke_answers_200_with_an_empty_body_doc(login: Login) -> None:
    tokens = login.code_tokens(requests.Session())
    answer = _revoke(login, tokens["refresh_token"])
    assert (answer.status_code, answer.content) == (200, b"")


def test_refresh_after_revoke_is_invalid_grant_doc(login: Login) -> None:
    tokens = login.code_tokens(requests.Session())
    _revoke(login, tokens["refresh_token"])
    answer = login.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


def test_revoked_access_token_is_refused_by_get_user_doc(login: Login, stack: Stack) -> None:
    tokens = login.code_tokens(requests.Session())
    _revoke(login, tokens["refresh_token"])
    with pytest.raises(ClientError) as raised:
        stack.clients["cognito-idp"].get_user(AccessToken=tokens["access_token"])
    assert raised.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_revoked_access_token_is_refused_by_userinfo_doc(login: Login) -> None:
    tokens = login.code_tokens(requests.Session())
    _revoke(login, tokens["refresh_token"])
    answer = requests.get(
        f"{login.base}/oauth2/userInfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=5,
    )
    assert answer.status_code == 401


def test_tokens_issued_before_revoke_still_pass_the_api_gateway_authorizer_until_expiry(
    login: Login, stack: Stack
) -> None:
    """The teaching point (26.12): the Cognito authorizer checks signature, issuer and expiry
    only, so revocation does not reach it."""
    stack.attach_authorizer(scopes=["email"])
    stack.deploy()
    tokens = login.code_tokens(requests.Session())
    _revoke(login, tokens["refresh_token"])
    assert stack.get(token=tokens["access_token"]).status_code == 200


def test_revoke_an_access_token_is_unsupported_token_type_doc(login: Login) -> None:
    tokens = login.code_tokens(requests.Session())
    answer = _revoke(login, tokens["access_token"])
    assert (answer.status_code, answer.json()) == (400, {"error": "unsupported_token_type"})


def test_revoke_without_token_is_invalid_request_doc(login: Login) -> None:
    answer = requests.post(
        f"{login.base}/oauth2/revoke", data={"client_id": login.client_id}, headers=FORM, timeout=5
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_request"})


def test_revoke_with_unknown_client_is_401_invalid_client_doc(login: Login) -> None:
    answer = requests.post(
        f"{login.base}/oauth2/revoke",
        data={"token": "x", "client_id": "nope"},
        headers=FORM,
        timeout=5,
    )
    assert (answer.status_code, answer.json()) == (401, {"error": "invalid_client"})

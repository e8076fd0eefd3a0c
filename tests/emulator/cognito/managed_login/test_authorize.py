"""The authorize endpoint and the login page (docs/aws-behaviour.md 26.1-26.8). Source unless
said otherwise: Cognito Developer Guide, "The authorize endpoint" (authorization-endpoint)."""

from __future__ import annotations

import jwt
import requests

from tests.emulator.cognito.managed_login.conftest import (
    CALLBACK,
    Login,
    fragment_of,
    query_of,
)


def test_authorize_without_session_redirects_to_login_with_same_parameters_doc(
    login: Login,
) -> None:
    answer = login.authorize(requests.Session())
    assert (answer.status_code, answer.headers["Location"].split("?")[0]) == (
        302,
        f"/cognito-domain/{login.domain}/login",
    )
    assert query_of(answer.headers["Location"])["redirect_uri"] == CALLBACK


def test_login_page_has_stable_form_fields_and_sets_xsrf_cookie(login: Login) -> None:
    browser = requests.Session()
    page = browser.get(login.stack.url + login.authorize(browser).headers["Location"], timeout=5)
    cookie = page.headers["Set-Cookie"]
    assert (
        page.status_code,
        'name="username"' in page.text,
        'name="password"' in page.text,
        'type="submit"' in page.text,
        cookie.startswith("XSRF-TOKEN="),
        "HttpOnly" in cookie,
        "SameSite=Lax" in cookie,
        f"Path=/cognito-domain/{login.domain}/" in cookie,
    ) == (200, True, True, True, True, True, True, True)


def test_code_grant_redirects_to_callback_with_code_and_state_doc(login: Login) -> None:
    answer = login.sign_in(requests.Session())
    location = answer.headers["Location"]
    assert (answer.status_code, location.split("?")[0], query_of(location)["state"]) == (
        302,
        CALLBACK,
        "st4te",
    )
    assert len(query_of(location)["code"]) > 20


def test_sign_in_sets_session_cookie_httponly_lax_scoped_to_domain(login: Login) -> None:
    answer = login.sign_in(requests.Session())
    cookie = answer.headers["Set-Cookie"]
    assert (
        cookie.startswith("cognito="),
        "HttpOnly" in cookie,
        "SameSite=Lax" in cookie,
        f"Path=/cognito-domain/{login.domain}/" in cookie,
    ) == (True, True, True, True)


def test_second_authorize_with_session_cookie_signs_in_without_the_form_doc(
    login: Login,
) -> None:
    browser = requests.Session()
    login.sign_in(browser)
    again = login.authorize(browser, state="second")
    assert (again.status_code, again.headers["Location"].split("?")[0]) == (302, CALLBACK)
    assert query_of(again.headers["Location"])["state"] == "second"


def test_wrong_password_shows_the_page_again_with_cognitos_message(login: Login) -> None:
    answer = login.sign_in(requests.Session(), password="not-the-password-1A!")
    assert (answer.status_code, "Incorrect username or password." in answer.text) == (200, True)
    assert "Set-Cookie" not in answer.headers or "cognito=" not in answer.headers["Set-Cookie"]


def test_unknown_user_gets_the_same_message_as_a_wrong_password(login: Login) -> None:
    login.username = "mallory"
    answer = login.sign_in(requests.Session())
    assert "Incorrect username or password." in answer.text


def test_force_change_password_user_is_asked_for_a_new_password(login: Login) -> None:
    idp = login.stack.clients["cognito-idp"]
    idp.admin_create_user(
        UserPoolId=login.stack.pool_id,
        Username="bob",
        TemporaryPassword="Temp-Passw0rd!",
        MessageAction="SUPPRESS",
    )
    login.username = "bob"
    answer = login.sign_in(requests.Session(), password="Temp-Passw0rd!")
    assert (answer.status_code, "Please enter a new password." in answer.text) == (200, True)


def test_login_post_without_the_xsrf_cookie_is_refused(login: Login) -> None:
    location = login.authorize(requests.Session()).headers["Location"]
    answer = requests.post(
        login.stack.url + location,
        data={"_csrf": "forged", "username": "alice", "password": "x"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 400


def test_implicit_grant_puts_tokens_and_state_in_the_fragment_doc(login: Login) -> None:
    answer = login.sign_in(requests.Session(), response_type="token", nonce="n0nce")
    location = answer.headers["Location"]
    fragment = fragment_of(location)
    claims = jwt.decode(fragment["id_token"], options={"verify_signature": False})
    assert (
        location.split("#")[0],
        fragment["token_type"],
        fragment["expires_in"],
        fragment["state"],
        "refresh_token" in fragment,
        claims["nonce"],
        claims["token_use"],
    ) == (CALLBACK, "Bearer", "3600", "st4te", False, "n0nce", "id")


def test_implicit_grant_without_openid_has_no_id_token_doc(login: Login) -> None:
    answer = login.sign_in(
        requests.Session(), response_type="token", scope="aws.cognito.signin.user.admin"
    )
    fragment = fragment_of(answer.headers["Location"])
    assert ("id_token" in fragment, "access_token" in fragment) == (False, True)


def test_redirect_uri_not_registered_is_the_redirect_mismatch_error_page_recorded(
    login: Login,
) -> None:
    answer = login.authorize(requests.Session(), redirect_uri="http://localhost:8765/other")
    location = answer.headers["Location"]
    assert (answer.status_code, location.split("?")[0], query_of(location)) == (
        302,
        f"/cognito-domain/{login.domain}/error",
        {"error": "redirect_mismatch", "client_id": login.client_id},
    )
    page = requests.get(login.stack.url + location, timeout=5)
    assert "An error was encountered with the requested page." in page.text


def test_redirect_uri_must_match_exactly_trailing_slash_too(login: Login) -> None:
    answer = login.authorize(requests.Session(), redirect_uri=CALLBACK + "/")
    assert query_of(answer.headers["Location"])["error"] == "redirect_mismatch"


def test_client_without_the_flow_gets_unauthorized_client_doc(login: Login) -> None:
    idp = login.stack.clients["cognito-idp"]
    idp.update_user_pool_client(
        UserPoolId=login.stack.pool_id,
        ClientId=login.client_id,
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid"],
        CallbackURLs=[CALLBACK],
    )
    answer = login.authorize(requests.Session(), response_type="token", scope="openid")
    assert answer.headers["Location"] == f"{CALLBACK}?error=unauthorized_client&state=st4te"


def test_scope_not_allowed_for_the_client_is_invalid_scope_doc(login: Login) -> None:
    answer = login.authorize(requests.Session(), scope="openid phone")
    assert answer.headers["Location"] == f"{CALLBACK}?error=invalid_scope&state=st4te"


def test_plain_pkce_is_invalid_request_cognito_supports_only_s256_doc(login: Login) -> None:
    answer = login.authorize(
        requests.Session(), code_challenge="abc" * 15, code_challenge_method="plain"
    )
    assert answer.headers["Location"] == f"{CALLBACK}?error=invalid_request&state=st4te"


def test_code_challenge_without_method_is_invalid_request_doc(login: Login) -> None:
    answer = login.authorize(requests.Session(), code_challenge="abc" * 15)
    assert answer.headers["Location"] == f"{CALLBACK}?error=invalid_request&state=st4te"


def test_duplicate_parameter_is_invalid_request(login: Login) -> None:
    url = (
        f"{login.base}/oauth2/authorize?response_type=code&response_type=token"
        f"&client_id={login.client_id}&redirect_uri={CALLBACK}"
    )
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.headers["Location"] == f"{CALLBACK}?error=invalid_request"


def test_missing_client_id_is_the_required_parameters_missing_page_recorded(
    login: Login,
) -> None:
    answer = requests.get(
        f"{login.base}/oauth2/authorize",
        params={"response_type": "code", "redirect_uri": CALLBACK},
        allow_redirects=False,
        timeout=5,
    )
    assert query_of(answer.headers["Location"]) == {"error": "Required parameters missing"}


def test_identity_provider_cognito_signs_in_with_the_login_page_doc(login: Login) -> None:
    answer = login.authorize(requests.Session(), identity_provider="COGNITO")
    assert answer.headers["Location"].startswith(f"/cognito-domain/{login.domain}/login?")

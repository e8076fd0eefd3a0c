"""helpers/managed_login.py against the emulator: the login link, PKCE, the callback listener
driven by a real ``requests`` "browser", the code exchange, sign-out (docs/aws-behaviour.md
section 26)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from emulator.cognito.managed_login.pkce import s256
from helpers import managed_login
from helpers.backend import Workbook
from helpers.errors import WorkbookError
from helpers.oauth import domain_url

PASSWORD = "Corr3ct-Horse-Battery!"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Setup:
    domain: str
    client_id: str
    port: int

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"


@pytest.fixture
def setup(wb: Workbook) -> Iterator[Setup]:
    idp = wb.client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName=f"{wb.prefix}-pool")["UserPool"]["Id"]
    domain = f"{wb.prefix}-login"
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    port = _free_port()
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=f"{wb.prefix}-browser",
        AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email", "profile"],
        CallbackURLs=[f"http://127.0.0.1:{port}/callback"],
        LogoutURLs=[f"http://127.0.0.1:{port}/signed-out"],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True
    )
    yield Setup(domain, client_id, port)
    idp.delete_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    idp.delete_user_pool(UserPoolId=pool_id)


def test_generate_pkce_challenge_is_s256_of_the_verifier_rfc7636() -> None:
    pair = managed_login.generate_pkce()
    assert (pair.code_challenge_method, pair.code_challenge) == ("S256", s256(pair.code_verifier))


def test_login_url_on_the_emulator_uses_the_domain_url(wb: Workbook, setup: Setup) -> None:
    url = managed_login.login_url(
        wb,
        setup.domain,
        setup.client_id,
        setup.redirect_uri,
        state="s",
        pkce=managed_login.generate_pkce(),
    )
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert (url.split("?")[0], query["code_challenge_method"], query["scope"]) == (
        f"{domain_url(wb, setup.domain)}/oauth2/authorize",
        "S256",
        "openid email profile",
    )


def test_code_grant_with_pkce_through_the_listener_and_exchange(wb: Workbook, setup: Setup) -> None:
    pkce, state = managed_login.generate_pkce(), managed_login.new_state()
    url = managed_login.login_url(
        wb, setup.domain, setup.client_id, setup.redirect_uri, state=state, pkce=pkce
    )
    with managed_login.CallbackListener(state, setup.port) as listener:
        callback = managed_login.sign_in_without_browser(wb, url, "alice", PASSWORD)
        page = requests.get(callback, timeout=5)  # the "browser" follows the redirect
        result = listener.wait(10)
    tokens = managed_login.exchange_code(
        wb, setup.domain, setup.client_id, str(result.code), setup.redirect_uri, pkce
    )
    claims = jwt.decode(str(tokens.id_token), options={"verify_signature": False})
    assert (
        "You can close this tab" in page.text,
        claims["cognito:username"],
        tokens.refresh_token is not None,
    ) == (
        True,
        "alice",
        True,
    )


def test_implicit_grant_fragment_posted_back_by_the_page(wb: Workbook, setup: Setup) -> None:
    state = managed_login.new_state()
    url = managed_login.login_url(
        wb, setup.domain, setup.client_id, setup.redirect_uri, state=state, response_type="token"
    )
    with managed_login.CallbackListener(state, setup.port) as listener:
        callback = managed_login.sign_in_without_browser(wb, url, "alice", PASSWORD)
        base, fragment = callback.split("#", 1)
        page = requests.get(base, timeout=5)
        requests.post(
            f"http://127.0.0.1:{setup.port}/fragment", data=fragment, timeout=5
        )  # what the page's script does
        result = listener.wait(10)
    assert ("window.location.hash" in page.text, sorted(result.tokens)) == (
        True,
        ["access_token", "expires_in", "id_token", "token_type"],
    )


def test_listener_refuses_a_callback_with_another_state(setup: Setup) -> None:
    with managed_login.CallbackListener("expected", setup.port) as listener:
        requests.get(f"{setup.redirect_uri}?code=abc&state=forged", timeout=5)
        with pytest.raises(WorkbookError, match="state does not match"):
            listener.wait(5)


def test_wrong_password_is_a_workbook_error_with_cognitos_message(
    wb: Workbook, setup: Setup
) -> None:
    url = managed_login.login_url(wb, setup.domain, setup.client_id, setup.redirect_uri, state="s")
    with pytest.raises(WorkbookError, match="Incorrect username or password."):
        managed_login.sign_in_without_browser(wb, url, "alice", "Wrong-passw0rd!")


def test_logout_url_redirects_to_the_sign_out_url(wb: Workbook, setup: Setup) -> None:
    signed_out = f"http://127.0.0.1:{setup.port}/signed-out"
    url = managed_login.logout_url(wb, setup.domain, setup.client_id, signed_out)
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert (answer.status_code, answer.headers["Location"]) == (302, signed_out)

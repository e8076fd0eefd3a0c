"""A user pool domain with a public app client set up for managed login, and a user."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.emulator.conftest import PASSWORD, Stack

CALLBACK = "http://localhost:8765/callback"
SIGNED_OUT = "http://localhost:8765/signed-out"
SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]


@dataclass
class Login:
    stack: Stack
    domain: str
    client_id: str
    username: str

    @property
    def base(self) -> str:
        return f"{self.stack.url}/cognito-domain/{self.domain}"

    def authorize(self, browser: requests.Session, **params: str) -> requests.Response:
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": CALLBACK,
            "scope": "openid email profile",
            "state": "st4te",
            **params,
        }
        return browser.get(
            f"{self.base}/oauth2/authorize", params=query, allow_redirects=False, timeout=10
        )

    def sign_in(
        self, browser: requests.Session, password: str = PASSWORD, **params: str
    ) -> requests.Response:
        """authorize → the login page → the form posted; the answer to the POST."""
        first = self.authorize(browser, **params)
        assert first.status_code == 302, first.text
        page = browser.get(self.stack.url + first.headers["Location"], timeout=10)
        return submit(browser, self.stack.url, page, self.username, password)

    def token(self, **form: str) -> requests.Response:
        return requests.post(
            f"{self.base}/oauth2/token",
            data={"client_id": self.client_id, **form},
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=10,
        )

    def code_tokens(self, browser: requests.Session) -> dict[str, Any]:
        verifier = secrets.token_urlsafe(48)
        answer = self.sign_in(
            browser, code_challenge=challenge(verifier), code_challenge_method="S256"
        )
        code = query_of(answer.headers["Location"])["code"]
        tokens: dict[str, Any] = self.token(
            grant_type="authorization_code",
            code=code,
            redirect_uri=CALLBACK,
            code_verifier=verifier,
        ).json()
        return tokens


def challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fragment_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).fragment).items()}


def submit(
    browser: requests.Session, url: str, page: requests.Response, username: str, password: str
) -> requests.Response:
    action = re.search(r'<form id="signInForm" method="post" action="([^"]+)"', page.text)
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text)
    assert action and csrf, page.text
    return browser.post(
        url + action.group(1).replace("&amp;", "&"),
        data={"_csrf": csrf.group(1), "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def login(stack: Stack) -> Login:
    idp = stack.clients["cognito-idp"]
    domain = f"login-{stack.api_id.lower()}"
    idp.create_user_pool_domain(UserPoolId=stack.pool_id, Domain=domain)
    client_id = idp.create_user_pool_client(
        UserPoolId=stack.pool_id,
        ClientName="browser",
        AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=SCOPES,
        CallbackURLs=[CALLBACK],
        LogoutURLs=[SIGNED_OUT],
        SupportedIdentityProviders=["COGNITO"],
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=stack.pool_id,
        Username="alice",
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": "alice@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    idp.admin_set_user_password(
        UserPoolId=stack.pool_id, Username="alice", Password=PASSWORD, Permanent=True
    )
    return Login(stack, domain, client_id, "alice")

"""Managed login (the Hosted UI) from the workbook: the login link, PKCE, a callback listener
in the kernel, the code exchange, and sign-out.

The same calls work on both backends; only the domain's URL differs (``helpers.oauth.
domain_url``): ``https://{domain}.auth.{region}.amazoncognito.com`` on AWS, the emulator's
``/cognito-domain/{domain}`` locally. On AWS the learner opens the link and signs in in a
browser; ``sign_in_without_browser`` drives the emulator's login page with ``requests`` and
exists for the local backend only (nbval runs it).

Cognito Developer Guide: "The authorize endpoint", "The token endpoint", "The managed login
sign-out endpoint", "Using PKCE in authorization code grants" (docs/aws-behaviour.md 25).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests

from helpers.backend import Workbook
from helpers.config import LOGIN_PORT_VARIABLE, local_port
from helpers.errors import WorkbookError
from helpers.oauth import domain_url, token_endpoint

logger = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
FRAGMENT_PATH = "/fragment"
DEFAULT_PORT = local_port(LOGIN_PORT_VARIABLE, 8765)
"""The sign-in listener's port: 8765, or ``WORKBOOK_LOGIN_PORT`` (helpers/config.py)."""
DEFAULT_SCOPES = ("openid", "email", "profile")

_CLOSE_PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Signed in</title></head><body><main><h1>Signed in</h1>
<p id="done">You can close this tab and go back to the notebook.</p></main></body></html>
"""
_FRAGMENT_PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Signed in</title></head><body><main><h1>Signed in</h1>
<p id="done">Sending the tokens to the notebook...</p></main>
<script>
fetch("/fragment", {method: "POST", headers: {"Content-Type": "text/plain"},
  body: window.location.hash.slice(1)})
  .then(() => { document.getElementById("done").textContent =
    "You can close this tab and go back to the notebook."; });
</script></body></html>
"""


@dataclass(frozen=True)
class PkcePair:
    """A PKCE code verifier and its S256 challenge (RFC 7636; Cognito supports S256 only)."""

    code_verifier: str
    code_challenge: str
    code_challenge_method: str = "S256"


def generate_pkce() -> PkcePair:
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return PkcePair(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode())


def new_state() -> str:
    """A fresh ``state`` for one sign-in (CSRF protection: the listener checks it)."""
    return secrets.token_urlsafe(24)


def login_url(
    wb: Workbook,
    domain: str,
    client_id: str,
    redirect_uri: str,
    *,
    state: str,
    response_type: str = "code",
    pkce: PkcePair | None = None,
    scopes: tuple[str, ...] = DEFAULT_SCOPES,
    nonce: str | None = None,
) -> str:
    """The authorize link to open in a browser: ``response_type="code"`` with ``pkce``, or
    ``"token"`` (the implicit grant: tokens come back in the URL fragment)."""
    params = {
        "response_type": response_type,
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(scopes),
        "state": state,
        "identity_provider": "COGNITO",
    }
    if pkce is not None:
        params["code_challenge"] = pkce.code_challenge
        params["code_challenge_method"] = pkce.code_challenge_method
    if nonce is not None:
        params["nonce"] = nonce
    return f"{domain_url(wb, domain)}/oauth2/authorize?{urlencode(params)}"


def logout_url(wb: Workbook, domain: str, client_id: str, logout_uri: str) -> str:
    """The sign-out link: clears the managed-login session cookie, then goes to
    ``logout_uri`` (one of the client's sign-out URLs). Tokens already issued stay valid."""
    query = urlencode({"client_id": client_id, "logout_uri": logout_uri})
    return f"{domain_url(wb, domain)}/logout?{query}"


@dataclass(frozen=True)
class CallbackResult:
    """What came back to the callback: a ``code`` (code grant) or ``tokens`` (implicit)."""

    state: str
    code: str | None = None
    tokens: dict[str, str] = field(default_factory=dict)


class CallbackListener:
    """A small HTTP server on 127.0.0.1 that catches the redirect to the callback URL.

    ``with CallbackListener(expected_state) as listener: ...; result = listener.wait(120)``.
    It answers the code grant's ``/callback?code=..&state=..`` with a "you can close this tab"
    page; for the implicit grant it answers a page whose script posts the URL fragment (which
    browsers never send to a server) back to ``/fragment``. A ``state`` other than the expected
    one, or an ``error`` from Cognito, is a ``WorkbookError``.
    """

    def __init__(self, expected_state: str, port: int = DEFAULT_PORT) -> None:
        self.expected_state = expected_state
        self._done = threading.Event()
        self._result: CallbackResult | None = None
        self._problem: str | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"

    def __enter__(self) -> CallbackListener:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait(self, timeout: float = 180.0) -> CallbackResult:
        if not self._done.wait(timeout):
            raise WorkbookError(
                f"No sign-in reached {self.redirect_uri} within {timeout:.0f} s. Open the "
                "login link, sign in, and re-run this cell."
            )
        if self._problem is not None:
            raise WorkbookError(self._problem)
        assert self._result is not None
        return self._result

    def _finish(self, params: dict[str, str]) -> None:
        if "error" in params:
            self._problem = f"Cognito answered the sign-in with error={params['error']!r}."
        elif not hmac.compare_digest(params.get("state", ""), self.expected_state):
            self._problem = (
                "The callback's state does not match this sign-in's state: the redirect did "
                "not come from the login link you opened. Start the sign-in again."
            )
        else:
            tokens = {k: v for k, v in params.items() if k not in ("code", "state")}
            self._result = CallbackResult(params["state"], params.get("code"), tokens)
        self._done.set()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _page(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH:
                    self.send_error(404)
                    return
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if "code" in params or "error" in params:
                    listener._finish(params)
                    self._page(_CLOSE_PAGE)
                else:
                    self._page(_FRAGMENT_PAGE)

            def do_POST(self) -> None:  # noqa: N802
                if urlsplit(self.path).path != FRAGMENT_PATH:
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                fragment = self.rfile.read(length).decode(errors="replace")
                listener._finish({k: v[0] for k, v in parse_qs(fragment).items()})
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("callback listener: " + format, *args)

        return Handler


@dataclass(frozen=True)
class ManagedLoginTokens:
    id_token: str | None
    access_token: str
    refresh_token: str | None
    expires_in: int


def exchange_code(
    wb: Workbook,
    domain: str,
    client_id: str,
    code: str,
    redirect_uri: str,
    pkce: PkcePair | None,
    client_secret: str | None = None,
) -> ManagedLoginTokens:
    """The token endpoint's ``authorization_code`` grant, with the PKCE verifier."""
    form = {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "code": code,
        "redirect_uri": redirect_uri,
    }
    if pkce is not None:
        form["code_verifier"] = pkce.code_verifier
    auth = (client_id, client_secret) if client_secret is not None else None
    answer = requests.post(token_endpoint(wb, domain), data=form, auth=auth, timeout=30)
    body: dict[str, Any] = answer.json() if answer.content else {}
    if answer.status_code != 200:
        raise WorkbookError(
            f"Exchanging the code at {token_endpoint(wb, domain)} failed: HTTP "
            f"{answer.status_code} {json.dumps(body)}. A code works once and for five minutes, "
            "with the same redirect_uri and the PKCE verifier of its login link: sign in again."
        )
    return ManagedLoginTokens(
        body.get("id_token"), body["access_token"], body.get("refresh_token"), body["expires_in"]
    )


_FORM = re.compile(r'<form id="signInForm" method="post" action="([^"]+)"')
_CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
_ALERT = re.compile(r'role="alert">([^<]*)<')


def sign_in_without_browser(wb: Workbook, url: str, username: str, password: str) -> str:
    """Follow a login link and fill in the **emulator's** login form with ``requests``; the
    final redirect (the callback URL with the code, or with the tokens in its fragment) is
    returned, not followed. Local backend only: on AWS the learner clicks the link and signs
    in in the browser."""
    if wb.endpoint_url is None:
        raise WorkbookError(
            "sign_in_without_browser only drives the emulator's login page. On AWS, open the "
            "login link in your browser and sign in: the callback listener catches the result."
        )
    browser = requests.Session()
    answer = browser.get(url, allow_redirects=False, timeout=30)
    while answer.status_code == 302 and urlsplit(
        urljoin(url, answer.headers["Location"])
    ).path.endswith("/login"):
        answer = browser.get(urljoin(url, answer.headers["Location"]), timeout=30)
    if answer.status_code == 302:  # a session cookie, or an error redirect
        return urljoin(url, answer.headers["Location"])
    form, csrf = _FORM.search(answer.text), _CSRF.search(answer.text)
    if form is None or csrf is None:
        raise WorkbookError(f"{url} did not lead to the login page (HTTP {answer.status_code}).")
    posted = browser.post(
        urljoin(url, form.group(1).replace("&amp;", "&")),
        data={"_csrf": csrf.group(1), "username": username, "password": password},
        allow_redirects=False,
        timeout=30,
    )
    if posted.status_code != 302:
        alert = _ALERT.search(posted.text)
        message = alert.group(1) if alert else f"HTTP {posted.status_code}"
        raise WorkbookError(f"The login page refused the sign-in of {username!r}: {message}")
    return urljoin(url, posted.headers["Location"])

"""Notebook 09's browser side: an app client for managed login on localhost, the sign-in link
followed to the callback listener, a static browser app served from the kernel, the function's
``ALLOWED_ORIGIN``, and what a browser's CORS check lets a page read.

The app (``notebooks/browser_app/``) is served by ``AppServer`` on ``http://localhost:8766``.
It signs in through managed login with the code grant and PKCE: the server makes the login
link (``/login``), receives the code at ``/callback`` and exchanges it with the verifier, which
never reaches the page; the page reads the ID token from ``/session`` (same origin) and calls
``GET /users`` of the API, a cross-origin call with ``Authorization``: the browser sends a
preflight first (docs/aws-behaviour.md 22.9). ``what_the_browser_sees`` makes the same two
requests with ``requests`` and applies the browser's rule (the Fetch standard's CORS check: a
response is readable only with an ``Access-Control-Allow-Origin`` that is ``*`` or the page's
origin), so a notebook shows what the page shows without a browser.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import requests
from botocore.exceptions import ClientError

from helpers import awslambda, managed_login
from helpers.backend import Workbook
from helpers.config import BROWSER_APP_PORT_VARIABLE, local_port
from helpers.diagnose import explain_cors_failure
from helpers.errors import WorkbookError, aws_failure
from helpers.oauth import domain_url
from helpers.waits import retry_on_error

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp.type_defs import UserPoolClientTypeTypeDef

logger = logging.getLogger(__name__)

APP_DIR = Path(__file__).resolve().parent.parent / "notebooks" / "browser_app"
APP_PORT = local_port(BROWSER_APP_PORT_VARIABLE, 8766)
"""The browser app's port: 8766, or ``WORKBOOK_BROWSER_APP_PORT`` (helpers/config.py)."""
LISTENER_PORT = managed_login.DEFAULT_PORT
APP_ORIGIN = f"http://localhost:{APP_PORT}"
"""``http`` is allowed for ``localhost`` only (docs/aws-behaviour.md 26.15)."""
APP_CALLBACK = f"{APP_ORIGIN}/callback"
APP_SIGNED_OUT = f"{APP_ORIGIN}/signed-out"
LISTENER_CALLBACK = f"http://localhost:{LISTENER_PORT}{managed_login.CALLBACK_PATH}"
OAUTH_FLOWS = ("code", "implicit")
ALLOWED_ORIGIN_VARIABLE = "ALLOWED_ORIGIN"
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
CORS_ERROR = "CORS error: TypeError: Failed to fetch (the browser hides the response)"
"""What the page shows when the browser's CORS check refuses the response (Chromium's
``fetch`` rejects with ``TypeError: Failed to fetch``)."""


@dataclass(frozen=True)
class BrowserClient:
    """A public app client for managed login: code and implicit grants, localhost URLs."""

    id: str
    name: str
    callback_urls: tuple[str, ...]
    logout_urls: tuple[str, ...]
    allowed_flows: tuple[str, ...]
    scopes: tuple[str, ...]


def browser_client_name(wb: Workbook) -> str:
    return f"{wb.prefix}-browser-app"


def _browser_client(item: UserPoolClientTypeTypeDef) -> BrowserClient:
    return BrowserClient(
        id=item["ClientId"],
        name=item["ClientName"],
        callback_urls=tuple(item.get("CallbackURLs", [])),
        logout_urls=tuple(item.get("LogoutURLs", [])),
        allowed_flows=tuple(sorted(item.get("AllowedOAuthFlows", []))),
        scopes=tuple(sorted(item.get("AllowedOAuthScopes", []))),
    )


def create_browser_client(wb: Workbook, pool_id: str) -> BrowserClient:
    """Get or create ``<prefix>-browser-app``: no secret (a browser cannot keep one), the code
    and implicit grants, scopes ``openid email profile``, managed login (``COGNITO``), and the
    callback and sign-out URLs of the listener and the browser app, all on localhost."""
    idp = wb.client("cognito-idp")
    name = browser_client_name(wb)
    settings: dict[str, Any] = {
        "CallbackURLs": [LISTENER_CALLBACK, APP_CALLBACK],
        "LogoutURLs": [APP_SIGNED_OUT],
        "AllowedOAuthFlows": list(OAUTH_FLOWS),
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthScopes": list(managed_login.DEFAULT_SCOPES),
        "SupportedIdentityProviders": ["COGNITO"],
        "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH"],
        "EnableTokenRevocation": True,
    }
    pages = idp.get_paginator("list_user_pool_clients").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 60}
    )
    for page in pages:
        for item in page["UserPoolClients"]:
            if item["ClientName"] == name:
                updated = idp.update_user_pool_client(
                    UserPoolId=pool_id, ClientId=item["ClientId"], ClientName=name, **settings
                )
                return _browser_client(updated["UserPoolClient"])
    try:
        created = idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName=name,
            GenerateSecret=False,
            PreventUserExistenceErrors="ENABLED",
            **settings,
        )
    except ClientError as err:
        raise aws_failure(f"Creating app client '{name}'", err, "Re-run this cell.") from err
    logger.info("Created app client %s", name)
    return _browser_client(created["UserPoolClient"])


def login_prompt(wb: Workbook, link: str, username: str) -> str:
    """What to do with a login link: on AWS, open it; locally the workbook signs in itself."""
    if wb.endpoint_url is None:
        return f"Open this link in your browser and sign in as {username}:\n{link}"
    return f"Local backend: the workbook fills in the emulator's login page as {username}."


def follow_login_link(wb: Workbook, link: str, username: str, password: str) -> None:
    """Locally, do what the learner's browser does with the link: sign in on the emulator's
    login page and follow the redirect to the callback (a code in the query: a GET; tokens in
    the fragment: the listener's page posts them, as its script does). On AWS, nothing: the
    learner clicks."""
    if wb.endpoint_url is None:
        return
    final = managed_login.sign_in_without_browser(wb, link, username, password)
    parts = urlsplit(final)
    local = f"http://127.0.0.1:{parts.port}"
    if parts.fragment:
        requests.post(
            f"{local}{managed_login.FRAGMENT_PATH}",
            data=parts.fragment,
            headers={"Content-Type": "text/plain"},
            timeout=30,
        )
    else:
        requests.get(f"{local}{parts.path}?{parts.query}", timeout=30)


def set_allowed_origin(wb: Workbook, origin: str | None, function_name: str | None = None) -> str:
    """Set (or, with None, remove) the users function's ``ALLOWED_ORIGIN``: with a Lambda proxy
    integration the function's response must carry ``Access-Control-Allow-Origin`` itself
    (docs/aws-behaviour.md 22.9). Waits until the update is done; returns the function name."""
    name = function_name or wb.names.function
    client = wb.client("lambda")
    config = client.get_function_configuration(FunctionName=name)
    variables = dict(config.get("Environment", {}).get("Variables", {}))
    if origin is None:
        changed = variables.pop(ALLOWED_ORIGIN_VARIABLE, None) is not None
    else:
        changed = variables.get(ALLOWED_ORIGIN_VARIABLE) != origin
        variables[ALLOWED_ORIGIN_VARIABLE] = origin
    if not changed:
        return name
    awslambda.wait_function_ready(wb, name)
    retry_on_error(
        lambda: client.update_function_configuration(
            FunctionName=name, Environment={"Variables": variables}
        ),
        code="ResourceConflictException",
        what=f"Updating the environment of function '{name}'",
        waiting_for="the function's previous update to finish",
        next_step="Lambda is still updating the function; re-run this cell in a minute.",
        deadline_s=awslambda.CONFLICT_DEADLINE_S,
    )
    awslambda.wait_function_ready(wb, name, after_update=True)
    logger.info("%s of %s is now %r", ALLOWED_ORIGIN_VARIABLE, name, origin)
    return name


@dataclass(frozen=True)
class BrowserView:
    """What a page at ``origin`` can read of a call, after the browser's CORS check."""

    preflight_status: int | None
    """None: a simple request (no ``Authorization``), sent without a preflight."""
    preflight_allow_origin: str | None
    status: int | None
    """None: the preflight refused, so the browser never sent the call."""
    allow_origin: str | None
    body: str
    readable: bool
    explanation: str | None

    @property
    def page_text(self) -> str:
        """What the browser app prints for this call."""
        return f"HTTP {self.status}: {self.body}" if self.readable else CORS_ERROR


def _allows(allow_origin: str | None, origin: str) -> bool:
    return allow_origin in ("*", origin)


def what_the_browser_sees(url: str, origin: str, token: str | None) -> BrowserView:
    """``GET url`` from a page at ``origin``, as a browser makes it: with a token, a preflight
    ``OPTIONS`` first (``Access-Control-Request-Headers: authorization``), and the call only if
    the preflight succeeded (2xx) and allows the origin; the call is readable only if its own
    response allows the origin. ``explanation`` says what the CORS error really is."""
    preflight_status: int | None = None
    preflight_headers: dict[str, str] = {}
    if token is not None:
        preflight = requests.options(
            url,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
            timeout=30,
        )
        preflight_status, preflight_headers = preflight.status_code, dict(preflight.headers)
        pre_origin = preflight.headers.get("Access-Control-Allow-Origin")
        if not (200 <= preflight_status < 300 and _allows(pre_origin, origin)):
            return BrowserView(
                preflight_status,
                pre_origin,
                None,
                None,
                "",
                False,
                explain_cors_failure(preflight_status, preflight_headers),
            )
    headers = {"Origin": origin} | ({"Authorization": token} if token else {})
    answer = requests.get(url, headers=headers, timeout=30)
    allow_origin = answer.headers.get("Access-Control-Allow-Origin")
    readable = _allows(allow_origin, origin)
    # A simple request has no preflight to refuse: 200 stands for "not refused".
    explanation = (
        None
        if readable
        else explain_cors_failure(
            preflight_status or 200, preflight_headers, answer.status_code, dict(answer.headers)
        )
    )
    return BrowserView(
        preflight_status,
        preflight_headers.get("Access-Control-Allow-Origin"),
        answer.status_code,
        allow_origin,
        answer.text,
        readable,
        explanation,
    )


@dataclass(frozen=True)
class AppSettings:
    """What the browser app needs: where to call, and the managed-login client and domain."""

    api_url: str
    domain: str
    client_id: str


class AppServer:
    """The browser app, served on 127.0.0.1 (``http://localhost:8766``) from the kernel.

    ``GET /`` and ``/app.js``: the static page; ``/config.json``: the API URL; ``/login``: a
    302 to managed login (code grant, a fresh PKCE pair and state, kept in the server);
    ``/callback``: the code, exchanged with the verifier, then a 302 to ``/``; ``/session``:
    the signed-in user's ID and access tokens as JSON (same origin only: no CORS headers);
    ``/logout``: forgets the tokens and sends the browser to Cognito's ``/logout``, which
    clears the session cookie and comes back to ``/signed-out``.
    """

    def __init__(self, wb: Workbook, settings: AppSettings, port: int = APP_PORT) -> None:
        self.wb = wb
        self.settings = settings
        self.origin = f"http://localhost:{port}"
        self._lock = threading.Lock()
        self._pending: dict[str, managed_login.PkcePair] = {}
        self.tokens: managed_login.ManagedLoginTokens | None = None
        self.problem: str | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        logger.info("Browser app served at %s", self.origin)

    @property
    def callback(self) -> str:
        return f"{self.origin}/callback"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> AppServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def login_link(self) -> str:
        """A fresh authorize link (code grant with PKCE) for this app."""
        pkce, state = managed_login.generate_pkce(), managed_login.new_state()
        with self._lock:
            self._pending[state] = pkce
        return managed_login.login_url(
            self.wb,
            self.settings.domain,
            self.settings.client_id,
            self.callback,
            state=state,
            pkce=pkce,
        )

    def logout_link(self) -> str:
        return managed_login.logout_url(
            self.wb, self.settings.domain, self.settings.client_id, f"{self.origin}/signed-out"
        )

    def _receive(self, params: dict[str, str]) -> None:
        with self._lock:
            pkce = self._pending.pop(params.get("state", ""), None)
        if "error" in params or pkce is None or "code" not in params:
            self.problem = (
                f"Sign-in refused: error={params.get('error')!r}"
                if "error" in params
                else "The callback's state is not one this app sent: sign in again."
            )
            return
        try:
            self.tokens = managed_login.exchange_code(
                self.wb,
                self.settings.domain,
                self.settings.client_id,
                params["code"],
                self.callback,
                pkce,
            )
            self.problem = None
        except WorkbookError as err:
            self.problem = str(err)

    def _session(self) -> dict[str, Any]:
        tokens = self.tokens
        if tokens is None:
            return {"signedIn": False, "problem": self.problem}
        return {
            "signedIn": True,
            "idToken": tokens.id_token,
            "accessToken": tokens.access_token,
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        app = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                path = parts.path
                if path in ("/", "/signed-out"):
                    self._static("index.html")
                elif path == "/app.js":
                    self._static("app.js")
                elif path == "/config.json":
                    config = {"apiUrl": app.settings.api_url}
                    self._send(200, json.dumps(config).encode(), "application/json")
                elif path == "/session":
                    body = json.dumps(app._session()).encode()
                    self._send(200, body, "application/json")
                elif path == "/login":
                    self._redirect(app.login_link())
                elif path == "/callback":
                    app._receive({k: v[0] for k, v in parse_qs(parts.query).items()})
                    self._redirect("/")
                elif path == "/logout":
                    app.tokens = None
                    self._redirect(app.logout_link())
                else:
                    self.send_error(404)

            def _static(self, name: str) -> None:
                path = APP_DIR / name
                self._send(200, path.read_bytes(), CONTENT_TYPES[path.suffix])

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug("browser app: " + format, *args)

        return Handler


def sign_in_to_app(app: AppServer, username: str, password: str) -> bool:
    """Locally, what the learner does in the browser: open the app's ``/login``, sign in on the
    emulator's login page, follow the redirect back to ``/callback``. True when the app holds
    tokens. On AWS: open the app and press "Sign in"; this returns whether it has tokens."""
    if app.wb.endpoint_url is not None:
        final = managed_login.sign_in_without_browser(app.wb, app.login_link(), username, password)
        parts = urlsplit(final)
        requests.get(
            f"http://127.0.0.1:{parts.port}{parts.path}?{parts.query}",
            allow_redirects=False,
            timeout=30,
        )
    return app.tokens is not None


def revoke_refresh_token(wb: Workbook, domain: str, client_id: str, refresh_token: str) -> int:
    """``POST /oauth2/revoke``: the refresh token and every token issued from it are revoked
    for Cognito (docs/aws-behaviour.md 26.11). Returns the HTTP status (200)."""
    answer = requests.post(
        f"{domain_url(wb, domain)}/oauth2/revoke",
        data={"token": refresh_token, "client_id": client_id},
        timeout=30,
    )
    return answer.status_code


def userinfo_status(wb: Workbook, domain: str, access_token: str) -> int:
    """``GET /oauth2/userInfo`` with the access token: 200, or 401 once it is revoked."""
    answer = requests.get(
        f"{domain_url(wb, domain)}/oauth2/userInfo",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=30,
    )
    return answer.status_code

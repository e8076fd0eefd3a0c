"""moto's server: its WSGI application, calling it from a hook, and warming it up.

A hook (a row of emulator/urls.py) may let moto answer a request and then complete the
answer; ``call`` runs moto on the request (or on another body) and returns the answer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from moto.moto_server import werkzeug_app
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from emulator.answers import Answer

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Any]

_app: WsgiApp | None = None


def wsgi_app() -> WsgiApp:
    """moto's WSGI application (one per process, made on first use), without its CORS.

    moto's server wraps every service's Flask app in flask_cors' ``CORS(app)`` unless
    ``MOTO_DISABLE_GLOBAL_CORS`` was set when moto.settings was imported
    (moto/moto_server/werkzeug_app.py, ``create_backend_app``): that answers any Origin with
    ``Access-Control-Allow-Origin``, so any web page could read the control plane. AWS's
    control plane sends no CORS headers; the switch is turned off here, before moto makes
    its first app (docs/aws-behaviour.md 25.5)."""
    global _app
    setattr(werkzeug_app, "DISABLE_GLOBAL_CORS", True)  # noqa: B010 (not in its stub)
    if _app is None:
        _app = DomainDispatcherApplication(create_backend_app)
    return _app


def call(environ: dict[str, Any], body: bytes) -> Answer:
    """moto's answer to the request in ``environ`` with ``body`` as its body."""
    environ["wsgi.input"] = io.BytesIO(body)  # moto reads the body again
    environ["CONTENT_LENGTH"] = str(len(body))
    captured: dict[str, Any] = {}

    def capture(status: str, headers: list[tuple[str, str]], *args: Any) -> Callable[[bytes], None]:
        captured["status"], captured["headers"] = status, headers
        return lambda _data: None

    answer = b"".join(wsgi_app()(environ, capture))
    headers = tuple((k, v) for k, v in captured["headers"] if k.lower() != "content-length")
    return Answer(int(captured["status"].split()[0]), headers, answer)


_WARM_UP_CALLS: tuple[tuple[str, str, str, dict[str, str], bytes], ...] = (
    # (service in the credential scope, method, path, headers, body): one cheap read each
    ("apigateway", "GET", "/restapis", {}, b""),
    ("lambda", "GET", "/2015-03-31/functions/", {}, b""),
    (
        "cognito-idp",
        "POST",
        "/",
        {
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
            "Content-Type": "application/x-amz-json-1.1",
        },
        b'{"MaxResults": 1}',
    ),
    (
        "iam",
        "POST",
        "/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"Action=ListRoles&Version=2010-05-08",
    ),
    (
        "sts",
        "POST",
        "/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"Action=GetCallerIdentity&Version=2011-06-15",
    ),
    (
        "logs",
        "POST",
        "/",
        {
            "X-Amz-Target": "Logs_20140328.DescribeLogGroups",
            "Content-Type": "application/x-amz-json-1.1",
        },
        b"{}",
    ),
)


def warm_up(region: str = "us-east-1") -> None:
    """Make one cheap read per service the course uses, so that moto loads each service's
    backend and URL map at start-up rather than on a learner's first call (37-227 ms each)."""
    from werkzeug.datastructures import Headers
    from werkzeug.test import EnvironBuilder

    for service, method, path, headers, body in _WARM_UP_CALLS:
        credential = f"Credential=warmup/20260101/{region}/{service}/aws4_request"
        signed = Headers(headers)
        signed["Authorization"] = f"AWS4-HMAC-SHA256 {credential}, SignedHeaders=host, Signature=0"
        environ = EnvironBuilder(path=path, method=method, headers=signed, data=body).get_environ()
        answer = call(environ, body)
        if answer.status >= 400:
            raise RuntimeError(
                f"warming up moto's {service} failed: {answer.status} {answer.body[:200]!r}"
            )

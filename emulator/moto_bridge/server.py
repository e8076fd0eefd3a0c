"""moto's server: its WSGI application, its request handler, and calling it from a hook.

A hook (a row of emulator/urls.py) may let moto answer a request and then complete the
answer; ``call`` runs moto on the request (or on another body) and returns the answer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

from emulator.answers import Answer

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Any]

_app: WsgiApp | None = None


def wsgi_app() -> WsgiApp:
    """moto's WSGI application (one per process, made on first use)."""
    global _app
    if _app is None:
        _app = DomainDispatcherApplication(create_backend_app)
    return _app


def request_handler_class() -> type[MotoRequestHandler]:
    """The HTTP request handler moto's own server uses (it copes with moto's quirks)."""
    return MotoRequestHandler


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

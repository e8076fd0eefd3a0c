"""The emulator's WSGI application: the URL table's handler answers, else moto does.

Every request first passes the gate (emulator/gate/gate.py: Host, Origin, SigV4), so nothing
reaches a handler or moto unless the emulator's owner sent it. Which handler answers what is
written in one place, emulator/urls.py. Here each answer goes
on the wire, AWS-shaped errors become their answers, and one log line per request is written.
In eventual mode a request first passes the services' quotas (``urls.throttle``).
"""

from __future__ import annotations

import io
import logging
import socket
import struct
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request

from emulator import urls
from emulator.answers import Answer, status_line
from emulator.errors import AwsError, DropConnection
from emulator.gate.credentials import Credentials
from emulator.gate.gate import Gate
from emulator.moto_bridge import server as moto_server
from emulator.state import EmulatorState

log = logging.getLogger("emulator")

StartResponse = Callable[..., Any]
SOCKET_ENVIRON_KEY = "emulator.socket"
"""The client connection's socket, put in the environ by the server (emulator/server.py)."""
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class EmulatorApp:
    def __init__(
        self, state: EmulatorState, gate: Gate | None = None, *, quiet: bool = False
    ) -> None:
        self.state = state
        # No gate given: one with fresh random credentials that nobody knows (closed, not open).
        self.gate = gate or Gate.create(state.port, state.host, Credentials.generate())
        self.quiet = quiet

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request = Request(environ)
        # The whole body, read before any handler or moto (which reads under a global lock)
        # sees the request; the server's size limit and socket timeout bound it.
        body = request.get_data()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        status_holder: list[str] = []

        def recording_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            status_holder.append(status)
            return start_response(status, headers, *args)

        try:
            eventual = self.state.consistency.eventual
            try:
                self.gate.check(request)
                if eventual:
                    urls.throttle(self.state, request)
            except AwsError as err:
                return _response(err.answer())(environ, recording_start)
            resolved = urls.resolve(request, eventual=eventual)
            if resolved is None:
                if eventual:  # the throttles and rows may have read the body: moto reads it
                    environ["wsgi.input"] = io.BytesIO(request.get_data())
                moto_answer: Iterable[bytes] = moto_server.wsgi_app()(environ, recording_start)
                return moto_answer
            handler, matched = resolved
            try:
                answer = handler(self.state, request, matched)
            except AwsError as err:
                answer = err.answer()
            except DropConnection as drop:
                _reset_connection(environ)
                raise ConnectionResetError(str(drop)) from drop
            return _response(answer)(environ, recording_start)
        finally:
            if not self.quiet:
                status = status_holder[0].split(" ")[0] if status_holder else "-"
                log.info(
                    "%s %s %s %.1fms",
                    request.method,
                    request.path,
                    status,
                    (time.perf_counter() - started) * 1000,
                )


def _response(answer: Answer) -> WsgiApp:
    """The answer as a WSGI app that sends it as werkzeug's Response would, without building
    one (about 0.1 ms a request): the usual reason phrase (werkzeug would send "401
    UNAUTHORIZED"), the headers as the handler wrote them plus Content-Length, and no body
    for HEAD, 1xx and 204."""

    def send(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status = answer.status
        headers = list(answer.headers)
        for name, value in headers:
            if "\n" in value or "\r" in value or "\n" in name or "\r" in name:
                raise ValueError("Header values must not contain newline characters.")
        no_body = 100 <= status < 200 or status == 204
        if no_body:
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        elif not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Content-Length", str(len(answer.body))))
        start_response(status_line(status), headers)
        return [] if no_body or environ.get("REQUEST_METHOD") == "HEAD" else [answer.body]

    return send


def _reset_connection(environ: dict[str, Any]) -> None:
    """Close the client's connection without an HTTP answer (a reset, as linger is 0); the
    server treats the ConnectionResetError raised next as a dropped connection."""
    connection = environ.get(SOCKET_ENVIRON_KEY)
    if isinstance(connection, socket.socket):
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.shutdown(socket.SHUT_RDWR)

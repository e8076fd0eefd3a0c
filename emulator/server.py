"""Serving the emulator on one loopback port with cheroot.

Why cheroot (measured side by side with werkzeug's development server and waitress in
benchmarks/bench_servers.py; numbers in benchmarks/results.md): it keeps connections alive
(werkzeug's development server closes every one), it has socket timeouts and request size
limits, and it sends header names as the app wrote them (waitress Title-Cases them, so
`x-amzn-ErrorType` would reach the client as `X-Amzn-Errortype`). The app reads each body
whole before any handler, or moto, sees the request (emulator/app.py). One process, one
in-memory state.

WSGI hands headers over as ``HTTP_X_Y`` keys, which lose the casing and the repeats the
client sent; API Gateway passes both on to the function (docs/aws-behaviour.md 3.4). So the
server keeps the request's header lines as they came, in order, and puts them in the environ
under ``emulator.wire.RAW_HEADERS_KEY``: a small request class records what cheroot's own
header reader reads, and a gateway class copies it into the environ.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Any

from cheroot import server as cheroot_server
from cheroot import wsgi

from emulator.app import SOCKET_ENVIRON_KEY, EmulatorApp
from emulator.awslambda.runtime.sandbox import harden_emulator_process
from emulator.consistency import Settings
from emulator.gate import open_operations
from emulator.gate.credentials import Credentials, usage_line, write_credentials_file
from emulator.gate.gate import Gate
from emulator.gate.paths import write_private_file
from emulator.moto_bridge import (
    check_deferred_package_still_deferred,
    check_moto_version,
    check_optional_imports_kept_out,
)
from emulator.moto_bridge.cognito import speed_up_user_pool_creation
from emulator.moto_bridge.server import warm_up
from emulator.state import EmulatorState
from emulator.wire import RAW_HEADERS_KEY

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4577
WORKER_THREADS = 32
"""Requests served at once; a Lambda invocation holds its thread while the function runs."""
SOCKET_TIMEOUT_S = 30
"""A client that sends nothing for this long (mid-request or between keep-alive requests)
is disconnected."""
MAX_REQUEST_BODY_BYTES = 80 * 2**20
"""Above the largest body the course's AWS calls can send: a 50 MB zip, base64 in JSON."""
MAX_REQUEST_HEADER_BYTES = 64 * 2**10


RawHeaders = tuple[tuple[str, str], ...]


def raw_header_pairs(lines: list[bytes]) -> RawHeaders:
    """(name, value) for each header line as sent, in order, repeats kept; a continuation
    line (obsolete folding) joins the previous value with a space."""
    pairs: list[tuple[str, str]] = []
    for line in lines:
        if line in (b"\r\n", b""):
            break
        text = line.decode("iso-8859-1").rstrip("\r\n")
        if text[:1] in (" ", "\t") and pairs:
            name, value = pairs[-1]
            pairs[-1] = (name, f"{value} {text.strip()}")
            continue
        name, colon, value = text.partition(":")
        if colon:
            pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


class _LineRecorder:
    """The request stream as cheroot's header reader sees it, keeping each line it reads."""

    def __init__(self, rfile: Any) -> None:
        self.rfile = rfile
        self.lines: list[bytes] = []

    def readline(self, *args: Any) -> bytes:
        line: bytes = self.rfile.readline(*args)
        self.lines.append(line)
        return line


class _RecordingHeaderReader(cheroot_server.HeaderReader):
    """cheroot's header reader (all its checks), also keeping the raw lines for the request."""

    def __init__(self, request: _RawHeadersRequest) -> None:
        self.request = request

    def __call__(self, rfile: Any, hdict: Any = None) -> Any:
        recorder = _LineRecorder(rfile)
        parsed = super().__call__(recorder, hdict)
        self.request.raw_headers = raw_header_pairs(recorder.lines)
        return parsed


class _RawHeadersRequest(cheroot_server.HTTPRequest):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw_headers: RawHeaders = ()
        self.header_reader = _RecordingHeaderReader(self)


class _RawHeadersConnection(cheroot_server.HTTPConnection):
    RequestHandlerClass = _RawHeadersRequest


class _RawHeadersGateway(wsgi.Gateway_10):
    """cheroot's WSGI 1.0 gateway, also handing the app the header lines as sent
    (``emulator.raw_headers``) and the connection's socket (``emulator.socket``, so that a
    handler can drop a connection without an answer)."""

    def get_environ(self) -> Any:  # cheroot's stub says None; it is the environ dict
        environ: dict[str, Any] = super().get_environ()  # type: ignore[no-untyped-call]
        environ[RAW_HEADERS_KEY] = getattr(self.req, "raw_headers", ())
        environ[SOCKET_ENVIRON_KEY] = self.req.conn.socket
        return environ


class PortInUseError(OSError):
    """The port is taken (often by an emulator that is already running)."""


class _Stop(SystemExit):
    """SIGTERM or SIGINT: leave the serving loop."""


def build_server(
    host: str,
    port: int,
    *,
    quiet: bool = False,
    settings: Settings | None = None,
    credentials: Credentials | None = None,
    allowed_origins: Iterable[str] = (),
    enforce_iam: bool = False,
) -> tuple[wsgi.Server, EmulatorState]:
    """The server, not yet serving. ``credentials`` (fresh random ones by default) are the only
    ones the control plane accepts, and with ``enforce_iam`` also the emulator's IAM users'
    keys, each call of theirs authorized against their policies (docs/aws-behaviour.md
    section 28); ``allowed_origins`` the only web origins it answers."""
    check_moto_version()
    speed_up_user_pool_creation()
    bound_port = _free_or_given(host, port)
    emulator = EmulatorState.create(bound_port, host, settings)
    gate = Gate.create(
        bound_port,
        host,
        credentials or Credentials.generate(),
        allowed_origins,
        enforce_iam=enforce_iam,
    )
    server = wsgi_server(host, bound_port, EmulatorApp(emulator, gate, quiet=quiet))
    try:
        server.prepare()
    except OSError as err:
        if "in use" in str(err).lower() or getattr(err, "errno", None) == errno.EADDRINUSE:
            raise PortInUseError(
                errno.EADDRINUSE, f"port {port} on {host} is already in use"
            ) from err
        raise
    check_optional_imports_kept_out()
    check_deferred_package_still_deferred()
    # Loading moto's services takes about 0.4 s; do it beside serving, not before it. The
    # operations AWS serves unsigned come from botocore's models (about 0.1 s): the same.
    threading.Thread(target=warm_up, name="moto-warm-up", daemon=True).start()
    threading.Thread(target=open_operations.open_targets, name="gate-warm-up", daemon=True).start()
    return server, emulator


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_server(host: str, port: int, app: WsgiApp) -> wsgi.Server:
    """cheroot configured as the emulator serves (also the benchmarks' floor server)."""
    server = wsgi.Server(
        (host, port),
        app,
        numthreads=WORKER_THREADS,
        request_queue_size=1024,
        timeout=SOCKET_TIMEOUT_S,
        server_name="emulator",
    )
    server.ConnectionClass = _RawHeadersConnection
    server.gateway = _RawHeadersGateway
    server.max_request_body_size = MAX_REQUEST_BODY_BYTES
    server.max_request_header_size = MAX_REQUEST_HEADER_BYTES
    return server


def _free_or_given(host: str, port: int) -> int:
    """The port to serve on: ``port``, or a free one for 0 (the state needs it up front).

    A taken port is one clear line, not a server's traceback."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise PortInUseError(err.errno, f"port {port} on {host} is already in use") from err
            raise
        return int(probe.getsockname()[1])


def serve(
    host: str,
    port: int,
    *,
    credentials_file: Path,
    quiet: bool = False,
    settings: Settings | None = None,
    url_file: Path | None = None,
    allowed_origins: Iterable[str] = (),
    enforce_iam: bool = False,
) -> int:
    """Serve until SIGTERM or SIGINT. The fresh credentials go to ``credentials_file`` (0600,
    profile ``emulator``) before the first request can arrive; ``url_file``, if given, gets
    ``{"url": ..., "pid": ...}`` (how a ``--port 0`` caller learns where it is)."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(message)s",
        datefmt="%H:%M:%S",
    )
    harden_emulator_process()  # not dumpable, a child subreaper (emulator/README.md, Sandbox)
    try:
        credentials = Credentials.generate()
        server, emulator = build_server(
            host,
            port,
            quiet=quiet,
            settings=settings,
            credentials=credentials,
            allowed_origins=allowed_origins,
            enforce_iam=enforce_iam,
        )
    except PortInUseError as err:
        print(
            f"emulator: {err.strerror}; is an emulator already running? "
            f"Try `curl http://{host}:{port}/_emulator/health` or pass --port N.",
            file=sys.stderr,
        )
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    # From the moment the handlers are installed, a SIGTERM may come at any line (a test's
    # stop right after the ready line): everything after them is inside the try, so the
    # server's non-daemon worker threads are always stopped and the process always exits.
    try:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        url = f"http://{host}:{emulator.port}"
        write_credentials_file(credentials_file, credentials)
        if url_file is not None:
            write_private_file(url_file, json.dumps({"url": url, "pid": os.getpid()}) + "\n")
        print(f"emulator: ready on {url} (AWS_ENDPOINT_URL={url})", flush=True)
        print(usage_line(credentials_file, url), flush=True)
        if enforce_iam:
            print(
                "emulator: IAM enforced for the IAM users' access keys (docs/aws-behaviour.md "
                "section 28)",
                flush=True,
            )
        if emulator.settings.eventual:
            print(
                f"emulator: consistency eventual, delay scale {emulator.settings.delay_scale:g} "
                "(docs/aws-behaviour.md section 21)",
                flush=True,
            )
        server.serve()
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            emulator.runtime.shutdown()
        finally:
            server.stop()
    return 0

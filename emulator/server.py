"""Serving the emulator on one loopback port with cheroot.

Why cheroot (measured side by side with werkzeug's development server and waitress in
benchmarks/bench_servers.py; numbers in benchmarks/results.md): it keeps connections alive
(werkzeug's development server closes every one), it has socket timeouts and request size
limits, and it sends header names as the app wrote them (waitress Title-Cases them, so
`x-amzn-ErrorType` would reach the client as `X-Amzn-Errortype`). The app reads each body
whole before any handler, or moto, sees the request (emulator/app.py). One process, one
in-memory state.
"""

from __future__ import annotations

import errno
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from cheroot import wsgi

from emulator.app import EmulatorApp
from emulator.moto_bridge import (
    check_deferred_package_still_deferred,
    check_moto_version,
    check_optional_imports_kept_out,
)
from emulator.moto_bridge.cognito import speed_up_user_pool_creation
from emulator.moto_bridge.server import warm_up
from emulator.state import EmulatorState

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

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PortInUseError(OSError):
    """The port is taken (often by an emulator that is already running)."""


class _Stop(SystemExit):
    """SIGTERM or SIGINT: leave the serving loop."""


def build_server(host: str, port: int, *, quiet: bool = False) -> tuple[wsgi.Server, EmulatorState]:
    check_moto_version()
    speed_up_user_pool_creation()
    bound_port = _free_or_given(host, port)
    emulator = EmulatorState.create(bound_port, host)
    server = wsgi_server(host, bound_port, EmulatorApp(emulator, quiet=quiet))
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
    # Loading moto's services takes about 0.4 s; do it beside serving, not before it.
    threading.Thread(target=warm_up, name="moto-warm-up", daemon=True).start()
    return server, emulator


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


def serve(host: str, port: int, *, quiet: bool = False) -> int:
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(message)s",
        datefmt="%H:%M:%S",
    )
    try:
        server, emulator = build_server(host, port, quiet=quiet)
    except PortInUseError as err:
        print(
            f"emulator: {err.strerror}; is an emulator already running? "
            f"Try `curl http://{host}:{port}/_emulator/health` or pass --port N.",
            file=sys.stderr,
        )
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"emulator: ready on http://{host}:{emulator.port} "
        f"(AWS_ENDPOINT_URL=http://{host}:{emulator.port})",
        flush=True,
    )
    try:
        server.serve()
    except _Stop:
        pass
    finally:
        emulator.runtime.shutdown()
        server.stop()
    return 0

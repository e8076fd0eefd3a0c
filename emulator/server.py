"""Serving the emulator on one loopback port with werkzeug's threaded server."""

from __future__ import annotations

import errno
import logging
import signal
import socket
import sys
import threading
from types import FrameType

from werkzeug.serving import BaseWSGIServer, make_server

from emulator.app import EmulatorApp
from emulator.consistency import Settings
from emulator.moto_bridge import check_moto_version
from emulator.moto_bridge import server as moto_server
from emulator.moto_bridge.cognito import speed_up_user_pool_creation
from emulator.state import EmulatorState

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4577


class PortInUseError(OSError):
    """The port is taken (often by an emulator that is already running)."""


class _QuietHandler(moto_server.request_handler_class()):  # type: ignore[misc]
    """The app logs one short line per request; werkzeug's own access log is off."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def build_server(
    host: str, port: int, *, quiet: bool = False, settings: Settings | None = None
) -> tuple[BaseWSGIServer, EmulatorState]:
    check_moto_version()
    speed_up_user_pool_creation()
    listener = _bind(host, port)
    bound_port = int(listener.getsockname()[1])
    emulator = EmulatorState.create(bound_port, host, settings)
    server = make_server(
        host,
        bound_port,
        EmulatorApp(emulator, quiet=quiet),
        threaded=True,
        request_handler=_QuietHandler,
        fd=listener.fileno(),
    )
    listener.detach()  # the server owns the descriptor now
    return server, emulator


def _bind(host: str, port: int) -> socket.socket:
    """Bind here rather than in werkzeug, which prints its own two-line error and exits."""
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as err:
        listener.close()
        if err.errno == errno.EADDRINUSE:
            raise PortInUseError(err.errno, f"port {port} on {host} is already in use") from err
        raise
    listener.listen(128)
    return listener


def serve(host: str, port: int, *, quiet: bool = False, settings: Settings | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(message)s",
        datefmt="%H:%M:%S",
    )
    try:
        server, emulator = build_server(host, port, quiet=quiet, settings=settings)
    except PortInUseError as err:
        print(
            f"emulator: {err.strerror}; is an emulator already running? "
            f"Try `curl http://{host}:{port}/_emulator/health` or pass --port N.",
            file=sys.stderr,
        )
        return 1

    def stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"emulator: ready on http://{host}:{server.server_address[1]} "
        f"(AWS_ENDPOINT_URL=http://{host}:{server.server_address[1]})",
        flush=True,
    )
    if emulator.settings.eventual:
        print(
            f"emulator: consistency eventual, delay scale {emulator.settings.delay_scale:g} "
            "(docs/aws-behaviour.md section 21)",
            flush=True,
        )
    try:
        server.serve_forever()
    finally:
        emulator.runtime.shutdown()
        server.server_close()
    return 0

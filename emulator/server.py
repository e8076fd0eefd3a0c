"""Serving the emulator on one loopback port with werkzeug's threaded server."""

from __future__ import annotations

import errno
import logging
import signal
import sys
import threading
from types import FrameType

from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import BaseWSGIServer, make_server

from emulator import moto_bridge
from emulator.app import Emulator, EmulatorApp

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4577


class PortInUseError(OSError):
    """The port is taken (often by an emulator that is already running)."""


class _QuietHandler(MotoRequestHandler):
    """The app logs one short line per request; werkzeug's own access log is off."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def build_server(host: str, port: int, *, quiet: bool = False) -> tuple[BaseWSGIServer, Emulator]:
    moto_bridge.check_moto_version()
    try:
        server = make_server(host, port, None, threaded=True, request_handler=_QuietHandler)  # type: ignore[arg-type]
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise PortInUseError(err.errno, f"port {port} on {host} is already in use") from err
        raise
    emulator = Emulator.create(server.server_port, host)
    server.app = EmulatorApp(emulator, quiet=quiet)
    return server, emulator


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
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"emulator: ready on http://{host}:{server.server_port} "
        f"(AWS_ENDPOINT_URL=http://{host}:{server.server_port})",
        flush=True,
    )
    try:
        server.serve_forever()
    finally:
        emulator.runtime.shutdown()
        server.server_close()
    return 0

"""Serve a WSGI app under a candidate server, for bench_servers.py.

    python benchmarks/serve_candidate.py SERVER APP

SERVER: werkzeug, waitress or cheroot (configured as the emulator serves:
emulator.server.wsgi_server). APP: `emulator` (the emulator's app) or `floor` (the cost of the
server alone: a constant 200, and on POST /echo the request body read whole and sent back).
Prints `ready on http://127.0.0.1:PORT ` once listening, like `python -m emulator`, and serves
until killed.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def floor_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    body = b'{"message":"floor"}'
    if environ.get("PATH_INFO") == "/echo":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


def emulator_app(port: int) -> WsgiApp:
    from emulator.app import EmulatorApp
    from emulator.moto_bridge.cognito import speed_up_user_pool_creation
    from emulator.state import EmulatorState

    speed_up_user_pool_creation()
    return EmulatorApp(EmulatorState.create(port), quiet=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    server_name, app_name = sys.argv[1], sys.argv[2]
    port = free_port()
    app = floor_app if app_name == "floor" else emulator_app(port)
    print(f"ready on http://127.0.0.1:{port} ", flush=True)
    if server_name == "werkzeug":
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", port, app, threaded=True)
    elif server_name == "waitress":
        import waitress

        waitress.serve(app, host="127.0.0.1", port=port, threads=16, _quiet=True)
    elif server_name == "cheroot":
        from emulator.server import wsgi_server

        wsgi_server("127.0.0.1", port, app).start()
    else:
        raise SystemExit(f"unknown server {server_name}")


def start_candidate(server: str, app: str) -> tuple[subprocess.Popen[str], str]:
    """Run this script for ``server`` and ``app`` in a child process; (child, URL) once it
    answers."""
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), server, app],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    url = child.stdout.readline().split("ready on ", 1)[1].strip()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/", timeout=1)
            return child, url
        except requests.ConnectionError:
            time.sleep(0.05)
    child.kill()
    raise RuntimeError(f"{server}/{app} did not start")


if __name__ == "__main__":
    main()

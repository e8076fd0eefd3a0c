"""Serve a WSGI app under a candidate server, for bench_servers.py.

    python benchmarks/serve_candidate.py SERVER APP

SERVER: werkzeug, waitress or cheroot. APP: `emulator` (the emulator's app) or `floor` (a
constant 200, the cost of the server alone). Prints `ready on http://127.0.0.1:PORT ` once
listening, like `python -m emulator`, and serves until killed.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def floor_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    body = b'{"message":"floor"}'
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
        from cheroot import wsgi

        server = wsgi.Server(("127.0.0.1", port), app, numthreads=16)
        server.start()
    else:
        raise SystemExit(f"unknown server {server_name}")


if __name__ == "__main__":
    main()

"""nbval runs: one emulator for all notebooks, shared by every kernel through the environment.

``pytest --nbval notebooks/`` loads this file first. The kernels inherit ``os.environ``, so
setting ``WORKBOOK_EMULATOR_URL`` here points every notebook at this session's emulator.
``WORKBOOK_PREFIX=alice`` matches the committed outputs. With ``WORKBOOK_BACKEND=aws`` nothing
is started.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
_process: subprocess.Popen[bytes] | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _process
    # Kernels run in notebooks/; make them import this checkout's helpers.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    if os.environ.get("WORKBOOK_BACKEND", "local").lower() == "aws":
        return
    import sys

    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from helpers.backend import start_emulator

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log_path = Path(tempfile.mkdtemp(prefix="nbval-emulator-")) / "emulator.log"
    _process = start_emulator(port, log_path=log_path)
    os.environ.update(
        {
            "WORKBOOK_BACKEND": "local",
            "WORKBOOK_EMULATOR_URL": f"http://127.0.0.1:{port}",
            "WORKBOOK_PREFIX": "alice",
            "WORKBOOK_REGION": "us-east-1",
        }
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _process is None:
        return
    _process.terminate()
    try:
        _process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _process.kill()

"""Shared fixtures: one local emulator per test session, on a free port.

The session fixture sets ``WORKBOOK_EMULATOR_URL`` (and the backend, region and prefix) in
``os.environ``, so everything started from the tests (helpers, kernels) uses that emulator.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# tests/helpers/ must never shadow the real `helpers` package.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from helpers import cleanup, connect, load_config  # noqa: E402
from helpers.backend import Workbook, start_emulator  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def emulator_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``python -m emulator --port <free> --quiet`` once; stop it after the session."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("emulator") / "emulator.log"
    process = start_emulator(port, log_path=log_path)
    url = f"http://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in ("WORKBOOK_EMULATOR_URL", "WORKBOOK_BACKEND")}
    os.environ["WORKBOOK_EMULATOR_URL"] = url
    os.environ["WORKBOOK_BACKEND"] = "local"
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def wb(emulator_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workbook]:
    """A Workbook on the session's emulator with a prefix of its own; cleaned up after."""
    monkeypatch.setenv("WORKBOOK_PREFIX", f"t{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("WORKBOOK_REGION", "us-east-1")
    workbook = connect(load_config())
    yield workbook
    cleanup.delete_everything(workbook)

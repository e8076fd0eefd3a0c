"""One emulator per test session (per worker under pytest-xdist), shared by the unit tests and
by nbval's notebook kernels.

It runs as its own process (`python -m emulator --port 0`), as a learner runs it, so no test's
in-process moto mock can disturb its state. Its credentials file (in a temp dir) is exported
as AWS_SHARED_CREDENTIALS_FILE with AWS_PROFILE=emulator, and the fake AWS_* keys are removed,
so every client signs with the emulator's own credentials. Its URL is exported as
WORKBOOK_EMULATOR_URL before any kernel starts, so the notebooks find it through helpers'
normal backend selection.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator.process import EmulatorProcess

_KEY_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
"""Removed: nothing may silently sign with keys other than the emulator's."""


_session_emulator: EmulatorProcess | None = None
_session_state_dir: Path | None = None


def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    """Start the emulator only when a collected test needs it: notebooks, or tests that
    use the `emulator_url` fixture. Pure unit tests run without it."""
    global _session_emulator
    if os.environ.get("WORKBOOK_BACKEND", "local") != "local":
        return
    needs = any(
        item.path.suffix == ".ipynb" or "emulator_url" in getattr(item, "fixturenames", ())
        for item in items
    )
    if not needs:
        return
    for name in _KEY_VARIABLES:
        os.environ.pop(name, None)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    # connect() keeps its state (and any emulator it starts) in a private dir of the session's
    global _session_state_dir
    if "WORKBOOK_STATE_DIR" not in os.environ:
        _session_state_dir = Path(tempfile.mkdtemp(prefix="workbook-state-"))
        os.environ["WORKBOOK_STATE_DIR"] = str(_session_state_dir)
    _session_emulator = EmulatorProcess(**_emulator_consistency())
    # boto3, the AWS CLI and helpers' connect() all find the emulator's credentials here
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(_session_emulator.credentials_file)
    os.environ["AWS_PROFILE"] = "emulator"
    os.environ["WORKBOOK_EMULATOR_URL"] = _session_emulator.url
    os.environ["WORKBOOK_BACKEND"] = "local"
    # Notebook kernels start in notebooks/: let them import this checkout's helpers.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        path
        for path in (str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH"))
        if path
    )


def _emulator_consistency() -> dict[str, Any]:
    """``WORKBOOK_TEST_CONSISTENCY=eventual`` (and ``WORKBOOK_TEST_DELAY_SCALE``) run the
    session's emulator as AWS behaves over time (docs/aws-behaviour.md section 21);
    `make notebooks-eventual` does, so the course is proved to survive it."""
    consistency = os.environ.get("WORKBOOK_TEST_CONSISTENCY")
    scale = os.environ.get("WORKBOOK_TEST_DELAY_SCALE")
    settings: dict[str, Any] = {}
    if consistency:
        settings["consistency"] = consistency
    if scale:
        settings["delay_scale"] = float(scale)
    return settings


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _session_emulator is not None:
        _session_emulator.stop()
    if _session_state_dir is not None:  # an emulator a test's connect() started, detached
        try:
            recorded = json.loads(
                (_session_state_dir / "workbook-emulator/emulator.json").read_text()
            )
            os.kill(int(recorded["pid"]), signal.SIGTERM)
        except (OSError, ValueError, KeyError, TypeError):
            pass


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    """The URL of this session's emulator (http://127.0.0.1:PORT)."""
    if _session_emulator is None:
        pytest.skip("WORKBOOK_BACKEND is not local: no emulator in this session")
    yield _session_emulator.url

"""nbval runs: every notebook uses the session's emulator (started by the root conftest.py)
and the prefix `alice`, which the committed outputs were made with. Kernels inherit
os.environ, so this must be set before the first kernel starts, i.e. at session start."""

from __future__ import annotations

import os

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ["WORKBOOK_PREFIX"] = "alice"
    os.environ.setdefault("WORKBOOK_REGION", "us-east-1")

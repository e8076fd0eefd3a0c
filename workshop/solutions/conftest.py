"""nbval runs of the exercises' solutions: the prefix `alice` and region us-east-1 the committed
outputs were made with, as notebooks/conftest.py sets them for the course. The session's
emulator comes from the root conftest.py (a fresh one: each solution builds what it needs with
``exercises.ensure_stack``). Kernels inherit os.environ, so this runs at session start."""

from __future__ import annotations

import os

import pytest

from tools import parity_report


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ["WORKBOOK_PREFIX"] = parity_report.COMMITTED.prefix
    os.environ.setdefault("WORKBOOK_REGION", parity_report.COMMITTED.region)

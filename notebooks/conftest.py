"""nbval runs: every notebook uses the session's emulator (started by the root conftest.py)
and the prefix `alice`, which the committed outputs were made with. Kernels inherit
os.environ, so this must be set before the first kernel starts, i.e. at session start.

Once the last notebook cell has run, in a session that ran the whole course on the local
backend, the checkpoints every cell showed are written to the parity report
.workbook/parity/local.jsonl (tools/parity_report.py), from the outputs nbval collected:
nothing runs twice. Test files named after notebooks/ on the command line run after that, so
`make notebooks` checks the report's shape (tests/tools/test_local_parity_report.py) in the
same session. `make parity` compares it with an AWS run's report.
"""

from __future__ import annotations

import os

import pytest

from tools import parity_report
from tools.check_notebook_pairs import NOTEBOOKS, find_pairs

_parity_summary: str | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    os.environ["WORKBOOK_PREFIX"] = parity_report.COMMITTED.prefix
    os.environ.setdefault("WORKBOOK_REGION", parity_report.COMMITTED.region)


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After the last notebook cell of the session, write the local parity report."""
    if parity_report.is_nbval_cell(item) and not parity_report.is_nbval_cell(nextitem):
        write_local_report(item.session)


def write_local_report(session: pytest.Session) -> None:
    """Write the report if this session ran every notebook of the course on the emulator."""
    global _parity_summary
    if os.environ.get("WORKBOOK_BACKEND", "local") != "local":
        return
    checkpoints = parity_report.nbval_checkpoints(session.items, parity_report.normaliser())
    course = [pair.name for pair in find_pairs(NOTEBOOKS)]
    path = parity_report.report_path("local")
    if sorted(checkpoints) != course:
        _parity_summary = (
            f"Parity report not written: it needs the whole course, this run had "
            f"{len(checkpoints)} of {len(course)} notebooks ({path} is unchanged)."
        )
        return
    count = parity_report.write_report(path, (c for name in course for c in checkpoints[name]))
    _parity_summary = f"Parity report: {path.relative_to(parity_report.ROOT)} ({count} checkpoints)"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _parity_summary is not None:
        terminalreporter.write_line(_parity_summary)

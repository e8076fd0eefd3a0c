"""The parity report that nbval has just written (notebooks/conftest.py): it lists every
checkpoint of the committed notebooks, in course order, each with its fields, and on the
local backend every one of them passes.

`make notebooks` names this module after notebooks/ in its nbval session, with
WORKBOOK_PARITY_REPORT set to the report, so it runs once the last notebook cell has run and
the report is written. Without that setting (`make unit`) the module is skipped: a report left
by an older run may not match the notebooks of this checkout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from tools.check_notebook_pairs import NOTEBOOKS, find_pairs
from tools.parity_report import (
    FAIL_MARK,
    FIELDS,
    PASS,
    Checkpoint,
    normaliser,
    notebook_checkpoints,
    read_report,
)

COURSE = [pair.name for pair in find_pairs(NOTEBOOKS)]
REPORT_SETTING = os.environ.get("WORKBOOK_PARITY_REPORT")
if REPORT_SETTING is None:
    pytest.skip(
        "checks the report a notebook run has just written; make notebooks sets "
        "WORKBOOK_PARITY_REPORT",
        allow_module_level=True,
    )
REPORT = Path(REPORT_SETTING)


@pytest.fixture(scope="module")
def report() -> list[Checkpoint]:
    return read_report(REPORT)


def committed_checkpoints() -> list[tuple[str, str]]:
    """(notebook, cell id) of every checkpoint the committed notebooks show, in course order."""
    clean = normaliser()
    keys = []
    for pair in find_pairs(NOTEBOOKS):
        notebook = nbformat.read(pair.ipynb, as_version=4)
        keys += [c.key for c in notebook_checkpoints(pair.name, notebook, {}, clean)]
    return keys


def test_every_notebook_of_the_course_has_checkpoints_in_the_report(
    report: list[Checkpoint],
) -> None:
    assert sorted({c.notebook for c in report}) == COURSE


def test_the_report_lists_the_committed_checkpoints_in_course_order(
    report: list[Checkpoint],
) -> None:
    assert [c.key for c in report] == committed_checkpoints()


def test_every_record_has_the_fields_of_a_checkpoint() -> None:
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    assert lines
    assert [n for n, line in enumerate(lines, 1) if list(json.loads(line)) != list(FIELDS)] == []


def test_every_checkpoint_has_a_label(report: list[Checkpoint]) -> None:
    assert [c.name for c in report if not c.label] == []


def test_every_checkpoint_shows_a_mark_or_an_http_status(report: list[Checkpoint]) -> None:
    assert [c.name for c in report if not (c.marks or c.http)] == []


def test_every_checkpoint_ran_and_passed_on_the_local_backend(report: list[Checkpoint]) -> None:
    assert [(c.name, c.result) for c in report if c.result != PASS] == []


def test_no_check_line_shows_a_fail_mark_on_the_local_backend(report: list[Checkpoint]) -> None:
    failed = [line for c in report for line in c.marks if line.startswith(FAIL_MARK)]
    assert failed == []


def test_no_checkpoint_raised_on_the_local_backend(report: list[Checkpoint]) -> None:
    assert [(c.name, c.error) for c in report if c.error is not None] == []


def test_no_http_line_shows_a_skipped_attempt_on_the_local_backend(
    report: list[Checkpoint],
) -> None:
    assert [(c.name, h.what) for c in report for h in c.http if h.status is None] == []

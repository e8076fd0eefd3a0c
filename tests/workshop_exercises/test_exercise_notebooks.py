"""Each exercise notebook (workshop/exercises/), run as a learner runs it without writing the
fix: its checkpoint cell, and only that cell, fails with ❌ and CheckpointFailed, and the
clean-up cell after it still runs. The solutions pass under nbval (workshop/solutions)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers import cleanup, connect, load_config
from tools.check_notebook_pairs import find_pairs

EXERCISES = Path(__file__).resolve().parents[2] / "workshop" / "exercises"
CHECKPOINT = "exercises.show_grade("


@pytest.fixture(scope="module")
def prefix(emulator_url: str) -> Iterator[str]:
    """A prefix of the module's own, in the environment the kernels inherit: the first
    exercise builds the stack, the others reuse it, as a learner's do; cleaned up after."""
    name = f"x{uuid.uuid4().hex[:8]}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKBOOK_PREFIX", name)
        patch.setenv("WORKBOOK_REGION", "us-east-1")
        yield name
        cleanup.delete_everything(connect(load_config()))


def _errors(cell: NotebookNode) -> list[str]:
    return [str(o.get("ename")) for o in cell.get("outputs", []) if o.output_type == "error"]


def _stdout(cell: NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


@pytest.mark.parametrize("name", [pair.name for pair in find_pairs(EXERCISES)])
def test_the_exercise_without_its_fix_fails_only_at_its_checkpoint(name: str, prefix: str) -> None:
    notebook = nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        allow_errors=True,
        resources={"metadata": {"path": str(EXERCISES)}},
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    failed = {index: _errors(cell) for index, cell in enumerate(code) if _errors(cell)}
    checkpoint = next(i for i, cell in enumerate(code) if CHECKPOINT in cell.source)
    assert failed == {checkpoint: ["CheckpointFailed"]}
    assert _stdout(code[checkpoint]).startswith("❌ ")
    assert "\nRestored: " in "\n" + _stdout(code[-1])

"""The committed notebooks: executed, error-free, free of secrets, and re-made as
tools/execute_notebooks.py makes them (no timings, no widget state, counts 1..n)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
WHOLE_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def output_text(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(str(output.get("text", "")))
            parts.extend(str(v) for v in output.get("data", {}).values())
    return "\n".join(parts)


def test_the_course_has_its_eleven_notebooks() -> None:
    assert [p.stem for p in NOTEBOOKS] == [
        "00_setup",
        "01_lambda",
        "02_rest_api",
        "03_deploy",
        "04_cognito_authorizer",
        "05_user_and_token",
        "06_attack_your_api",
        "07_groups_and_scopes",
        "08_lambda_authorizer",
        "09_hosted_ui_and_browser",
        "99_cleanup",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_has_been_executed_without_errors(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells)
    assert not [o for c in code_cells for o in c.outputs if o.output_type == "error"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_contain_no_whole_token(path: Path) -> None:
    assert WHOLE_JWT.search(output_text(path)) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_never_print_a_password(path: Path) -> None:
    assert re.search(r"password\s*[:=]\s*(?!generated)\S", output_text(path), re.IGNORECASE) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_cell_records_execution_timings(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert [c.id for c in notebook.cells if "execution" in c.metadata] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_widget_state_is_saved(path: Path) -> None:
    assert "widgets" not in nbformat.read(path, as_version=4).metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_execution_counts_run_one_to_n_in_cell_order(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))

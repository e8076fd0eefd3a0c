"""The exercises and their solutions (workshop/exercises/, workshop/solutions/): one solution per
exercise, each a Jupytext pair in step, the two alike in every cell but the fix cells (tagged
``exercise-fix``), the exercise's fix cell only a hint, and no outputs in the exercises."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbformat import NotebookNode

from tools.check_notebook_pairs import check_folder, find_pairs, read_text_notebook

WORKSHOP = Path(__file__).resolve().parents[2] / "workshop"
EXERCISES = WORKSHOP / "exercises"
SOLUTIONS = WORKSHOP / "solutions"
FIX_TAG = "exercise-fix"
NAMES = [pair.name for pair in find_pairs(EXERCISES)]


def _is_fix(cell: NotebookNode) -> bool:
    return FIX_TAG in cell.metadata.get("tags", [])


def _code_lines(cell: NotebookNode) -> list[str]:
    lines = (line.strip() for line in cell.source.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_there_are_six_exercises_each_with_its_solution() -> None:
    assert (len(NAMES), NAMES) == (6, [pair.name for pair in find_pairs(SOLUTIONS)])


@pytest.mark.parametrize("folder", [EXERCISES, SOLUTIONS], ids=["exercises", "solutions"])
def test_each_notebooks_md_and_ipynb_agree(folder: Path) -> None:
    assert check_folder(folder) == []


@pytest.mark.parametrize("name", NAMES)
def test_exercise_and_solution_agree_in_every_cell_but_the_fix(name: str) -> None:
    exercise = read_text_notebook(EXERCISES / f"{name}.md").cells
    solution = read_text_notebook(SOLUTIONS / f"{name}.md").cells
    assert [(c.cell_type, _is_fix(c)) for c in exercise] == [
        (c.cell_type, _is_fix(c)) for c in solution
    ]
    differing = [
        index
        for index, (left, right) in enumerate(zip(exercise, solution, strict=True))
        if left.source != right.source and not _is_fix(left)
    ]
    # the one markdown cell that says which notebook this is, exercise or solution
    assert len(differing) == 1 and exercise[differing[0]].cell_type == "markdown"


@pytest.mark.parametrize("name", NAMES)
def test_the_exercises_fix_cell_is_a_hint_and_the_solutions_is_code(name: str) -> None:
    exercise = [c for c in read_text_notebook(EXERCISES / f"{name}.md").cells if _is_fix(c)]
    solution = [c for c in read_text_notebook(SOLUTIONS / f"{name}.md").cells if _is_fix(c)]
    assert (len(exercise), len(solution)) == (1, 1)
    assert _code_lines(exercise[0]) == [] and "Hint:" in exercise[0].source
    assert _code_lines(solution[0]) != []


@pytest.mark.parametrize("name", NAMES)
def test_the_exercise_notebooks_carry_no_outputs(name: str) -> None:
    import nbformat

    notebook = nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4)
    assert [c.get("outputs") for c in notebook.cells if c.cell_type == "code"] == [[]] * len(
        [c for c in notebook.cells if c.cell_type == "code"]
    )

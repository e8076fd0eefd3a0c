"""A small notebook pair written in tmp_path, as Jupytext writes one: the .ipynb with outputs,
the .md from the same cells. Tests then put it out of step on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.check_notebook_pairs import NotebookPair


def demo_notebook() -> NotebookNode:
    """Markdown, a plain code cell, a cell nbval ignores (comment marker) and a tagged one."""
    notebook: NotebookNode = new_notebook(
        metadata={
            "jupytext": {"formats": "ipynb,md:myst"},
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        }
    )
    notebook.cells = [
        new_markdown_cell("# 01 · Demo\n\nA first paragraph\nwith a second line.", id="demo-0"),
        new_code_cell(
            'print("request 1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")',
            id="demo-1",
            execution_count=1,
            outputs=[
                new_output(
                    "stream", name="stdout", text="request 1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n"
                )
            ],
        ),
        new_markdown_cell("## A step", id="demo-2", metadata={"tags": ["step"]}),
        new_code_cell(
            "# NBVAL_IGNORE_OUTPUT\nprint('took 3.2 ms')",
            id="demo-3",
            execution_count=2,
            outputs=[new_output("stream", name="stdout", text="took 3.2 ms\n")],
        ),
        new_code_cell(
            "raise ValueError('shown to the learner')",
            id="demo-4",
            execution_count=3,
            metadata={"tags": ["raises-exception"]},
            outputs=[
                new_output("error", ename="ValueError", evalue="shown to the learner", traceback=[])
            ],
        ),
    ]
    return notebook


def write_pair(folder: Path, name: str, notebook: NotebookNode) -> NotebookPair:
    pair = NotebookPair(folder / f"{name}.md", folder / f"{name}.ipynb")
    nbformat.write(notebook, pair.ipynb)
    jupytext.write(notebook, pair.md, fmt="md:myst")
    return pair


@pytest.fixture
def make_pair(tmp_path: Path) -> Callable[..., NotebookPair]:
    """make_pair("01_demo") writes the demo pair into tmp_path/notebooks and returns it."""
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)

    def make(name: str = "01_demo", notebook: NotebookNode | None = None) -> NotebookPair:
        return write_pair(folder, name, notebook if notebook is not None else demo_notebook())

    return make

"""Check that the two files of every notebook agree (`make lint` runs this).

    python tools/check_notebook_pairs.py                # notebooks/ of this checkout
    python tools/check_notebook_pairs.py some/folder    # any folder of NN_topic pairs

Each notebook is a Jupytext pair: `NN_topic.md` (MyST Markdown, the text you edit and review)
and `NN_topic.ipynb` (the same cells, executed, with the outputs nbval compares). The two are
compared as far as the Markdown holds them: the notebook's kernelspec and pairing
(`jupytext.formats`), and for every cell its type, its source and the metadata Jupytext keeps
(tags and the like). Outputs, execution counts and cell ids live only in the .ipynb.

Exit status 1, naming each notebook that disagrees and its first differing cell, when the two
files differ or one of them is missing; 0 when every pair agrees.
"""

from __future__ import annotations

import argparse
import copy
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jupytext
import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TEXT_FORMAT = "md:myst"
NOTEBOOK_PATTERN = "[0-9][0-9]_*"
FIX_HINT = (
    "If you edited the .md, re-make the outputs from this notebook on (`make outputs`); "
    "if you edited the .ipynb outside JupyterLab, save it once in JupyterLab (Jupytext writes "
    "both files) or revert it."
)


@dataclass(frozen=True)
class NotebookPair:
    """The two files of one notebook, `NN_topic.md` and `NN_topic.ipynb`, side by side."""

    md: Path
    ipynb: Path

    @property
    def name(self) -> str:
        return self.md.stem

    @property
    def label(self) -> str:
        """How messages name the notebook: its folder and stem, e.g. notebooks/05_user_and_token."""
        return f"{self.md.parent.name}/{self.name}"


def find_pairs(folder: Path) -> list[NotebookPair]:
    """Every NN_topic in `folder` that has a .md or an .ipynb (or both), in course order."""
    names = {
        path.stem for suffix in (".md", ".ipynb") for path in folder.glob(NOTEBOOK_PATTERN + suffix)
    }
    return [NotebookPair(folder / f"{name}.md", folder / f"{name}.ipynb") for name in sorted(names)]


def read_text_notebook(path: Path) -> NotebookNode:
    """The notebook a MyST Markdown file describes (cells and metadata, no outputs)."""
    return cast(NotebookNode, jupytext.read(path, fmt=TEXT_FORMAT))


def read_executed_notebook(path: Path) -> NotebookNode:
    """The .ipynb as nbformat reads it (nbformat's functions carry no annotations)."""
    return cast(NotebookNode, nbformat.read(path, as_version=4))


def as_markdown_holds_it(notebook: NotebookNode) -> NotebookNode:
    """The notebook reduced to what its MyST Markdown can hold (Jupytext's own filters)."""
    text = jupytext.writes(copy.deepcopy(notebook), fmt=TEXT_FORMAT)
    return cast(NotebookNode, jupytext.reads(text, fmt=TEXT_FORMAT))


def compared_metadata(notebook: NotebookNode) -> dict[str, Any]:
    """The notebook metadata both files must agree on: the kernel, and that they are a pair."""
    jupytext_metadata = notebook.metadata.get("jupytext", {})
    return {
        "kernelspec": notebook.metadata.get("kernelspec"),
        "formats": jupytext_metadata.get("formats"),
    }


def first_line_that_differs(left: str, right: str) -> tuple[int, str, str]:
    """1-based line number and the two lines where `left` and `right` first differ."""
    left_lines, right_lines = left.splitlines(), right.splitlines()
    for number in range(1, max(len(left_lines), len(right_lines)) + 1):
        left_line = left_lines[number - 1] if number <= len(left_lines) else "<no line>"
        right_line = right_lines[number - 1] if number <= len(right_lines) else "<no line>"
        if left_line != right_line:
            return number, left_line, right_line
    # Same lines, different line endings or trailing whitespace at the very end.
    return len(left_lines), repr(left[-20:]), repr(right[-20:])


def describe_cell(index: int, cell: NotebookNode, cell_id: str | None = None) -> str:
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else "(empty)"
    named = f", id {cell_id}" if cell_id else ""
    return f"cell {index} ({cell.cell_type}{named}, starting {first_line[:60]!r})"


def cell_difference(md_cell: NotebookNode, ipynb_cell: NotebookNode) -> str | None:
    """What differs between the two versions of one cell, or None."""
    if md_cell.cell_type != ipynb_cell.cell_type:
        return f"is a {md_cell.cell_type} cell in the .md, a {ipynb_cell.cell_type} in the .ipynb"
    if md_cell.source != ipynb_cell.source:
        number, md_line, ipynb_line = first_line_that_differs(md_cell.source, ipynb_cell.source)
        return (
            f"differs in its source, line {number}:\n"
            f"    .md:    {md_line}\n"
            f"    .ipynb: {ipynb_line}"
        )
    if dict(md_cell.metadata) != dict(ipynb_cell.metadata):
        return (
            "differs in its metadata:\n"
            f"    .md:    {dict(md_cell.metadata)}\n"
            f"    .ipynb: {dict(ipynb_cell.metadata)}"
        )
    return None


def cells_difference(
    md_cells: list[NotebookNode], ipynb_cells: list[NotebookNode], ipynb_ids: list[str]
) -> str | None:
    """The first cell that differs, named by its index and the .ipynb's cell id; or None."""
    for index, (md_cell, ipynb_cell) in enumerate(zip(md_cells, ipynb_cells, strict=False)):
        difference = cell_difference(md_cell, ipynb_cell)
        if difference is not None:
            return f"{describe_cell(index, ipynb_cell, ipynb_ids[index])} {difference}"
    if len(md_cells) == len(ipynb_cells):
        return None
    index = min(len(md_cells), len(ipynb_cells))
    if len(md_cells) > len(ipynb_cells):
        only_in = f"{describe_cell(index, md_cells[index])} is only in the .md"
    else:
        only_in = (
            f"{describe_cell(index, ipynb_cells[index], ipynb_ids[index])} is only in the .ipynb"
        )
    return f"the .md has {len(md_cells)} cells, the .ipynb {len(ipynb_cells)}; {only_in}"


def pair_difference(pair: NotebookPair) -> str | None:
    """Why the two files of `pair` disagree, or None when they agree."""
    if not pair.md.is_file():
        return (
            f"{pair.md.name} is missing; write it from the notebook with "
            f"`.venv/bin/jupytext --sync {pair.ipynb}`"
        )
    if not pair.ipynb.is_file():
        return (
            f"{pair.ipynb.name} is missing; execute the notebook and write it with "
            f"`make outputs FROM={pair.name[:2]}`"
        )
    md = as_markdown_holds_it(read_text_notebook(pair.md))
    executed = read_executed_notebook(pair.ipynb)
    ipynb = as_markdown_holds_it(executed)
    if compared_metadata(md) != compared_metadata(ipynb):
        return (
            "the notebook metadata differs:\n"
            f"    .md:    {compared_metadata(md)}\n"
            f"    .ipynb: {compared_metadata(ipynb)}"
        )
    ids = [str(cell.get("id", "")) for cell in executed.cells]
    ids += [""] * (len(ipynb.cells) - len(ids))
    return cells_difference(md.cells, ipynb.cells, ids)


def check_folder(folder: Path) -> list[str]:
    """One message per notebook whose two files disagree; empty when all agree."""
    pairs = find_pairs(folder)
    if not pairs:
        return [f"{folder}: no notebooks ({NOTEBOOK_PATTERN}.md / .ipynb) found"]
    messages = []
    for pair in pairs:
        difference = pair_difference(pair)
        if difference is not None:
            messages.append(f"{pair.label}: {difference}")
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that each notebook's .md and .ipynb agree.")
    parser.add_argument("folder", nargs="?", type=Path, default=NOTEBOOKS)
    folder: Path = parser.parse_args(argv).folder
    messages = check_folder(folder)
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        print(f"\n{len(messages)} notebook pair(s) out of step. {FIX_HINT}", file=sys.stderr)
        return 1
    print(f"{len(find_pairs(folder))} notebook pairs in step ({folder})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

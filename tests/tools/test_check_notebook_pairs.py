"""tools/check_notebook_pairs.py: a notebook's .md and .ipynb must agree, and both must exist."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

from tools.check_notebook_pairs import NOTEBOOKS, NotebookPair, check_folder, find_pairs, main

MakePair = Callable[..., NotebookPair]  # the make_pair fixture (conftest.py)

COMMITTED = find_pairs(NOTEBOOKS)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_committed_notebooks_are_all_pairs_in_step() -> None:
    assert (len(COMMITTED), check_folder(NOTEBOOKS)) == (11, [])


def test_a_pair_written_by_jupytext_passes(
    make_pair: MakePair, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = make_pair()
    assert (main([str(pair.md.parent)]), capsys.readouterr().err) == (0, "")


def test_a_word_changed_in_the_md_fails_naming_the_notebook_cell_and_line(
    make_pair: MakePair, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = make_pair()
    replace_in(pair.md, "with a second line.", "with a 2nd line.")
    assert main([str(pair.md.parent)]) == 1
    assert (
        "notebooks/01_demo: cell 0 (markdown, id demo-0, starting '# 01 · Demo') differs in its "
        "source, line 4:\n"
        "    .md:    with a 2nd line.\n"
        "    .ipynb: with a second line.\n"
    ) in capsys.readouterr().err


def test_a_changed_code_line_fails_naming_the_code_cell(make_pair: MakePair) -> None:
    pair = make_pair()
    replace_in(pair.md, "took 3.2 ms", "took 4 ms")
    assert check_folder(pair.md.parent) == [
        "notebooks/01_demo: cell 3 (code, id demo-3, starting '# NBVAL_IGNORE_OUTPUT') differs in "
        "its source, line 2:\n"
        "    .md:    print('took 4 ms')\n"
        "    .ipynb: print('took 3.2 ms')"
    ]


def test_a_changed_tag_fails_as_a_metadata_difference(make_pair: MakePair) -> None:
    pair = make_pair()
    notebook = nbformat.read(pair.ipynb, as_version=4)
    notebook.cells[4].metadata["tags"] = []
    nbformat.write(notebook, pair.ipynb)
    assert check_folder(pair.md.parent) == [
        "notebooks/01_demo: cell 4 (code, id demo-4, starting \"raise ValueError('shown to the "
        "learner')\") differs in its metadata:\n"
        "    .md:    {'tags': ['raises-exception']}\n"
        "    .ipynb: {}"
    ]


def test_a_cell_added_to_the_md_only_fails_naming_the_extra_cell(make_pair: MakePair) -> None:
    pair = make_pair()
    pair.md.write_text(
        pair.md.read_text(encoding="utf-8") + "\n+++\n\nA closing remark.\n", encoding="utf-8"
    )
    assert check_folder(pair.md.parent) == [
        "notebooks/01_demo: the .md has 6 cells, the .ipynb 5; "
        "cell 5 (markdown, starting 'A closing remark.') is only in the .md"
    ]


def test_a_cell_of_another_type_fails(make_pair: MakePair) -> None:
    pair = make_pair()
    notebook = nbformat.read(pair.ipynb, as_version=4)
    notebook.cells[2] = nbformat.v4.new_raw_cell("## A step", id="demo-2")
    nbformat.write(notebook, pair.ipynb)
    assert check_folder(pair.md.parent) == [
        "notebooks/01_demo: cell 2 (raw, id demo-2, starting '## A step') "
        "is a markdown cell in the .md, a raw in the .ipynb"
    ]


def test_a_kernel_changed_in_one_file_fails_as_notebook_metadata(make_pair: MakePair) -> None:
    pair = make_pair()
    replace_in(pair.md, "name: python3", "name: python3-other")
    assert check_folder(pair.md.parent)[0].startswith(
        "notebooks/01_demo: the notebook metadata differs:"
    )


def test_a_missing_ipynb_fails_with_how_to_make_it(
    make_pair: MakePair, capsys: pytest.CaptureFixture[str]
) -> None:
    pair = make_pair()
    pair.ipynb.unlink()
    assert main([str(pair.md.parent)]) == 1
    assert (
        "notebooks/01_demo: 01_demo.ipynb is missing; execute the notebook and write it with "
        "`make outputs FROM=01`"
    ) in capsys.readouterr().err


def test_a_missing_md_fails_with_how_to_write_it(make_pair: MakePair) -> None:
    pair = make_pair()
    pair.md.unlink()
    assert check_folder(pair.md.parent) == [
        "notebooks/01_demo: 01_demo.md is missing; write it from the notebook with "
        f"`.venv/bin/jupytext --sync {pair.ipynb}`"
    ]


def test_every_pair_out_of_step_is_reported(make_pair: MakePair) -> None:
    first, second = make_pair("01_demo"), make_pair("02_demo")
    first.ipynb.unlink()
    second.md.unlink()
    assert [message.split(":")[0] for message in check_folder(first.md.parent)] == [
        "notebooks/01_demo",
        "notebooks/02_demo",
    ]


def test_a_folder_without_notebooks_fails(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 1


def test_nbval_markers_tags_and_cell_metadata_survive_the_markdown(make_pair: MakePair) -> None:
    pair = make_pair()
    text = pair.md.read_text(encoding="utf-8")
    cells = jupytext.read(pair.md, fmt="md:myst").cells
    assert ("# NBVAL_IGNORE_OUTPUT" in text, ":tags: [raises-exception]" in text) == (True, True)
    assert [dict(cell.metadata) for cell in cells] == [
        {},
        {},
        {"tags": ["step"]},
        {},
        {"tags": ["raises-exception"]},
    ]


def test_the_committed_md_files_carry_the_kernel_and_the_pairing() -> None:
    headers = [pair.md.read_text(encoding="utf-8").split("\n---\n")[0] for pair in COMMITTED]
    assert all(
        "formats: ipynb,md:myst" in header and "kernelspec:" in header and "name: python3" in header
        for header in headers
    )


@pytest.mark.parametrize("pair", COMMITTED, ids=lambda pair: pair.name)
def test_saving_in_jupyterlab_leaves_a_committed_pair_unchanged(
    pair: NotebookPair, tmp_path: Path
) -> None:
    """Jupytext's contents manager, served from notebooks/ as `make lab` does (so it cannot see
    the repository's jupytext.toml), writes both files exactly as they are committed."""
    for path in (pair.md, pair.ipynb):
        shutil.copy(path, tmp_path / path.name)
    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(tmp_path))
    manager.save(manager.get(pair.ipynb.name), pair.ipynb.name)
    assert [
        (tmp_path / path.name).read_bytes() == path.read_bytes() for path in (pair.md, pair.ipynb)
    ] == [True, True]

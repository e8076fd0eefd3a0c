"""tools/execute_notebooks.py without a kernel: which notebook writing starts from, the pair
brought in step, and what a re-made notebook keeps (the execution itself is `make outputs`)."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output

from tools.check_notebook_pairs import NotebookPair, find_pairs
from tools.execute_notebooks import (
    ExecutionFailed,
    read_sanitize_patterns,
    start_index,
    synced,
    tidy,
    unexpected_error,
    write,
)

MakePair = Callable[..., NotebookPair]  # the make_pair fixture (conftest.py)
PATTERNS = read_sanitize_patterns()


def edit_md(pair: NotebookPair, old: str = "a second line", new: str = "a 2nd line") -> None:
    text = pair.md.read_text(encoding="utf-8")
    assert old in text
    pair.md.write_text(text.replace(old, new), encoding="utf-8")


def three_pairs(make_pair: MakePair) -> list[NotebookPair]:
    for name in ("01_demo", "02_demo", "03_demo"):
        make_pair(name)
    return find_pairs(make_pair().md.parent)


def executed(committed: NotebookNode) -> NotebookNode:
    """`committed` as a new run leaves it: timings, widget state, counts from elsewhere."""
    notebook = copy.deepcopy(committed)
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for cell in notebook.cells:
        cell.metadata["execution"] = {"iopub.status.busy": "2026-11-26T13:27:21.728402Z"}
    return notebook


# --- where writing starts -------------------------------------------------------------------


def test_writing_starts_at_the_first_notebook_whose_md_changed(make_pair: MakePair) -> None:
    pairs = three_pairs(make_pair)
    edit_md(pairs[1])
    edit_md(pairs[2])
    assert start_index(pairs, None) == 1


def test_nothing_is_written_when_every_pair_is_in_step(make_pair: MakePair) -> None:
    assert start_index(three_pairs(make_pair), None) is None


def test_a_notebook_without_its_ipynb_counts_as_changed(make_pair: MakePair) -> None:
    pairs = three_pairs(make_pair)
    pairs[2].ipynb.unlink()
    assert start_index(pairs, None) == 2


@pytest.mark.parametrize("name", ["02", "02_demo", "02_demo.md"])
def test_from_names_a_notebook_by_number_or_name(make_pair: MakePair, name: str) -> None:
    assert start_index(three_pairs(make_pair), name) == 1


def test_from_all_writes_every_notebook(make_pair: MakePair) -> None:
    assert start_index(three_pairs(make_pair), "all") == 0


def test_from_an_unknown_notebook_fails_with_the_choices(make_pair: MakePair) -> None:
    with pytest.raises(ExecutionFailed, match="choose one of 01_demo, 02_demo, 03_demo"):
        start_index(three_pairs(make_pair), "07")


def test_from_is_refused_when_an_earlier_notebook_is_out_of_step(make_pair: MakePair) -> None:
    pairs = three_pairs(make_pair)
    edit_md(pairs[0])
    with pytest.raises(ExecutionFailed, match=r"Start from it instead \(`make outputs FROM=01`\)"):
        start_index(pairs, "02")


# --- the pair brought in step ---------------------------------------------------------------


def test_synced_takes_the_text_from_the_md_and_ids_and_outputs_from_the_ipynb(
    make_pair: MakePair,
) -> None:
    pair = make_pair()
    edit_md(pair)
    notebook, committed = synced(pair)
    assert committed is not None
    assert (
        notebook.cells[0].source.splitlines()[-1],
        [cell.id for cell in notebook.cells],
        notebook.cells[1].outputs,
    ) == ("with a 2nd line.", [cell.id for cell in committed.cells], committed.cells[1].outputs)


def test_synced_without_an_ipynb_is_the_md_alone(make_pair: MakePair) -> None:
    pair = make_pair()
    pair.ipynb.unlink()
    notebook, committed = synced(pair)
    assert (len(notebook.cells), committed) == (5, None)


# --- what a re-made notebook keeps ----------------------------------------------------------


def test_tidy_removes_timings_and_widget_state(make_pair: MakePair) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    notebook = tidy(executed(committed), committed, PATTERNS)
    assert (
        "widgets" in notebook.metadata,
        [c.metadata.get("execution") for c in notebook.cells],
    ) == (
        False,
        [None] * 5,
    )


def test_tidy_numbers_the_code_cells_one_to_n_and_leaves_empty_ones_without(
    make_pair: MakePair,
) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    run = executed(committed)
    run.cells.insert(2, new_code_cell("", id="demo-empty", execution_count=9))
    run.cells[1].execution_count = 7
    run.cells[1].outputs = [new_output("execute_result", {"text/plain": "1"}, execution_count=7)]
    notebook = tidy(run, committed, PATTERNS)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert ([c.execution_count for c in code], code[0].outputs[0].execution_count) == (
        [1, None, 2, 3],
        1,
    )


def test_outputs_equal_after_the_sanitize_file_keep_the_committed_ones(
    make_pair: MakePair,
) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    run = executed(committed)
    run.cells[1].outputs[0].text = "request 99999999-aaaa-bbbb-cccc-dddddddddddd\n"
    assert tidy(run, committed, PATTERNS).cells[1].outputs == committed.cells[1].outputs


def test_outputs_that_differ_after_the_sanitize_file_are_written(make_pair: MakePair) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    run = executed(committed)
    run.cells[1].outputs[0].text = "request refused\n"
    assert tidy(run, committed, PATTERNS).cells[1].outputs[0].text == "request refused\n"


def test_ignored_outputs_that_differ_only_in_numbers_keep_the_committed_ones(
    make_pair: MakePair,
) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    run = executed(committed)
    run.cells[3].outputs[0].text = "took 12.75 ms\n"
    assert tidy(run, committed, PATTERNS).cells[3].outputs[0].text == "took 3.2 ms\n"


def test_ignored_outputs_are_written_when_their_source_changed(make_pair: MakePair) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    run = executed(committed)
    run.cells[3].source += "\nprint('done')"
    run.cells[3].outputs[0].text = "took 12.75 ms\ndone\n"
    assert tidy(run, committed, PATTERNS).cells[3].outputs[0].text == "took 12.75 ms\ndone\n"


# --- errors and writing ---------------------------------------------------------------------


def test_an_error_in_a_cell_marked_to_raise_is_expected(make_pair: MakePair) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    assert unexpected_error(committed) is None


def test_an_error_in_an_unmarked_cell_is_reported_with_the_cell(make_pair: MakePair) -> None:
    committed = synced(make_pair())[1]
    assert committed is not None
    committed.cells[1].outputs = [
        new_output("error", ename="KeyError", evalue="'users'", traceback=[])
    ]
    assert unexpected_error(committed) == "cell 1 (id demo-1): KeyError: 'users'"


def test_write_leaves_an_unchanged_ipynb_alone_and_makes_the_md_the_newer(
    make_pair: MakePair,
) -> None:
    pair = make_pair()
    notebook, _ = synced(pair)
    write(pair, notebook)
    os.utime(pair.md, (1_000_000_000, 1_000_000_000))
    before = pair.ipynb.stat().st_mtime_ns
    assert (write(pair, notebook), pair.ipynb.stat().st_mtime_ns == before) == (False, True)
    assert pair.md.stat().st_mtime >= pair.ipynb.stat().st_mtime


def test_write_writes_a_changed_ipynb(make_pair: MakePair) -> None:
    pair = make_pair()
    edit_md(pair)
    notebook, _ = synced(pair)
    assert (write(pair, notebook), "a 2nd line" in pair.ipynb.read_text(encoding="utf-8")) == (
        True,
        True,
    )

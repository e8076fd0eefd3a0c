"""Re-make the committed outputs after you edit a notebook's .md.

    make outputs             # from the first notebook whose .md differs from its .ipynb on
    make outputs FROM=05     # from 05_user_and_token on, changed or not
    make outputs FROM=all    # every notebook

    python tools/execute_notebooks.py --save [--from NN | --from all]   # what make outputs runs
    python tools/execute_notebooks.py        # execute every notebook, write nothing, print seconds

Each notebook's .ipynb is first brought in step with its .md (Jupytext: the cells, their text
and metadata from the .md; cell ids and outputs from the .ipynb), then every notebook is
executed in order, each on a fresh kernel, against one fresh local emulator (prefix `alice`,
region us-east-1), as nbval does. Only the changed notebook and the ones after it are written.
The ones before it are executed too but not written: each notebook starts from the AWS state
the earlier ones created (05 signs in to the user pool 04 made), and the emulator starts empty.
So re-making from 05 takes as long as re-making all (about 30 s on the 2-core machine); what
it saves is diff. An edit saved in JupyterLab writes both files, so nothing differs: name the
notebook (FROM=05).

What is written is made to change as little as it can, so that a one-word fix is a one-line
diff:
- no timings (`metadata.execution`) and no widget state (`metadata.widgets`);
- execution counts 1..n in cell order;
- a cell keeps its committed outputs when the new ones are the same after
  tests/nbval_sanitize.cfg (the IDs and durations that differ on every run), which is what
  nbval would accept; a cell nbval does not compare (`# NBVAL_IGNORE_OUTPUT`, `NBVAL_SKIP`)
  keeps them while its source is unchanged and the new outputs differ only in numbers.
A cell that raises fails the run unless it is marked `# NBVAL_RAISES_EXCEPTION` (or tagged
`raises-exception`); nothing is written for it or the notebooks after it.

`benchmarks/bench_notebooks.py` times `execute_all(save=False)`.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient
from nbformat import NotebookNode
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from emulator.process import EmulatorProcess  # noqa: E402
from tools.check_notebook_pairs import (  # noqa: E402
    NOTEBOOKS,
    TEXT_FORMAT,
    NotebookPair,
    find_pairs,
    pair_difference,
    read_executed_notebook,
    read_text_notebook,
)

SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"
# Output fields nbval does not compare either: per-run noise, and widget model ids (random).
UNCOMPARED_FIELDS = frozenset({"metadata", "execution_count", "traceback"})
UNCOMPARED_DATA = frozenset({"application/vnd.jupyter.widget-view+json"})
NUMBER = re.compile(r"\d+(?:\.\d+)?")
BLANKS = re.compile(r"[ \t]+")
Patterns = list[tuple[str, str]]


class ExecutionFailed(RuntimeError):
    """A notebook raised where it should not, or cannot be started from the named one."""


# --- Which notebook to start writing from --------------------------------------------------


def first_changed(pairs: list[NotebookPair]) -> int | None:
    """Index of the first notebook whose .md and .ipynb disagree (or lacks its .ipynb)."""
    for index, pair in enumerate(pairs):
        if pair_difference(pair) is not None:
            return index
    return None


def named_index(pairs: list[NotebookPair], name: str) -> int:
    """Index of the notebook `name` names: `05`, `05_user_and_token` or its file name."""
    if name == "all":
        return 0
    stem = Path(name).stem
    matches = [i for i, pair in enumerate(pairs) if pair.name == stem or pair.name[:2] == stem]
    if len(matches) != 1:
        known = ", ".join(pair.name for pair in pairs)
        raise ExecutionFailed(f"--from {name!r} names no single notebook; choose one of {known}")
    return matches[0]


def start_index(pairs: list[NotebookPair], name: str | None) -> int | None:
    """Where writing starts: the named notebook, else the first changed one (None: none)."""
    if name is None:
        return first_changed(pairs)
    start = named_index(pairs, name)
    for pair in pairs[:start]:
        difference = pair_difference(pair)
        if difference is not None:
            raise ExecutionFailed(
                f"{pair.label} comes before {pairs[start].name} and is out of step with its "
                f".md, so it would run unsaved with inputs that are not committed: "
                f"{difference}\nStart from it instead (`make outputs FROM={pair.name[:2]}`)."
            )
    return start


# --- Executing ------------------------------------------------------------------------------


def synced(pair: NotebookPair) -> tuple[NotebookNode, NotebookNode | None]:
    """The notebook to execute (the .md's cells with the .ipynb's ids and outputs), and the
    committed .ipynb (None when there is none yet)."""
    text = read_text_notebook(pair.md)
    if not pair.ipynb.is_file():
        return text, None
    committed = read_executed_notebook(pair.ipynb)
    notebook = combine_inputs_with_outputs(text, copy.deepcopy(committed), fmt=TEXT_FORMAT)
    return cast(NotebookNode, notebook), committed


def marker_options(cell: NotebookNode) -> dict[str, bool]:
    """nbval's options for a cell, from `# NBVAL_...` comments and `nbval-...` tags."""
    options = dict(find_metadata_tags(cell.metadata))
    options.update(dict(find_comment_markers(cell.source)))
    return {str(key): bool(value) for key, value in options.items()}


def outputs_are_compared(cell: NotebookNode) -> bool:
    options = marker_options(cell)
    return options.get("check", True) and not options.get("skip", False)


def may_raise(cell: NotebookNode) -> bool:
    return marker_options(cell).get("check_exception", False) or "raises-exception" in cell.get(
        "metadata", {}
    ).get("tags", [])


def unexpected_error(notebook: NotebookNode) -> str | None:
    """The first error in a cell not marked to raise, as 'cell N (id): Name: value'."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or may_raise(cell):
            continue
        for output in cell.outputs:
            if output.output_type == "error":
                return f"cell {index} (id {cell.get('id')}): {output.ename}: {output.evalue}"
    return None


def execute(pair: NotebookPair, notebook: NotebookNode) -> None:
    """Execute `notebook` in place on a fresh kernel in the notebooks' folder."""
    client = NotebookClient(
        notebook,
        timeout=300,
        allow_errors=True,  # errors are judged below, against the cells' nbval markers
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(pair.ipynb.parent)}},
    )
    client.execute()
    error = unexpected_error(notebook)
    if error is not None:
        raise ExecutionFailed(f"{pair.label} raised in {error}; nothing written from here on.")


# --- Making the written notebook change as little as it can ----------------------------------


def read_sanitize_patterns(path: Path = SANITIZE_FILE) -> Patterns:
    return [
        (str(regex), str(replace)) for regex, replace in get_sanitize_patterns(path.read_text())
    ]


def normalised(value: Any, clean: Callable[[str], str]) -> Any:
    return clean(value) if isinstance(value, str) else value


def comparable(outputs: list[NotebookNode], clean: Callable[[str], str]) -> list[dict[str, Any]]:
    """Outputs as nbval compares them: streams joined, noise fields left out, text cleaned."""
    result = []
    for output in coalesce_streams(copy.deepcopy(outputs)):
        item: dict[str, Any] = {}
        for key, value in output.items():
            if key == "data":
                item[key] = {
                    mime: normalised(content, clean)
                    for mime, content in value.items()
                    if mime not in UNCOMPARED_DATA
                }
            elif key not in UNCOMPARED_FIELDS:
                item[key] = normalised(value, clean)
        result.append(item)
    return result


def sanitizer(patterns: Patterns, numbers_too: bool) -> Callable[[str], str]:
    def clean(text: str) -> str:
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        if numbers_too:
            text = BLANKS.sub(" ", NUMBER.sub("N", text))
        return text

    return clean


def keeps_committed_outputs(
    cell: NotebookNode, committed: NotebookNode, patterns: Patterns
) -> bool:
    """Whether the committed outputs of `cell` are as good as the new ones (see the docstring)."""
    if outputs_are_compared(cell):
        clean = sanitizer(patterns, numbers_too=False)
    elif cell.source == committed.source:
        clean = sanitizer(patterns, numbers_too=True)
    else:
        return False
    return comparable(cell.outputs, clean) == comparable(committed.outputs, clean)


def set_execution_count(cell: NotebookNode, count: int | None) -> None:
    cell.execution_count = count
    for output in cell.outputs:
        if output.output_type == "execute_result":
            output.execution_count = count


def tidy(
    notebook: NotebookNode, committed: NotebookNode | None, patterns: Patterns
) -> NotebookNode:
    """The executed notebook as it is written: no timings, no widget state, counts 1..n, and
    the committed outputs wherever they are as good as the new ones."""
    notebook = copy.deepcopy(notebook)
    notebook.metadata.pop("widgets", None)
    committed_cells = {cell.get("id"): cell for cell in committed.cells} if committed else {}
    count = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        previous = committed_cells.get(cell.get("id"))
        if previous is not None and keeps_committed_outputs(cell, previous, patterns):
            cell.outputs = copy.deepcopy(previous.outputs)
        if cell.source.strip():  # nbclient skips empty cells; they have no count
            count += 1
            set_execution_count(cell, count)
        else:
            set_execution_count(cell, None)
    return notebook


def write(pair: NotebookPair, notebook: NotebookNode) -> bool:
    """Write the .ipynb if its text changes; True if it did. The .md is touched either way, so
    that Jupytext in JupyterLab does not find the text older than the notebook."""
    text = nbformat.writes(notebook)
    text = text if text.endswith("\n") else text + "\n"
    changed = not pair.ipynb.is_file() or pair.ipynb.read_text(encoding="utf-8") != text
    if changed:
        pair.ipynb.write_text(text, encoding="utf-8")
    os.utime(pair.md)
    return changed


# --- The run ----------------------------------------------------------------------------------


@contextmanager
def fresh_emulator(
    consistency: str | None = None, delay_scale: float | None = None
) -> Iterator[str]:
    """A new, empty emulator for this run; the kernels find it through the environment.
    ``consistency="eventual"`` (with ``delay_scale``) makes it behave as AWS does over time."""
    emulator = EmulatorProcess(consistency=consistency, delay_scale=delay_scale)
    os.environ.update(
        {
            "WORKBOOK_BACKEND": "local",
            "WORKBOOK_EMULATOR_URL": emulator.url,
            # the kernels' connect() signs with this emulator's own credentials
            "AWS_SHARED_CREDENTIALS_FILE": str(emulator.credentials_file),
            "AWS_PROFILE": "emulator",
            "WORKBOOK_PREFIX": "alice",
            "WORKBOOK_REGION": "us-east-1",
            "PYTHONPATH": str(ROOT),
        }
    )
    try:
        yield emulator.url
    finally:
        emulator.stop()


def run(
    pairs: list[NotebookPair],
    save_from: int,
    consistency: str | None = None,
    delay_scale: float | None = None,
) -> list[tuple[str, float]]:
    """Execute every notebook in order; write those from index `save_from` on.
    Returns (file name, seconds) per notebook, kernel start included."""
    patterns = read_sanitize_patterns()
    timings: list[tuple[str, float]] = []
    with fresh_emulator(consistency, delay_scale):
        for index, pair in enumerate(pairs):
            notebook, committed = synced(pair)
            started = time.perf_counter()
            execute(pair, notebook)
            timings.append((pair.ipynb.name, time.perf_counter() - started))
            if index >= save_from:
                written = write(pair, tidy(notebook, committed, patterns))
                print(f"{pair.ipynb.name}: {'written' if written else 'unchanged'}", flush=True)
    return timings


def execute_all(
    save: bool,
    start: str | None = None,
    *,
    consistency: str | None = None,
    delay_scale: float | None = None,
) -> list[tuple[str, float]]:
    """Execute every notebook; with `save`, write from `start` (see `start_index`) on.
    Returns [] without executing anything when `save` finds nothing to write. The emulator
    may run with ``consistency`` and ``delay_scale`` (timing only: outputs are saved only
    from the default emulator)."""
    pairs = find_pairs(NOTEBOOKS)
    if not save:
        return run(pairs, len(pairs), consistency, delay_scale)
    save_from = start_index(pairs, start)
    if save_from is None:
        return []
    return run(pairs, save_from)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-make the notebooks' committed outputs.")
    parser.add_argument("--save", action="store_true", help="write the outputs into the .ipynb")
    parser.add_argument(
        "--from",
        dest="start",
        metavar="NN",
        help="with --save: write from this notebook on (05, 05_user_and_token, or all); "
        "default: from the first notebook whose .md differs from its .ipynb",
    )
    args = parser.parse_args(argv)
    if args.start is not None and not args.save:
        parser.error("--from needs --save")
    try:
        timings = execute_all(args.save, args.start)
    except ExecutionFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not timings:
        print(
            "Every .ipynb is in step with its .md: nothing to re-make. To re-execute anyway "
            "(after an edit saved in JupyterLab, or a change to helpers/), name where to start: "
            "make outputs FROM=05 (or FROM=all)."
        )
        return 0
    for name, seconds in timings:
        print(f"{name:32} {seconds:6.2f} s")
    print(f"{'total':32} {sum(s for _, s in timings):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

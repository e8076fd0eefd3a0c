"""The parity report: every checkpoint a run of the course shows, one JSON line each, so that a
run on a real AWS account can be compared line by line with a local one.

    make notebooks      # nbval writes .workbook/parity/local.jsonl (notebooks/conftest.py)
    make test-aws       # writes .workbook/parity/aws.jsonl (tests/aws/test_notebooks_on_aws.py)
    make parity         # tools/diff_parity_reports.py: what differs between the two

A checkpoint is a code cell whose output shows a pass/fail mark (✅/❌, printed by
helpers.checks and helpers.diagnose) or an HTTP status (a line that one of `HTTP_LINES`
matches), in the committed notebook or in the run. A cell that raised is one too, so that a
report says where a run stopped. Checkpoints are found in the outputs, so no notebook carries
a tag or a marker for this.

A checkpoint is named by its notebook and its cell id (the .ipynb keeps ids across runs and
edits; Jupytext carries them over from the .md), and labelled with the first line the
committed notebook shows for it: the same on every backend, so two reports of one checkout
label a checkpoint alike. One record:

    notebook  "04_cognito_authorizer"
    cell      "04-cognito-authorizer-21"
    label     'HTTP 401: {"message":"Unauthorized"} (UnauthorizedException)'
    result    "pass", "fail" (a ❌ check line, or an error in a cell not marked to raise),
              or "not run" (the run stopped before this cell)
    marks     the ✅/❌ lines as shown: helpers.checks' at the margin (they decide the result),
              diagnosis details indented
    http      [{"what": "no token", "status": 401, "body": '{"message":"Unauthorized"}'}]:
              per HTTP line, what was sent (the text before the status), the status (None
              when the line shows "-", a skipped attempt) and the rest of the line
    error     "CheckpointFailed: …" (name and first line of the error), or null

Only stdout and the text/plain of results count, as the learner reads them; stderr (warnings,
logs) differs between machines and shows no checkpoint. Every text is normalised with
tests/nbval_sanitize.cfg, the rules nbval compares with (ids, ports, durations), and then the
run's prefix, account and region are written as the committed outputs' (`COMMITTED`), so that
only behaviour differs between two reports. A prefix that is also a word of the outputs
(`dev`, `users`) is rewritten there too: on AWS, use a prefix of your own (WORKBOOK_PREFIX).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbval.plugin import coalesce_streams

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.execute_notebooks import may_raise, read_sanitize_patterns, sanitizer  # noqa: E402

REPORTS = ROOT / ".workbook" / "parity"
PASS, FAIL, NOT_RUN = "pass", "fail", "not run"
RESULTS = (PASS, FAIL, NOT_RUN)
PASS_MARK, FAIL_MARK = "✅", "❌"
LABEL_LENGTH = 80
FIELDS = ("notebook", "cell", "label", "result", "marks", "http", "error")

# How the notebooks show an HTTP status, one pattern per way; the first that matches a line
# wins. Lines with a mark are checks, not HTTP lines ("✅ Without a token: 401 …").
HTTP_LINES: tuple[re.Pattern[str], ...] = (
    # helpers.http and diagnose: "HTTP 401: {…} (UnauthorizedException)", "admin POST   HTTP
    # 201: {…}", "diagnose: HTTP 401 {…} → why"
    re.compile(r"^(?P<what>.*?)\bHTTP (?P<status>\d{3}):? (?P<body>.*)$"),
    # helpers.attacks' table: "no token                | 401 | {…}      | why" ("-": skipped)
    re.compile(r"^(?P<what>[^|]*?)\s*\| (?P<status>\d{3}|-)\s*\| (?P<body>.*?)\s*\|"),
    # test invokes: "Status: 200 | body: …", "With 'garbage': status 401, policy: None"
    re.compile(
        r"^(?P<what>.*?)\b[Ss]tatus:? (?P<status>\d+)(?:(?: \||,)? (?:body: )?(?P<body>.*))?$"
    ),
)

Clean = Callable[[str], str]


class ReportError(Exception):
    """A report file that cannot be read as a parity report."""


@dataclass(frozen=True)
class Environment:
    """What differs between two learners' runs and is no behaviour: prefix, account, region."""

    prefix: str
    account: str
    region: str


# What the committed outputs were made with (notebooks/conftest.py, tools/execute_notebooks.py).
COMMITTED = Environment(prefix="alice", account="123456789012", region="us-east-1")


@dataclass(frozen=True)
class HttpShown:
    """One HTTP line of a checkpoint: what was sent, the status, the rest of the line."""

    what: str
    status: int | None
    body: str


@dataclass(frozen=True)
class Checkpoint:
    """One record of the report (see the module docstring)."""

    notebook: str
    cell: str
    label: str
    result: str
    marks: tuple[str, ...]
    http: tuple[HttpShown, ...]
    error: str | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.notebook, self.cell)

    @property
    def name(self) -> str:
        """How messages name the checkpoint: notebook, cell id and label."""
        return f"{self.notebook} · {self.cell} · {self.label}"


# --- Normalising ------------------------------------------------------------------------------


def normaliser(environment: Environment = COMMITTED) -> Clean:
    """nbval's sanitize rules, then `environment`'s prefix, account and region written as
    `COMMITTED`'s."""
    patterns = read_sanitize_patterns()
    sanitize = sanitizer(patterns, numbers_too=False)
    rewrites = [
        (re.compile(rf"(?<![A-Za-z0-9]){re.escape(mine)}(?![A-Za-z0-9])"), committed)
        for mine, committed in (
            (environment.prefix, COMMITTED.prefix),
            (environment.account, COMMITTED.account),
            (environment.region, COMMITTED.region),
        )
        if mine and mine != committed
    ]

    def clean(text: str) -> str:
        text = sanitize(text)
        for pattern, replacement in rewrites:
            text = pattern.sub(replacement, text)
        return text

    return clean


# --- Reading one cell ---------------------------------------------------------------------------


def shown_text(outputs: Sequence[Any]) -> str:
    """What the learner reads: stdout and the text/plain of results, in order."""
    parts = []
    for output in coalesce_streams(copy.deepcopy(list(outputs))):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(str(output.get("text", "")))
        elif "text/plain" in output.get("data", {}):
            parts.append(str(output["data"]["text/plain"]) + "\n")
    return "".join(parts)


def error_of(outputs: Sequence[Any]) -> str | None:
    """The first error's name and the first line of its value, or None."""
    for output in outputs:
        if output.get("output_type") == "error":
            value = str(output.get("evalue", "")).splitlines()
            return f"{output.get('ename')}: {value[0] if value else ''}"
    return None


def mark_lines(text: str) -> list[str]:
    """The lines that show ✅ or ❌, indentation kept, trailing blanks dropped."""
    return [
        line.rstrip()
        for line in text.splitlines()
        if line.lstrip().startswith((PASS_MARK, FAIL_MARK))
    ]


def http_lines(text: str) -> list[HttpShown]:
    """Every line that shows an HTTP status (see `HTTP_LINES`), marks excluded."""
    shown = []
    for line in text.splitlines():
        if line.lstrip().startswith((PASS_MARK, FAIL_MARK)):
            continue
        for pattern in HTTP_LINES:
            match = pattern.match(line.rstrip())
            if match is not None:
                status = match["status"]
                shown.append(
                    HttpShown(
                        what=match["what"].strip().rstrip(":").strip(),
                        status=None if status == "-" else int(status),
                        body=(match["body"] or "").strip(),
                    )
                )
                break
    return shown


def shows_a_checkpoint(text: str) -> bool:
    return bool(mark_lines(text) or http_lines(text))


def label_of(text: str) -> str:
    """What the cell is about: its first check line (a mark at the margin), else its first line
    with an HTTP status, else its first line; mark and runs of blanks squeezed out, cut to
    LABEL_LENGTH characters."""
    lines = text.splitlines()
    checks = [line for line in lines if line.startswith((PASS_MARK, FAIL_MARK))]
    statuses = [line for line in lines if http_lines(line)]
    for line in [*checks, *statuses, *lines]:
        squeezed = " ".join(line.replace(PASS_MARK, " ").replace(FAIL_MARK, " ").split())
        if squeezed:
            return squeezed if len(squeezed) <= LABEL_LENGTH else squeezed[: LABEL_LENGTH - 1] + "…"
    return ""


def result_of(cell: NotebookNode, marks: list[str], error: str | None) -> str:
    failed_check = any(line.startswith(FAIL_MARK) for line in marks)
    unexpected_error = error is not None and not may_raise(cell)
    return FAIL if failed_check or unexpected_error else PASS


def cell_checkpoint(
    notebook: str,
    cell: NotebookNode,
    outputs: Sequence[Any] | None,
    clean: Clean,
    clean_committed: Clean,
) -> Checkpoint | None:
    """The checkpoint `cell` is (None if it is none), given the outputs of the run (None: the
    cell did not run), cleaned with `clean`; its committed outputs, made with `COMMITTED`, are
    cleaned with `clean_committed`. Committed outputs make a cell a checkpoint and label it, so
    a report lists the same checkpoints however far its run got."""
    committed = clean_committed(shown_text(cell.get("outputs", [])))
    text = clean(shown_text(outputs)) if outputs is not None else ""
    error = error_of(outputs) if outputs is not None else None
    error = clean(error) if error is not None else None
    if not (shows_a_checkpoint(committed) or shows_a_checkpoint(text) or error is not None):
        return None
    marks = mark_lines(text)
    return Checkpoint(
        notebook=notebook,
        cell=str(cell.get("id")),
        label=label_of(committed) or label_of(text) or label_of(error or ""),
        result=NOT_RUN if outputs is None else result_of(cell, marks, error),
        marks=tuple(marks),
        http=tuple(http_lines(text)),
        error=error,
    )


def notebook_checkpoints(
    name: str, committed: NotebookNode, ran: Mapping[str, Sequence[Any]], clean: Clean
) -> list[Checkpoint]:
    """The checkpoints of the committed notebook `name`, in cell order, given the outputs of
    the run by cell id (a cell missing from `ran` did not run), cleaned with `clean`."""
    clean_committed = normaliser(COMMITTED)
    checkpoints = []
    for cell in committed.cells:
        if cell.cell_type != "code":
            continue
        outputs = ran.get(str(cell.get("id")))
        checkpoint = cell_checkpoint(name, cell, outputs, clean, clean_committed)
        if checkpoint is not None:
            checkpoints.append(checkpoint)
    return checkpoints


def executed_outputs(notebook: NotebookNode) -> dict[str, list[Any]]:
    """The outputs by cell id of the cells nbclient executed (those with an execution count;
    clear the counts before executing, see `unexecuted`)."""
    return {
        str(cell.get("id")): list(cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.get("execution_count") is not None
    }


def unexecuted(committed: NotebookNode) -> NotebookNode:
    """A copy of `committed` with no outputs and no execution counts, to execute."""
    notebook = copy.deepcopy(committed)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def is_nbval_cell(item: object) -> bool:
    """Whether a pytest item is one of nbval's notebook cells (an IPyNbCell)."""
    return hasattr(item, "test_outputs") and hasattr(getattr(item, "parent", None), "nb")


def nbval_checkpoints(items: Iterable[Any], clean: Clean) -> dict[str, list[Checkpoint]]:
    """The checkpoints of an nbval session by notebook name, from its collected items: each
    IPyNbCell holds its committed cell (`cell`), its notebook (`parent.nb`, `parent.path`) and
    once run, the outputs it got (`test_outputs`, None if it did not run)."""
    notebooks: dict[str, tuple[NotebookNode, dict[str, Sequence[Any]]]] = {}
    for item in items:
        if not is_nbval_cell(item):
            continue
        parent = item.parent
        _, ran = notebooks.setdefault(Path(str(parent.path)).stem, (parent.nb, {}))
        if item.test_outputs is not None:
            ran[str(item.cell.get("id"))] = item.test_outputs
    return {
        name: notebook_checkpoints(name, notebook, ran, clean)
        for name, (notebook, ran) in notebooks.items()
    }


# --- The file ---------------------------------------------------------------------------------


def report_path(backend: str) -> Path:
    return REPORTS / f"{backend}.jsonl"


def to_line(checkpoint: Checkpoint) -> str:
    record = asdict(checkpoint)
    record["marks"] = list(checkpoint.marks)
    record["http"] = [asdict(shown) for shown in checkpoint.http]
    return json.dumps(record, ensure_ascii=False)


def write_report(path: Path, checkpoints: Iterable[Checkpoint]) -> int:
    """Write the report (one JSON line per checkpoint, in the order given); the count."""
    lines = [to_line(checkpoint) for checkpoint in checkpoints]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def from_record(record: Any) -> Checkpoint:
    """A record read back, or ValueError saying what is wrong with it."""
    if not isinstance(record, dict) or sorted(record) != sorted(FIELDS):
        raise ValueError(f"expected the fields {', '.join(FIELDS)}")
    texts = [record[field] for field in ("notebook", "cell", "label")]
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("notebook, cell and label must be strings")
    if record["result"] not in RESULTS:
        raise ValueError(f"result must be one of {', '.join(RESULTS)}, not {record['result']!r}")
    if not isinstance(record["marks"], list) or not all(
        isinstance(m, str) for m in record["marks"]
    ):
        raise ValueError("marks must be a list of strings")
    if record["error"] is not None and not isinstance(record["error"], str):
        raise ValueError("error must be a string or null")
    if not isinstance(record["http"], list):
        raise ValueError("http must be a list")
    return Checkpoint(
        notebook=record["notebook"],
        cell=record["cell"],
        label=record["label"],
        result=record["result"],
        marks=tuple(record["marks"]),
        http=tuple(http_from_record(shown) for shown in record["http"]),
        error=record["error"],
    )


def http_from_record(shown: Any) -> HttpShown:
    if not isinstance(shown, dict) or sorted(shown) != ["body", "status", "what"]:
        raise ValueError("each http entry must have the fields what, status, body")
    status = shown["status"]
    if not (status is None or (isinstance(status, int) and not isinstance(status, bool))):
        raise ValueError(f"an http status must be a number or null, not {status!r}")
    if not isinstance(shown["what"], str) or not isinstance(shown["body"], str):
        raise ValueError("an http entry's what and body must be strings")
    return HttpShown(what=shown["what"], status=status, body=shown["body"])


def read_report(path: Path) -> list[Checkpoint]:
    """The report at `path`, or ReportError naming the file, the line and what is wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as err:
        raise ReportError(f"{path}: no such report") from err
    checkpoints = []
    for number, line in enumerate(lines, start=1):
        try:
            checkpoints.append(from_record(json.loads(line)))
        except ValueError as err:  # json.JSONDecodeError is a ValueError
            raise ReportError(f"{path}, line {number}: not a parity record: {err}") from err
    return checkpoints

"""tools/parity_report.py without a kernel: which cells are checkpoints, what a record holds,
how it is normalised, and the report file written and read back."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.parity_report import (
    COMMITTED,
    FAIL,
    NOT_RUN,
    PASS,
    Checkpoint,
    Environment,
    HttpShown,
    ReportError,
    cell_checkpoint,
    executed_outputs,
    http_lines,
    label_of,
    mark_lines,
    nbval_checkpoints,
    normaliser,
    notebook_checkpoints,
    read_report,
    shown_text,
    unexecuted,
    write_report,
)

CLEAN = normaliser()


def stdout(text: str) -> NotebookNode:
    output: NotebookNode = new_output("stream", name="stdout", text=text)
    return output


def cell(text: str, cell_id: str = "demo-1", **kwargs: Any) -> NotebookNode:
    """A code cell whose committed output is `text` on stdout."""
    code: NotebookNode = new_code_cell(
        "print(...)", id=cell_id, execution_count=1, outputs=[stdout(text)], **kwargs
    )
    return code


def failed_check(description: str) -> list[NotebookNode]:
    """What helpers.checks.check prints and raises when a checkpoint fails."""
    return [
        stdout(f"❌ {description}\n   Re-run the cell above.\n"),
        new_output(
            "error",
            ename="CheckpointFailed",
            evalue=f"Checkpoint failed: {description}. Re-run the cell above.",
            traceback=[],
        ),
    ]


def checkpoint_of(committed: NotebookNode, ran: list[NotebookNode] | None) -> Checkpoint | None:
    return cell_checkpoint("04_demo", committed, ran, CLEAN, CLEAN)


def record(**fields: Any) -> Checkpoint:
    defaults: dict[str, Any] = {
        "notebook": "04_demo",
        "cell": "demo-1",
        "label": "Without a token: 401",
        "result": PASS,
        "marks": ("✅ Without a token: 401",),
        "http": (HttpShown("no token", 401, '{"message":"Unauthorized"}'),),
        "error": None,
    }
    return Checkpoint(**{**defaults, **fields})


# --- HTTP lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (
            'HTTP 401: {"message":"Unauthorized"} (UnauthorizedException)',
            HttpShown("", 401, '{"message":"Unauthorized"} (UnauthorizedException)'),
        ),
        (
            'admin POST   HTTP 201: {"created":"bob","by":"alice"}',
            HttpShown("admin POST", 201, '{"created":"bob","by":"alice"}'),
        ),
        (
            "access token: HTTP 201: created",
            HttpShown("access token", 201, "created"),
        ),
        (
            'diagnose: HTTP 401 {"message":"Unauthorized"} → No token reached the authorizer.',
            HttpShown(
                "diagnose", 401, '{"message":"Unauthorized"} → No token reached the authorizer.'
            ),
        ),
        (
            'no token                | 401 | {"message":"Unauthorized"}       | refused',
            HttpShown("no token", 401, '{"message":"Unauthorized"}'),
        ),
        (
            "expired ID token        | -   | (skipped)                        | on AWS",
            HttpShown("expired ID token", None, "(skipped)"),
        ),
        (
            'Status: 200 | body: "Testing Lambda from API Gateway"',
            HttpShown("", 200, '"Testing Lambda from API Gateway"'),
        ),
        (
            "Status: 200 | function error: None",
            HttpShown("", 200, "function error: None"),
        ),
        (
            "With 'garbage': status 401, policy: None",
            HttpShown("With 'garbage'", 401, "policy: None"),
        ),
    ],
)
def test_an_http_line_shows_what_was_sent_the_status_and_the_body(
    line: str, shown: HttpShown
) -> None:
    assert http_lines(line) == [shown]


def test_a_check_line_that_names_a_status_is_a_mark_not_an_http_line() -> None:
    assert http_lines('✅ Without a token: HTTP 401 {"message":"Unauthorized"}') == []


@pytest.mark.parametrize(
    "line",
    [
        "attempt                 | HTTP| body                 | why",
        "Invoke URL: http://127.0.0.1:PORT/restapis/API_ID/dev/_user_request_/users",
        "Backend: local | region: us-east-1 | prefix: alice",
    ],
)
def test_a_line_without_a_status_is_no_http_line(line: str) -> None:
    assert http_lines(line) == []


def test_mark_lines_keep_the_indentation_of_diagnosis_details() -> None:
    text = "HTTP 401 {}\n  ✅ alg is RS256: alg: RS256  \n  ❌ not expired\nLikely cause: …\n"
    assert mark_lines(text) == ["  ✅ alg is RS256: alg: RS256", "  ❌ not expired"]


# --- What the learner reads -----------------------------------------------------------------


def test_shown_text_joins_stdout_and_leaves_stderr_out() -> None:
    outputs = [stdout("✅ one\n"), new_output("stream", name="stderr", text="a warning\n")]
    outputs.append(stdout("✅ two\n"))
    assert shown_text(outputs) == "✅ one\n✅ two\n"


def test_shown_text_includes_the_text_of_a_result() -> None:
    result = new_output("execute_result", data={"text/plain": "ApiCaller(url=...)"})
    assert shown_text([result]) == "ApiCaller(url=...)\n"


# --- Which cells are checkpoints ------------------------------------------------------------


def test_a_cell_without_a_mark_or_a_status_is_no_checkpoint() -> None:
    plain = cell("Role: alice-users-lambda-role\n")
    assert checkpoint_of(plain, plain.outputs) is None


def test_a_passed_check_is_a_checkpoint_that_passes() -> None:
    check = cell("✅ The function is Active\n")
    assert checkpoint_of(check, check.outputs) == Checkpoint(
        notebook="04_demo",
        cell="demo-1",
        label="The function is Active",
        result=PASS,
        marks=("✅ The function is Active",),
        http=(),
        error=None,
    )


def test_a_failed_check_fails_with_its_error() -> None:
    checkpoint = checkpoint_of(cell("✅ The function is Active\n"), failed_check("Active"))
    assert checkpoint is not None
    assert (checkpoint.result, checkpoint.marks, checkpoint.error) == (
        FAIL,
        ("❌ Active",),
        "CheckpointFailed: Checkpoint failed: Active. Re-run the cell above.",
    )


def test_a_fail_mark_in_a_diagnosis_detail_does_not_fail_the_checkpoint() -> None:
    diagnosis = cell('HTTP 401 {"message":"Unauthorized"}\n  ❌ token in the header: none\n')
    checkpoint = checkpoint_of(diagnosis, diagnosis.outputs)
    assert checkpoint is not None
    assert checkpoint.result == PASS


def test_a_cell_the_run_did_not_reach_is_not_run_and_labelled_from_the_committed_outputs() -> None:
    checkpoint = checkpoint_of(cell("✅ The function is Active\n"), None)
    assert checkpoint == Checkpoint(
        "04_demo", "demo-1", "The function is Active", NOT_RUN, (), (), None
    )


def test_a_cell_that_raised_is_a_checkpoint_even_when_it_shows_nothing_else() -> None:
    error = new_output("error", ename="WorkbookError", evalue="Function is Pending", traceback=[])
    checkpoint = checkpoint_of(cell("Role: alice-users-lambda-role\n"), [error])
    assert checkpoint is not None
    assert (checkpoint.result, checkpoint.error) == (FAIL, "WorkbookError: Function is Pending")


def test_an_error_in_a_cell_marked_to_raise_passes() -> None:
    marked = cell("✅ shown\n", metadata={"tags": ["raises-exception"]})
    error = new_output("error", ename="ValueError", evalue="shown to the learner", traceback=[])
    checkpoint = checkpoint_of(marked, [stdout("✅ shown\n"), error])
    assert checkpoint is not None
    assert checkpoint.result == PASS


def test_the_label_comes_from_the_committed_outputs_not_the_run() -> None:
    checkpoint = checkpoint_of(cell("✅ The function is Active\n"), failed_check("Pending"))
    assert checkpoint is not None
    assert checkpoint.label == "The function is Active"


def test_the_label_is_the_first_check_line_before_any_other_line() -> None:
    assert label_of("{'MinimumLength': 12}\n✅ The pool requires strong passwords\n") == (
        "The pool requires strong passwords"
    )


def test_the_label_is_the_first_http_line_of_a_table() -> None:
    table = "attempt   | HTTP| body | why\nno token  | 401 | {}   | refused\n"
    assert label_of(table) == "no token | 401 | {} | refused"


def test_a_long_label_is_cut_to_eighty_characters() -> None:
    assert len(label_of("✅ " + "x" * 200)) == 80


# --- Normalising ----------------------------------------------------------------------------


def test_the_nbval_sanitize_rules_apply() -> None:
    assert CLEAN("127.0.0.1:40413 1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b") == "127.0.0.1:PORT UUID"


def test_the_learners_prefix_account_and_region_are_written_as_the_committed_ones() -> None:
    clean = normaliser(Environment(prefix="carol", account="111122223333", region="eu-west-1"))
    text = "Hello, carol! carol-users arn:aws:lambda:eu-west-1:111122223333:function:carol-users"
    assert clean(text) == (
        "Hello, alice! alice-users arn:aws:lambda:us-east-1:123456789012:function:alice-users"
    )


def test_the_prefix_is_not_rewritten_inside_a_longer_word() -> None:
    assert normaliser(Environment("carol", "1", "x"))("carolina") == "carolina"


def test_the_committed_environment_rewrites_nothing() -> None:
    assert normaliser(COMMITTED)("alice-users in us-east-1") == "alice-users in us-east-1"


def test_a_checkpoints_http_body_is_normalised_like_its_marks() -> None:
    clean = normaliser(Environment("carol", "111122223333", "eu-west-1"))
    greeting = cell("HTTP 200: Hello, alice!\n")
    checkpoint = cell_checkpoint(
        "05", greeting, [stdout("HTTP 200: Hello, carol!\n")], clean, CLEAN
    )
    assert checkpoint is not None
    assert checkpoint.http == (HttpShown("", 200, "Hello, alice!"),)


# --- Notebooks ------------------------------------------------------------------------------


def demo_notebook() -> NotebookNode:
    notebook: NotebookNode = new_notebook()
    notebook.cells = [
        new_markdown_cell("# Demo", id="demo-0"),
        cell("Function: alice-users\n", "demo-1"),
        cell("✅ The function is Active\n", "demo-2"),
        cell("HTTP 200: Testing Lambda from API Gateway\n", "demo-3"),
    ]
    return notebook


def test_a_notebooks_checkpoints_are_its_checkpoint_cells_in_order() -> None:
    notebook = demo_notebook()
    checkpoints = notebook_checkpoints("01_demo", notebook, executed_outputs(notebook), CLEAN)
    assert [(c.cell, c.result) for c in checkpoints] == [("demo-2", PASS), ("demo-3", PASS)]


def test_an_unexecuted_copy_has_no_outputs_and_no_counts() -> None:
    copy = unexecuted(demo_notebook())
    assert [(c.outputs, c.execution_count) for c in copy.cells[1:]] == [([], None)] * 3


def test_cells_after_the_one_that_failed_are_not_run() -> None:
    notebook = demo_notebook()
    run = unexecuted(notebook)
    run.cells[1].execution_count, run.cells[1].outputs = 1, notebook.cells[1].outputs
    run.cells[2].execution_count, run.cells[2].outputs = 2, failed_check("Active")
    checkpoints = notebook_checkpoints("01_demo", notebook, executed_outputs(run), CLEAN)
    assert [(c.cell, c.result) for c in checkpoints] == [("demo-2", FAIL), ("demo-3", NOT_RUN)]


def nbval_item(notebook: NotebookNode, path: str, index: int, ran: bool) -> SimpleNamespace:
    """What the report reads of nbval's IPyNbCell: its cell, its notebook, its outputs."""
    committed = notebook.cells[index]
    parent = SimpleNamespace(nb=notebook, path=Path(path))
    return SimpleNamespace(
        cell=committed, parent=parent, test_outputs=committed.outputs if ran else None
    )


def test_nbval_items_give_each_notebooks_checkpoints_by_name() -> None:
    notebook = demo_notebook()
    items = [
        SimpleNamespace(parent=SimpleNamespace()),  # a plain test item
        nbval_item(notebook, "notebooks/01_demo.ipynb", 1, ran=True),
        nbval_item(notebook, "notebooks/01_demo.ipynb", 2, ran=True),
        nbval_item(notebook, "notebooks/01_demo.ipynb", 3, ran=False),  # skipped
    ]
    checkpoints = nbval_checkpoints(items, CLEAN)
    assert {name: [(c.cell, c.result) for c in cs] for name, cs in checkpoints.items()} == {
        "01_demo": [("demo-2", PASS), ("demo-3", NOT_RUN)]
    }


# --- The file -------------------------------------------------------------------------------


def test_a_report_reads_back_as_it_was_written(tmp_path: Path) -> None:
    checkpoints = [record(), record(cell="demo-2", result=NOT_RUN, marks=(), http=())]
    write_report(tmp_path / "local.jsonl", checkpoints)
    assert read_report(tmp_path / "local.jsonl") == checkpoints


def test_a_record_is_one_json_line_with_the_marks_unescaped(tmp_path: Path) -> None:
    write_report(tmp_path / "local.jsonl", [record()])
    assert (tmp_path / "local.jsonl").read_text(encoding="utf-8") == (
        '{"notebook": "04_demo", "cell": "demo-1", "label": "Without a token: 401", '
        '"result": "pass", "marks": ["✅ Without a token: 401"], "http": [{"what": "no token", '
        '"status": 401, "body": "{\\"message\\":\\"Unauthorized\\"}"}], "error": null}\n'
    )


def test_reading_a_missing_report_names_it(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="aws.jsonl: no such report"):
        read_report(tmp_path / "aws.jsonl")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 2: not a parity record"),
        ('{"notebook": "04_demo"}', "line 2: .*expected the fields notebook, cell, label"),
        (
            '{"notebook": "n", "cell": "c", "label": "l", "result": "ok", "marks": [], '
            '"http": [], "error": null}',
            "line 2: .*result must be one of pass, fail, not run, not 'ok'",
        ),
        (
            '{"notebook": "n", "cell": "c", "label": "l", "result": "pass", "marks": [], '
            '"http": [{"what": "", "status": "401", "body": ""}], "error": null}',
            "line 2: .*an http status must be a number or null, not '401'",
        ),
    ],
)
def test_reading_a_line_that_is_no_record_names_the_line_and_the_fault(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "local.jsonl"
    write_report(path, [record()])
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(ReportError, match=message):
        read_report(path)

"""Named retries and condition waits: only the named AWS error is retried, only until the
deadline, and the learner sees what is being waited for."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from botocore.exceptions import ClientError
from nbformat import NotebookNode
from nbval.plugin import coalesce_streams

from helpers.errors import WorkbookError
from helpers.waits import NotYet, retry_on_error, retry_until_found, wait_until
from tests.helpers.fakes import FakeClock, captured_progress, client_error

ROLE_NOT_READY = client_error(
    "InvalidParameterValueException",
    "The role defined for the function cannot be assumed by Lambda.",
    "CreateFunction",
)


def failing(times: int, error: ClientError) -> Callable[[], str]:
    calls = {"n": 0}

    def call() -> str:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return "created"

    return call


def retry_role(call: Callable[[], str], clock: FakeClock, deadline_s: float = 60) -> str:
    progress, _ = captured_progress()
    return retry_on_error(
        call,
        code="InvalidParameterValueException",
        message_contains="cannot be assumed",
        what="Creating function 'alice-users'",
        next_step="Re-run this cell in a minute.",
        deadline_s=deadline_s,
        clock=clock,
        progress=progress,
    )


def test_role_propagation_error_is_retried_with_backoff_until_it_succeeds() -> None:
    clock = FakeClock()
    assert retry_role(failing(3, ROLE_NOT_READY), clock) == "created"
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_other_invalid_parameter_errors_are_not_retried() -> None:
    other = client_error("InvalidParameterValueException", "Bad handler", "CreateFunction")
    with pytest.raises(ClientError, match="Bad handler"):
        retry_role(failing(1, other), FakeClock())


def test_deadline_gives_a_workbook_error_naming_the_code_and_next_step() -> None:
    with pytest.raises(
        WorkbookError,
        match=r"Creating function 'alice-users' still failed after 10 s "
        r"\(InvalidParameterValueException: .*\)\. Re-run this cell in a minute\.",
    ):
        retry_role(failing(100, ROLE_NOT_READY), FakeClock(), deadline_s=10)


def test_any_of_several_named_codes_is_retried() -> None:
    clock = FakeClock()
    progress, _ = captured_progress()
    errors = iter([client_error("A"), client_error("B")])

    def call() -> str:
        error = next(errors, None)
        if error is not None:
            raise error
        return "done"

    result = retry_on_error(
        call,
        code=("A", "B"),
        what="x",
        next_step="y",
        deadline_s=30,
        clock=clock,
        progress=progress,
    )
    assert (result, clock.sleeps) == ("done", [1.0, 2.0])


def test_a_retry_shows_what_it_waits_for_and_erases_the_line_when_done() -> None:
    progress, stream = captured_progress()
    retry_on_error(
        failing(2, ROLE_NOT_READY),
        code="InvalidParameterValueException",
        what="Creating function 'alice-users'",
        waiting_for="IAM to propagate role 'r'",
        next_step="Re-run.",
        deadline_s=60,
        clock=FakeClock(),
        progress=progress,
    )
    line_1 = "Creating function 'alice-users': waiting for IAM to propagate role 'r'… 0 s"
    line_2 = "Creating function 'alice-users': waiting for IAM to propagate role 'r'… 1 s"
    assert stream.getvalue() == f"\r{line_1}\r{line_2}\r{' ' * len(line_2)}\r"


def test_a_retry_that_succeeds_at_once_prints_nothing() -> None:
    progress, stream = captured_progress()
    retry_on_error(
        lambda: "ok",
        code="X",
        what="x",
        next_step="y",
        deadline_s=5,
        clock=FakeClock(),
        progress=progress,
    )
    assert stream.getvalue() == ""


def test_wait_until_returns_the_first_ready_answer_with_backoff() -> None:
    clock = FakeClock()
    answers = iter([NotYet("HTTP 200"), NotYet("HTTP 200"), NotYet("HTTP 200"), "HTTP 401"])
    progress, _ = captured_progress()
    result = wait_until(
        lambda: next(answers),
        what="the new deployment to be served",
        next_step="Re-run this cell.",
        deadline_s=60,
        clock=clock,
        progress=progress,
    )
    assert (result, clock.sleeps) == ("HTTP 401", [0.5, 1.0, 2.0])


def test_wait_until_ends_with_one_final_line_naming_the_seconds_waited() -> None:
    clock = FakeClock()
    answers = iter([NotYet("HTTP 200"), NotYet("HTTP 200"), "served"])
    progress, stream = captured_progress()
    wait_until(
        lambda: next(answers),
        what="the new deployment to be served",
        next_step="Re-run this cell.",
        deadline_s=60,
        done="The stage serves the new deployment",
        first_delay_s=1,
        clock=clock,
        progress=progress,
    )
    waiting = "waiting for the new deployment to be served… "
    assert stream.getvalue() == (
        f"\r{waiting}0 s\r{waiting}1 s\r{' ' * (len(waiting) + 3)}\r"
        "The stage serves the new deployment (waited 3 s)\n"
    )


def test_wait_until_that_is_ready_at_once_prints_only_the_final_line() -> None:
    progress, stream = captured_progress()
    wait_until(
        lambda: "served",
        what="x",
        next_step="y",
        deadline_s=5,
        done="The stage serves the new deployment",
        clock=FakeClock(),
        progress=progress,
    )
    assert stream.getvalue() == "The stage serves the new deployment (waited 0 s)\n"


def test_wait_until_gives_up_at_the_deadline_with_the_last_status_and_next_step() -> None:
    progress, stream = captured_progress()
    with pytest.raises(
        WorkbookError,
        match=r"^Still waiting for the new deployment to be served after 10 s "
        r"\(last seen: HTTP 200\)\. Re-run this cell\.$",
    ):
        wait_until(
            lambda: NotYet("HTTP 200"),
            what="the new deployment to be served",
            next_step="Re-run this cell.",
            deadline_s=10,
            clock=FakeClock(),
            progress=progress,
        )
    assert stream.getvalue().endswith("\r")  # the line was erased


def test_wait_until_stops_at_once_when_the_check_raises() -> None:
    clock = FakeClock()

    def check() -> str:
        raise WorkbookError("Domain FAILED")

    with pytest.raises(WorkbookError, match="Domain FAILED"):
        wait_until(check, what="x", next_step="y", deadline_s=120, clock=clock)
    assert clock.sleeps == []


def test_retry_until_found_returns_the_first_result() -> None:
    clock = FakeClock()
    results = iter([None, None, ["START", "REPORT"]])
    progress, _ = captured_progress()
    found = retry_until_found(
        lambda: next(results),
        what="the logs",
        next_step="Re-run.",
        deadline_s=30,
        clock=clock,
        progress=progress,
    )
    assert found == ["START", "REPORT"]


def test_retry_until_found_gives_up_at_the_deadline() -> None:
    progress, _ = captured_progress()
    with pytest.raises(
        WorkbookError, match=r"Still waiting for the logs after 5 s \(last seen: not there yet\)"
    ):
        retry_until_found(
            lambda: None,
            what="the logs",
            next_step="Re-run.",
            deadline_s=5,
            clock=FakeClock(),
            progress=progress,
        )


def nbval_sees(text: str) -> str:
    """The stream text nbval compares (it drops what a carriage return overwrote)."""
    output = NotebookNode(output_type="stream", name="stdout", text=text)
    return str(coalesce_streams([output])[0].text)


def test_nbval_sees_only_the_final_line_of_a_wait_that_had_to_wait() -> None:
    def run(check: Callable[[], str | NotYet]) -> str:
        progress, stream = captured_progress()
        wait_until(
            check,
            what="the new deployment to be served",
            next_step="",
            deadline_s=60,
            done="The stage serves the new deployment",
            clock=FakeClock(),
            progress=progress,
        )
        return re.sub(r"\(waited \d+ s\)", "(waited N s)", nbval_sees(stream.getvalue()))

    answers: Iterator[str | NotYet] = iter([NotYet("HTTP 200"), NotYet("HTTP 200"), "served"])
    after_waiting = run(lambda: next(answers))
    at_once = run(lambda: "served")
    assert after_waiting == at_once == "The stage serves the new deployment (waited N s)\n"


def test_nbval_sees_nothing_of_a_retry_that_succeeded_before_the_cells_output() -> None:
    progress, stream = captured_progress()
    retry_on_error(
        failing(2, ROLE_NOT_READY),
        code="InvalidParameterValueException",
        what="Creating function 'alice-users'",
        next_step="",
        deadline_s=60,
        clock=FakeClock(),
        progress=progress,
    )
    stream.write("Function: alice-users is Active\n")  # the cell's own print
    assert nbval_sees(stream.getvalue()) == "Function: alice-users is Active\n"

"""Named retries: only the named AWS error is retried, and only until the deadline."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import ClientError

from helpers.errors import WorkbookError
from helpers.waits import retry_on_error, retry_until_found

ROLE_NOT_READY = ClientError(
    {
        "Error": {
            "Code": "InvalidParameterValueException",
            "Message": "The role defined for the function cannot be assumed by Lambda.",
        }
    },
    "CreateFunction",
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def failing(times: int, error: ClientError) -> Callable[[], str]:
    calls = {"n": 0}

    def call() -> str:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return "created"

    return call


def retry_role(call: Callable[[], str], clock: FakeClock, deadline_s: float = 60) -> str:
    return retry_on_error(
        call,
        code="InvalidParameterValueException",
        message_contains="cannot be assumed",
        what="Creating function 'alice-users'",
        next_step="Re-run this cell in a minute.",
        deadline_s=deadline_s,
        sleep=clock.sleep,
        clock=clock,
    )


def test_role_propagation_error_is_retried_with_backoff_until_it_succeeds() -> None:
    clock = FakeClock()
    assert retry_role(failing(3, ROLE_NOT_READY), clock) == "created"
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_other_invalid_parameter_errors_are_not_retried() -> None:
    other = ClientError(
        {"Error": {"Code": "InvalidParameterValueException", "Message": "Bad handler"}},
        "CreateFunction",
    )
    with pytest.raises(ClientError, match="Bad handler"):
        retry_role(failing(1, other), FakeClock())


def test_deadline_gives_a_workbook_error_naming_the_code_and_next_step() -> None:
    with pytest.raises(
        WorkbookError,
        match=r"Creating function 'alice-users' still failed after 10 s "
        r"\(InvalidParameterValueException: .*\)\. Re-run this cell in a minute\.",
    ):
        retry_role(failing(100, ROLE_NOT_READY), FakeClock(), deadline_s=10)


def test_retry_until_found_returns_the_first_result() -> None:
    clock = FakeClock()
    results = iter([None, None, ["START", "REPORT"]])
    found = retry_until_found(
        lambda: next(results),
        what="Logs",
        next_step="Re-run.",
        deadline_s=30,
        sleep=clock.sleep,
        clock=clock,
    )
    assert found == ["START", "REPORT"]


def test_retry_until_found_gives_up_at_the_deadline() -> None:
    clock = FakeClock()
    with pytest.raises(WorkbookError, match="Logs did not arrive within 5 s. Re-run."):
        retry_until_found(
            lambda: None,
            what="Logs",
            next_step="Re-run.",
            deadline_s=5,
            sleep=clock.sleep,
            clock=clock,
        )

"""Waiting out AWS's eventual consistency: every wait has a deadline, a backoff, a line for the
learner and a next step. No fixed sleeps.

Two kinds of wait:

- ``retry_on_error``: call again while the call raises a *named* AWS error, e.g. a new role
  not assumable yet (``InvalidParameterValueException`` "cannot be assumed"), throttling
  (``TooManyRequestsException``), a function still being updated
  (``ResourceConflictException``), an IAM read right after a write (``NoSuchEntity``). Any
  other error is raised at once.
- ``wait_until``: poll a check until it says "ready": a new deployment served by its stage,
  a function Active, a user pool domain ACTIVE, deleted resources gone from the listings. A
  check may also raise at once when waiting cannot help (a domain that is ``FAILED``).

What the learner sees. Waits print, like checkpoints (``helpers.checks``), because a cell that
blocks must say what it waits for. While waiting, one line rewritten in place,
``waiting for the new deployment to be served… 3 s``, on stdout between carriage returns.
When the wait ends, the line is erased (a retry that succeeded leaves the cell's output as if
nothing had been waited for), or, for a wait that is its cell's purpose, replaced by one final
line ending in ``(waited 3 s)``. So notebook outputs stay deterministic: nbval drops text that
a carriage return overwrote, and ``tests/nbval_sanitize.cfg`` turns ``waited 3 s`` into
``waited N s``. Everything is also logged.

Tests replace the time source with ``clock=`` (anything with ``monotonic()`` and ``sleep()``)
or by setting ``waits.CLOCK``; the learner's line goes to ``progress=`` or ``waits.PROGRESS``.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO, TypeVar

from botocore.exceptions import ClientError

from helpers.errors import WorkbookError, error_code, error_message

logger = logging.getLogger(__name__)

T = TypeVar("T")

ROLE_PROPAGATION_DEADLINE_S = 90.0
THROTTLE_DEADLINE_S = 60.0
READ_AFTER_WRITE_DEADLINE_S = 30.0


class Clock(Protocol):
    """Where waits read the time and sleep (the system clock, or a fake one in tests)."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """``time.monotonic`` and ``time.sleep``, looked up at each call."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class Progress:
    """The learner's wait line: rewritten in place while waiting, then erased or finalised.

    Writes to ``stream``, or to the ``sys.stdout`` of the moment (a notebook cell's, pytest's
    capture), and flushes, so the line shows while the cell is still running.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._shown = 0

    def _write(self, text: str) -> None:
        stream = self._stream or sys.stdout
        stream.write(text)
        stream.flush()

    def waiting(self, line: str) -> None:
        """Show ``line`` in place of the previous one."""
        self._write("\r" + line.ljust(self._shown))
        self._shown = len(line)

    def erase(self) -> None:
        """Remove the line (if one was shown): the wait leaves no output."""
        if self._shown:
            self._write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def final(self, line: str) -> None:
        """Replace the line with ``line`` and end it (no padding: the output must not depend
        on whether there was a line to replace)."""
        self.erase()
        self._write(line + "\n")


CLOCK: Clock = SystemClock()
PROGRESS: Progress = Progress()


@dataclass(frozen=True)
class NotYet:
    """A check's answer "not ready yet", with what it saw, e.g. ``"HTTP 200"``, ``"CREATING"``."""

    status: str


def waited_line(done: str, seconds: float) -> str:
    """The final line of a wait: ``<done> (waited 3 s)``."""
    return f"{done} (waited {seconds:.0f} s)"


def _waiting_line(what: str, seconds: float) -> str:
    return f"waiting for {what}… {seconds:.0f} s"


def wait_until(
    check: Callable[[], T | NotYet],
    *,
    what: str,
    next_step: str,
    deadline_s: float,
    done: str | None = None,
    first_delay_s: float = 0.5,
    max_delay_s: float = 5.0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> T:
    """Call ``check()`` until it returns something other than ``NotYet``; return that.

    ``what`` completes "waiting for …" (e.g. "the new deployment to be served"). Between
    checks it backs off from ``first_delay_s`` to ``max_delay_s``. With ``done``, the wait
    ends with the line ``<done> (waited N s)``; without, its line is erased. At the deadline
    it raises a WorkbookError with the last status seen and ``next_step``. Exceptions from
    ``check`` (e.g. a state that waiting cannot fix) end the wait at once.
    """
    clock = clock or CLOCK
    progress = progress or PROGRESS
    started = clock.monotonic()
    deadline = started + deadline_s
    delay = first_delay_s
    try:
        while True:
            result = check()
            elapsed = clock.monotonic() - started
            if not isinstance(result, NotYet):
                if done is None:
                    progress.erase()
                else:
                    progress.final(waited_line(done, elapsed))
                logger.info("%s: ready after %.1f s", what, elapsed)
                return result
            if clock.monotonic() + delay > deadline:
                raise WorkbookError(
                    f"Still waiting for {what} after {deadline_s:.0f} s "
                    f"(last seen: {result.status}). {next_step}"
                )
            progress.waiting(_waiting_line(what, elapsed))
            logger.info("Waiting for %s (%s); checking again in %.1f s", what, result.status, delay)
            clock.sleep(delay)
            delay = min(delay * 2, max_delay_s)
    except BaseException:
        progress.erase()
        raise


def retry_on_error(
    call: Callable[[], T],
    *,
    code: str | tuple[str, ...],
    what: str,
    next_step: str,
    message_contains: str | None = None,
    waiting_for: str | None = None,
    deadline_s: float,
    first_delay_s: float = 1.0,
    max_delay_s: float = 8.0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> T:
    """Call ``call()``; while it raises the named AWS error(s), back off and call again.

    Any other error is re-raised unchanged. While it retries, the learner sees
    ``<what>: waiting for <waiting_for>… N s``; the line is erased when the call succeeds.
    When ``deadline_s`` passes, raise a WorkbookError saying ``what`` failed, with the AWS
    code and message, and ``next_step``.
    """
    clock = clock or CLOCK
    progress = progress or PROGRESS
    codes = (code,) if isinstance(code, str) else code
    reason = waiting_for or f"{' or '.join(codes)} to clear"
    started = clock.monotonic()
    deadline = started + deadline_s
    delay = first_delay_s
    attempt = 1
    try:
        while True:
            try:
                result = call()
            except ClientError as err:
                matches = error_code(err) in codes and (
                    message_contains is None or message_contains in error_message(err)
                )
                if not matches:
                    raise
                if clock.monotonic() + delay > deadline:
                    raise WorkbookError(
                        f"{what} still failed after {deadline_s:.0f} s "
                        f"({error_code(err)}: {error_message(err)}). {next_step}"
                    ) from err
                elapsed = clock.monotonic() - started
                progress.waiting(f"{what}: {_waiting_line(reason, elapsed)}")
                logger.info(
                    "%s: %s on attempt %d; retrying in %.1f s",
                    what,
                    error_code(err),
                    attempt,
                    delay,
                )
                clock.sleep(delay)
                delay = min(delay * 2, max_delay_s)
                attempt += 1
            else:
                progress.erase()
                return result
    except BaseException:
        progress.erase()
        raise


def retry_role_propagation(call: Callable[[], T], *, role_name: str, what: str) -> T:
    """Retry while Lambda says the (new) execution role cannot be assumed yet."""
    return retry_on_error(
        call,
        code="InvalidParameterValueException",
        message_contains="cannot be assumed",
        what=what,
        waiting_for=f"IAM to propagate role '{role_name}'",
        next_step=(
            f"IAM has not propagated role '{role_name}' yet, or its trust policy does not "
            "allow lambda.amazonaws.com. Re-run this cell in a minute."
        ),
        deadline_s=ROLE_PROPAGATION_DEADLINE_S,
    )


def retry_throttled(
    call: Callable[[], T],
    *,
    what: str,
    deadline_s: float = THROTTLE_DEADLINE_S,
    first_delay_s: float = 2.0,
    max_delay_s: float = 8.0,
) -> T:
    """Retry ``TooManyRequestsException`` (API Gateway's and Cognito's throttling) beyond
    botocore's own attempts. Some quotas are slow: DeleteRestApi allows one call every 30 s
    per account, so its caller passes a longer deadline and delay."""
    return retry_on_error(
        call,
        code="TooManyRequestsException",
        what=what,
        waiting_for="the request quota (TooManyRequestsException)",
        next_step="The account is being throttled (busy workshop?). Re-run this cell shortly.",
        deadline_s=deadline_s,
        first_delay_s=first_delay_s,
        max_delay_s=max_delay_s,
    )


def retry_read_after_write(call: Callable[[], T], *, code: str, what: str, next_step: str) -> T:
    """Retry a read that comes right after a write while it says "not found" (``code``):
    IAM, for one, may answer ``NoSuchEntity`` for a policy it has just accepted."""
    return retry_on_error(
        call,
        code=code,
        what=what,
        waiting_for="the change to propagate",
        next_step=next_step,
        deadline_s=READ_AFTER_WRITE_DEADLINE_S,
        first_delay_s=0.5,
        max_delay_s=4.0,
    )


def retry_until_found(
    call: Callable[[], T | None],
    *,
    what: str,
    next_step: str,
    deadline_s: float,
    first_delay_s: float = 0.5,
    max_delay_s: float = 4.0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> T:
    """Call ``call()`` until it returns something other than None, backing off in between.

    For data AWS delivers asynchronously, such as CloudWatch Logs events, which reach the
    log group a few seconds after the invocation on AWS (at once on the emulator).
    """

    def check() -> T | NotYet:
        result = call()
        return NotYet("not there yet") if result is None else result

    return wait_until(
        check,
        what=what,
        next_step=next_step,
        deadline_s=deadline_s,
        first_delay_s=first_delay_s,
        max_delay_s=max_delay_s,
        clock=clock,
        progress=progress,
    )

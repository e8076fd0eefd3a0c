"""Named waits for AWS's eventual consistency: retry a specific error, never a blind sleep.

- IAM propagation: a new role is often not assumable by Lambda for a few seconds, and
  ``CreateFunction`` fails with ``InvalidParameterValueException`` "The role defined for the
  function cannot be assumed by Lambda."
- Throttling: API Gateway's control plane allows few requests per second per account
  (``TooManyRequestsException``). botocore's standard retry mode retries it a few times;
  ``retry_throttled`` rides out longer bursts, e.g. a workshop sharing one account.
- Function state: a new function is ``Pending`` until Lambda has set it up; the
  ``function_active_v2`` / ``function_updated_v2`` waiters wait for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from botocore.exceptions import ClientError, WaiterError

from helpers.errors import WorkbookError, error_code, error_message

if TYPE_CHECKING:
    from mypy_boto3_lambda import LambdaClient
    from mypy_boto3_lambda.waiter import FunctionActiveV2Waiter, FunctionUpdatedV2Waiter

logger = logging.getLogger(__name__)

T = TypeVar("T")

ROLE_PROPAGATION_DEADLINE_S = 90.0
THROTTLE_DEADLINE_S = 60.0


def retry_on_error(
    call: Callable[[], T],
    *,
    code: str,
    what: str,
    next_step: str,
    message_contains: str | None = None,
    deadline_s: float,
    first_delay_s: float = 1.0,
    max_delay_s: float = 8.0,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> T:
    """Call ``call()``; while it raises the named AWS error, back off and call again.

    Any other error is re-raised unchanged. When ``deadline_s`` passes, raise a
    WorkbookError saying ``what`` was being waited for and ``next_step``.
    """
    sleep = sleep or time.sleep  # looked up per call, so tests can replace time.sleep
    clock = clock or time.monotonic
    deadline = clock() + deadline_s
    delay = first_delay_s
    attempt = 1
    while True:
        try:
            return call()
        except ClientError as err:
            matches = error_code(err) == code and (
                message_contains is None or message_contains in error_message(err)
            )
            if not matches:
                raise
            if clock() + delay > deadline:
                raise WorkbookError(
                    f"{what} still failed after {deadline_s:.0f} s "
                    f"({code}: {error_message(err)}). {next_step}"
                ) from err
            logger.info("%s: %s on attempt %d; retrying in %.1f s", what, code, attempt, delay)
            sleep(delay)
            delay = min(delay * 2, max_delay_s)
            attempt += 1


def retry_role_propagation(call: Callable[[], T], *, role_name: str, what: str) -> T:
    """Retry while Lambda says the (new) execution role cannot be assumed yet."""
    return retry_on_error(
        call,
        code="InvalidParameterValueException",
        message_contains="cannot be assumed",
        what=what,
        next_step=(
            f"IAM has not propagated role '{role_name}' yet, or its trust policy does not "
            "allow lambda.amazonaws.com. Re-run this cell in a minute."
        ),
        deadline_s=ROLE_PROPAGATION_DEADLINE_S,
    )


def retry_throttled(call: Callable[[], T], *, what: str) -> T:
    """Retry API Gateway's ``TooManyRequestsException`` beyond botocore's own attempts."""
    return retry_on_error(
        call,
        code="TooManyRequestsException",
        what=what,
        next_step="The account is being throttled (busy workshop?). Re-run this cell shortly.",
        deadline_s=THROTTLE_DEADLINE_S,
        first_delay_s=2.0,
    )


def _wait(
    waiter: FunctionActiveV2Waiter | FunctionUpdatedV2Waiter, function_name: str, state: str
) -> None:
    try:
        waiter.wait(FunctionName=function_name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    except WaiterError as err:
        last = err.last_response or {}
        config = last.get("Configuration", last)
        reason = config.get("StateReason") or config.get("LastUpdateStatusReason") or err.reason
        raise WorkbookError(
            f"Function '{function_name}' did not become {state} ({reason}). "
            "Check the function in the Lambda console, then re-run this cell."
        ) from err


def wait_function_active(lambda_client: LambdaClient, function_name: str) -> None:
    """Wait until a new function leaves ``Pending`` (waiter ``function_active_v2``)."""
    _wait(lambda_client.get_waiter("function_active_v2"), function_name, "Active")


def wait_function_updated(lambda_client: LambdaClient, function_name: str) -> None:
    """Wait until a code/config update finishes (waiter ``function_updated_v2``)."""
    _wait(lambda_client.get_waiter("function_updated_v2"), function_name, "Updated")


def retry_until_found(
    call: Callable[[], T | None],
    *,
    what: str,
    next_step: str,
    deadline_s: float,
    first_delay_s: float = 0.5,
    max_delay_s: float = 4.0,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> T:
    """Call ``call()`` until it returns something other than None, backing off in between.

    For data AWS delivers asynchronously, such as CloudWatch Logs events, which reach the
    log group a few seconds after the invocation on AWS (at once on the emulator).
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + deadline_s
    delay = first_delay_s
    while True:
        result = call()
        if result is not None:
            return result
        if clock() + delay > deadline:
            raise WorkbookError(f"{what} did not arrive within {deadline_s:.0f} s. {next_step}")
        logger.info("%s not there yet; checking again in %.1f s", what, delay)
        sleep(delay)
        delay = min(delay * 2, max_delay_s)

"""The helpers on an emulator in eventual mode, and the helpers' waits taken out again.

For tests/helpers/test_waits_bite.py (docs/aws-behaviour.md section 21). Two emulators:

- *quick*, at delay scale 0.1 (AWS's 5 s last 0.5 s): the helpers wait AWS's delays out for
  real, as they do in a learner's notebook;
- *stretched*, at delay scale 100: every delay lasts a hundred times AWS's (the shortest, 2 s
  of Pending, lasts 200 s), so a call made right after the call that started a delay meets
  it, however slow the machine. Building the state before the step under test must not take
  that long, so there the helpers' waits sleep on a ``SkippingClock``: a sleep moves the
  emulator's clock past every delay instead of waiting. Then ``remove_wait`` takes the
  step's wait out, and from then on no wait may sleep at all (``RefusingClock``): the step
  gets what AWS answers at once, and a test cannot pass because some other wait let the
  delay run out. On the stretched emulator botocore does not retry either (its standard
  mode retries throttling up to 8 times, with real sleeps), so a throttled call is answered
  at once, by AWS's error or by a helper's own wait.
"""

from __future__ import annotations

import io
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import DELAYS, QUOTAS, Delay
from emulator.process import EmulatorProcess, auth_for
from helpers import apigateway, awslambda, backend, connect, iam, load_config, waits
from helpers.backend import Workbook
from helpers.errors import error_code, error_message
from helpers.waits import NotYet
from tests.course import OpenApi

T = TypeVar("T")

QUICK_SCALE = 0.1
STRETCHED_SCALE = 100.0
LONGEST_S = max([delay.seconds for delay in DELAYS] + [quota.window_seconds for quota in QUOTAS])
"""The longest delay or quota window of the table at scale 1 (21.8: a domain's 60 s)."""
NO_BOTOCORE_RETRIES = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=70)


@dataclass
class EventualEmulator:
    """``python -m emulator --consistency eventual --delay-scale <scale>`` and its clock."""

    process: EmulatorProcess
    scale: float

    @property
    def url(self) -> str:
        return self.process.url

    def reset(self) -> None:
        """A fresh account: no resources, nothing pending, every quota full."""
        requests.post(
            f"{self.url}/_emulator/reset", auth=auth_for(self.url), timeout=30
        ).raise_for_status()

    def advance(self, seconds: float) -> None:
        """Move the emulator's monotonic clock ``seconds`` forward (and a little more)."""
        requests.post(
            f"{self.url}/_emulator/clock",
            auth=auth_for(self.url),
            json={"advance_seconds": seconds + 0.01},
            timeout=5,
        ).raise_for_status()

    def skip(self, delay: Delay) -> None:
        """Move the emulator's clock past ``delay`` (and past every shorter one)."""
        self.advance(delay.seconds * self.scale)

    def skip_everything(self) -> None:
        """Move the emulator's clock past every delay and every quota window: nothing is
        pending any more and every quota is full again."""
        self.advance(LONGEST_S * self.scale)

    def workbook(self, monkeypatch: pytest.MonkeyPatch) -> Workbook:
        """A Workbook on this emulator with a prefix of its own (several share the account,
        as the learners of a workshop do). The environment stays set for the test."""
        monkeypatch.setenv("WORKBOOK_BACKEND", "local")
        monkeypatch.setenv("WORKBOOK_EMULATOR_URL", self.url)
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(self.process.credentials_file))
        monkeypatch.setenv("AWS_PROFILE", "emulator")
        monkeypatch.setenv("WORKBOOK_PREFIX", f"t{uuid.uuid4().hex[:8]}")
        monkeypatch.setenv("WORKBOOK_REGION", "us-east-1")
        return connect(load_config())

    def stop(self) -> None:
        self.process.stop()


def start_eventual(scale: float) -> EventualEmulator:
    return EventualEmulator(EmulatorProcess(consistency="eventual", delay_scale=scale), scale)


def quiet_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The learner's wait line goes nowhere (the waits still log)."""
    monkeypatch.setattr(waits, "PROGRESS", waits.Progress(io.StringIO()))


def without_botocore_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients made from now on never retry (before the Workbook's first client is made)."""
    monkeypatch.setattr(backend, "RETRY_CONFIG", NO_BOTOCORE_RETRIES)


class SkippingClock:
    """``waits.CLOCK`` while a test builds the state before its step, on the stretched
    emulator: a wait's sleep moves the emulator's clock past every delay (and refills every
    quota) instead of sleeping, so the wait's next attempt succeeds."""

    def __init__(self, emulator: EventualEmulator) -> None:
        self.emulator = emulator
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.emulator.skip_everything()


class RefusingClock:
    """``waits.CLOCK`` once a test has taken its step's wait out: a wait that would sleep
    fails the test, since waiting would let the delay run out."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        raise AssertionError(
            f"A wait tried to sleep {seconds} s during the step: the step must run at once"
        )


class NotWaitedFor(Exception):
    """A ``wait_until`` taken out by ``check_once``: its one check said "not yet"."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status
        """What the check saw, e.g. ``HTTP 403 {"message":"Missing Authentication Token"}``."""


def check_once(check: Callable[[], T | NotYet], **_: object) -> T:
    """``wait_until`` without the waiting: one check, and "not yet" raises at once."""
    result = check()
    if isinstance(result, NotYet):
        raise NotWaitedFor(result.status)
    return result


def call_once(call: Callable[[], T], **_: object) -> T:
    """``retry_on_error`` (or ``retry_throttled``, ``retry_role_propagation``,
    ``retry_read_after_write``) without the retrying: one call; what it raises is raised."""
    return call()


def no_wait(*_: object, **__: object) -> None:
    """A helper that only waits (``awslambda.wait_function_ready``), taken out."""


def remove_wait(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str, replacement: object
) -> None:
    """Take the wait ``module.name`` out for the rest of the test (``replacement`` takes its
    place); from now on no other wait may sleep either."""
    assert callable(getattr(module, name)), f"{module.__name__}.{name} is not a wait"
    monkeypatch.setattr(module, name, replacement)
    monkeypatch.setattr(waits, "CLOCK", RefusingClock())


def aws_error(err: BaseException | None) -> tuple[str, str]:
    """The AWS code and message of ``err``, which must be a ClientError."""
    assert isinstance(err, ClientError), f"not an AWS error: {err!r}"
    return error_code(err), error_message(err)


def build_open_api(wb: Workbook) -> OpenApi:
    """Notebooks 01 and 02: the role, the users function, ``GET /users`` integrated with it
    and the permission that lets API Gateway invoke it (added last); not deployed."""
    role = iam.create_execution_role(wb)
    function = awslambda.create_function(wb, role.arn)
    api = apigateway.create_rest_api(wb)
    users_id = apigateway.create_resource(wb, api)
    apigateway.put_method(wb, api.id, users_id)
    apigateway.put_lambda_integration(wb, api.id, users_id, function.arn)
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id))
    return OpenApi(api, users_id, function)


def edited_users_package(workdir: Path) -> bytes:
    """The users function's package after an edit to its code (another ``CodeSha256``)."""
    source = workdir / "users"
    shutil.copytree(awslambda.SOURCE_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))
    app = source / "app.py"
    app.write_text(app.read_text() + "\n# edited by the learner\n")
    return awslambda.package_function(source)

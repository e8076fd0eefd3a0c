"""The machinery behind section 21, on a fake clock: pending records end and are dropped, and
quotas are token buckets read from the one table (docs/aws-behaviour.md section 21)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from emulator.cognito import quotas as cognito_quotas
from emulator.cognito.sign_in import TARGET_PREFIX
from emulator.consistency import Consistency, Mode, Pending, Settings
from emulator.consistency.behaviours import (
    APIGATEWAY_QUOTAS,
    APIGATEWAY_TOTAL,
    COGNITO_CHALLENGE_RESPONSES,
    DELAYS,
    FUNCTION_PENDING,
    QUOTAS,
    Delay,
    Quota,
)
from emulator.errors import AwsError
from emulator.state import EmulatorState


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def consistency(mode: Mode = Mode.EVENTUAL, scale: float = 1.0) -> tuple[Consistency, FakeClock]:
    clock = FakeClock()
    return Consistency(Settings(mode, scale), clock), clock


def create_deployment_quota() -> tuple[Quota, str]:
    quota = next(row for row in APIGATEWAY_QUOTAS if row.name == "CreateDeployment")
    return (quota, "account")


def test_every_row_of_the_table_cites_a_fact_of_section_21_and_a_source() -> None:
    rows: list[Delay | Quota] = [*DELAYS, *QUOTAS]
    assert [row for row in rows if not row.label.startswith("21.") or not row.source] == []


def test_a_record_is_pending_until_its_scaled_delay_has_passed() -> None:
    settings, clock = consistency(scale=0.5)
    pending: Pending[str, bool] = Pending(settings, FUNCTION_PENDING)
    pending.start("f", True)
    clock.now += FUNCTION_PENDING.seconds * 0.5 - 0.001
    still = pending.pending("f")
    clock.now += 0.002
    assert (still, pending.pending("f")) == (True, False)


def test_expired_records_are_dropped_so_memory_holds_only_what_is_pending() -> None:
    settings, clock = consistency()
    pending: Pending[str, bool] = Pending(settings, FUNCTION_PENDING)
    for name in ("a", "b", "c"):
        pending.start(name, True)
    clock.now += FUNCTION_PENDING.seconds
    pending.start("d", True)
    assert len(pending) == 1


def test_immediate_mode_records_nothing() -> None:
    settings, _ = consistency(Mode.IMMEDIATE)
    pending: Pending[str, bool] = Pending(settings, FUNCTION_PENDING)
    pending.start("f", True)
    assert (pending.pending("f"), len(pending)) == (False, 0)


def test_total_operations_admit_a_burst_of_40_then_refuse() -> None:
    settings, _ = consistency()
    admitted = [settings.quotas.admit([(APIGATEWAY_TOTAL, "account")]) for _ in range(41)]
    assert admitted == [True] * 40 + [False]


def test_total_operations_refill_10_per_second() -> None:
    settings, clock = consistency()
    for _ in range(40):
        settings.quotas.admit([(APIGATEWAY_TOTAL, "account")])
    clock.now += 0.1
    again = [settings.quotas.admit([(APIGATEWAY_TOTAL, "account")]) for _ in range(2)]
    assert again == [True, False]


def test_the_scale_shortens_a_quota_window() -> None:
    settings, clock = consistency(scale=0.1)
    holds = [create_deployment_quota()]
    settings.quotas.admit(holds)
    clock.now += 0.5
    assert settings.quotas.admit(holds) is True


def test_a_refused_request_takes_no_token_from_its_other_quotas() -> None:
    settings, _ = consistency()
    holds = [create_deployment_quota(), (APIGATEWAY_TOTAL, "account")]
    results = [settings.quotas.admit(holds) for _ in range(3)]
    total_left = [settings.quotas.admit([(APIGATEWAY_TOTAL, "account")]) for _ in range(40)]
    assert (results, total_left.count(True)) == ([True, False, False], 39)


def test_immediate_mode_throttles_nothing() -> None:
    settings, _ = consistency(Mode.IMMEDIATE)
    assert all(settings.quotas.admit([(APIGATEWAY_TOTAL, "account")]) for _ in range(100))


def test_full_buckets_are_dropped() -> None:
    settings, clock = consistency()
    settings.quotas.admit([(APIGATEWAY_TOTAL, "account")])
    clock.now += 10
    settings.quotas.admit([(APIGATEWAY_TOTAL, "other")])
    assert len(settings.quotas) == 1


def challenge_response(state: EmulatorState) -> str | None:
    request = Request(
        EnvironBuilder(
            method="POST",
            path="/",
            headers=[("X-Amz-Target", TARGET_PREFIX + "RespondToAuthChallenge")],
            json={"ChallengeName": "PASSWORD_VERIFIER", "ClientId": "c"},
        ).get_environ()
    )
    try:
        cognito_quotas.throttle(state, request)
    except AwsError as err:
        return err.code
    return None


def test_challenge_responses_have_three_times_user_authentication_then_count_toward_it() -> None:
    settings, _ = consistency()
    state = cast(EmulatorState, SimpleNamespace(consistency=settings))
    burst = COGNITO_CHALLENGE_RESPONSES.burst
    codes = [challenge_response(state) for _ in range(burst + 121)]
    assert codes == [None] * (burst + 120) + ["TooManyRequestsException"]

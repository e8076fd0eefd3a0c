"""The facilitator's sweep, ``python -m helpers.sweep``: every prefix's tagged resources in a
region, a dry run that deletes nothing, a real run that leaves 0 tagged and the untagged
alone, and throttling ridden out (docs/aws-behaviour.md sections 21.9 and 28).

On an emulator of its own in eventual mode (quick scale, 0.1): the sweep sees the whole
account, so it must not share the session's emulator with other tests' stacks; and
DeleteRestApi's one call per 30 s (3 s here) throttles a sweep of three APIs for real.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from helpers import awslambda, cleanup, cognito, iam, logs, oauth, sweep
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from tests.helpers.eventual import (
    QUICK_SCALE,
    EventualEmulator,
    build_open_api,
    quiet_waits,
    start_eventual,
    without_botocore_retries,
)
from tests.helpers.fakes import use_fake_time

UNTAGGED_FUNCTION = "x-users"


@pytest.fixture(scope="module")
def emulator() -> Iterator[EventualEmulator]:
    process = start_eventual(QUICK_SCALE)
    yield process
    process.stop()


def _stack(wb: Workbook) -> None:
    """A learner's course: notebooks 01-02 (role, function, API, permission), the log group,
    a pool with its domain."""
    logs.create_log_group(wb)
    build_open_api(wb)
    pool = cognito.create_user_pool(wb)
    oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "3" * 12))


@pytest.fixture
def room(emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch) -> list[Workbook]:
    """A fresh account with three learners' stacks and one untagged ``x-users`` function.
    botocore does not retry: only the helpers' own waits ride out the throttling."""
    without_botocore_retries(monkeypatch)
    emulator.reset()
    quiet_waits(monkeypatch)
    learners = []
    for _ in range(3):
        wb = emulator.workbook(monkeypatch)  # the environment ends with the last prefix
        _stack(wb)
        learners.append(wb)
    role = iam.find_role(learners[0])
    assert role is not None
    learners[0].client("lambda").create_function(
        FunctionName=UNTAGGED_FUNCTION,
        Runtime="python3.12",
        Role=role.arn,
        Handler="app.lambda_handler",
        Code={"ZipFile": awslambda.package_function()},
    )
    emulator.skip_everything()  # the building's quotas refilled: the sweep meets its own
    return learners


def test_find_tagged_groups_every_prefix_s_stack_in_deletion_order(room: list[Workbook]) -> None:
    grouped = sweep.find_tagged(room[0])
    kinds = [leftover.kind for leftover in grouped[room[0].prefix]]
    assert (sorted(grouped), kinds) == (
        sorted(wb.prefix for wb in room),
        [
            "REST API",
            "Lambda permission",
            "Lambda function",
            "Log group",
            "IAM role",
            "User pool domain",
            "User pool",
        ],
    )


def test_dry_run_lists_all_three_prefixes_and_deletes_nothing(
    room: list[Workbook], capsys: pytest.CaptureFixture[str]
) -> None:
    before = sweep.find_tagged(room[0])
    code = sweep.main(["--dry-run"])
    out = capsys.readouterr().out
    listed = [wb.prefix for wb in room if f"prefix {wb.prefix}: 7 resource(s) would be" in out]
    assert (code, listed, sweep.find_tagged(room[0]), UNTAGGED_FUNCTION in out) == (
        0,
        [wb.prefix for wb in room],
        before,
        False,
    )


def test_dry_run_says_how_long_delete_rest_api_s_quota_makes_the_sweep(
    room: list[Workbook], capsys: pytest.CaptureFixture[str]
) -> None:
    sweep.main(["--dry-run"])
    assert (
        "3 REST APIs: API Gateway allows one DeleteRestApi every 30 s per account, so the "
        "sweep waits about 1.0 min for them" in capsys.readouterr().out
    )


def test_the_sweep_leaves_0_tagged_and_the_untagged_function_alone(
    room: list[Workbook], capsys: pytest.CaptureFixture[str]
) -> None:
    code = sweep.main([])
    out = capsys.readouterr().out
    untagged = awslambda.find_function(room[0], UNTAGGED_FUNCTION)
    assert (code, out.splitlines()[-1], sweep.find_tagged(room[0]), untagged is not None) == (
        0,
        "0 tagged resources remain",
        {},
        True,
    )


def test_the_sweep_rides_out_delete_rest_api_throttling(
    room: list[Workbook], caplog: pytest.LogCaptureFixture
) -> None:
    """Three DeleteRestApi within 30 s (3 s at this scale), botocore not retrying: the
    emulator throttles (21.9) and all three are deleted anyway, none fails."""
    caplog.set_level(logging.INFO, logger="helpers.waits")
    result = sweep.sweep(room[0])
    apis = [d.name for d in result.deleted if d.kind == "REST API"]
    throttled = [r for r in caplog.records if "TooManyRequestsException on attempt" in r.message]
    assert (sorted(apis), result.failed, result.remaining, len(throttled) >= 2) == (
        sorted(wb.names.rest_api for wb in room),
        (),
        (),
        True,
    )


def test_the_sweep_exits_1_and_lists_what_remains(
    room: list[Workbook], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(wb: Workbook, role_name: str) -> bool:
        raise ClientError({"Error": {"Code": "DeleteConflict", "Message": "in use"}}, "DeleteRole")

    monkeypatch.setattr(iam, "delete_role", refused)
    code = sweep.main([])
    out = capsys.readouterr().out
    assert (
        code,
        "3 tagged resource(s) remain:" in out,
        f"  IAM role: {room[1].names.role}" in out,
    ) == (
        1,
        True,
        True,
    )


def test_a_usage_error_exits_2_with_the_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        sweep.main(["--dryrun"])
    assert (exited.value.code, "usage: python -m helpers.sweep" in capsys.readouterr().err) == (
        2,
        True,
    )


# --- throttling of the sweep's reads, stubbed (the emulator does not throttle Lambda) -------


def test_a_throttled_tag_read_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = use_fake_time(monkeypatch)
    wb = Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="facilitator", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:alice-users"
    function = {
        "FunctionName": "alice-users",
        "FunctionArn": arn,
        "Role": "arn:aws:iam::123456789012:role/alice-users-lambda-role",
        "CodeSha256": "x",
    }
    with Stubber(wb.client("lambda")) as stubber:
        stubber.add_response("list_functions", {"Functions": [function]}, {})
        stubber.add_client_error(
            "list_tags", "TooManyRequestsException", "Rate exceeded", 429, {"Resource": arn}
        )
        stubber.add_response(
            "list_tags",
            {"Tags": {"workbook": "cognito-authorizer", "workbook-prefix": "alice"}},
            {"Resource": arn},
        )
        stubber.add_client_error(
            "get_policy",
            "ResourceNotFoundException",
            "No policy",
            404,
            {"FunctionName": "alice-users"},
        )
        found = sweep._functions(wb)
    assert (found, clock.sleeps) == (
        [sweep.Tagged("alice", cleanup.Leftover("Lambda function", "alice-users", "alice-users"))],
        [1.0],
    )


def test_rest_api_estimate_for_a_room_of_20_is_about_10_minutes() -> None:
    apis = [cleanup.Leftover("REST API", f"p{i}-users-api", f"id{i}") for i in range(20)]
    assert sweep.rest_api_estimate({"p": apis}) == (
        "20 REST APIs: API Gateway allows one DeleteRestApi every 30 s per account, so the "
        "sweep waits about 9.5 min for them (more if others are deleting too)."
    )

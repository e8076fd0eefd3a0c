"""IAM is eventually consistent: a read right after a write may answer NoSuchEntity
(IAM User Guide, "Changes that I make are not always immediately visible"). Offline, with
botocore's Stubber and a fake clock."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import Stubber

from helpers import iam
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from helpers.errors import WorkbookError
from tests.helpers.fakes import FakeClock, use_fake_time

POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*"}]}
PARAMS = {"RoleName": "alice-users-lambda-role", "PolicyName": "alice-users-logs"}


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Workbook, Stubber, FakeClock]]:
    clock = use_fake_time(monkeypatch)
    config = WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url="")
    session = boto3.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="eu-west-1"
    )
    wb = Workbook(config, session)
    with Stubber(wb.client("iam")) as stubber:
        yield wb, stubber, clock
        stubber.assert_no_pending_responses()


def test_get_role_policy_right_after_put_retries_no_such_entity(
    stub: tuple[Workbook, Stubber, FakeClock],
) -> None:
    wb, stubber, clock = stub
    for _ in range(2):
        stubber.add_client_error(
            "get_role_policy",
            "NoSuchEntity",
            "The role policy with name alice-users-logs cannot be found.",
            404,
            expected_params=PARAMS,
        )
    stubber.add_response(
        "get_role_policy", {**PARAMS, "PolicyDocument": json.dumps(POLICY)}, PARAMS
    )
    assert iam.get_role_policy(wb) == POLICY
    assert clock.sleeps == [0.5, 1.0]


def test_a_policy_that_never_appears_names_the_cell_to_re_run(
    stub: tuple[Workbook, Stubber, FakeClock],
) -> None:
    wb, stubber, _ = stub
    for _ in range(20):
        stubber.add_client_error("get_role_policy", "NoSuchEntity", "not found", 404)
    with pytest.raises(WorkbookError, match=r"still failed after 30 s \(NoSuchEntity: .*Re-run"):
        iam.get_role_policy(wb)
    stubber._queue.clear()  # the deadline came first

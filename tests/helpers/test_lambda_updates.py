"""deploy_function and invoke_function wait for Lambda's states instead of racing them
(Lambda Developer Guide, "Lambda function states": an update is refused with
ResourceConflictException while the function is Pending or an update is InProgress).
Checked offline with botocore's Stubber and a fake clock."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from helpers import awslambda
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from helpers.errors import WorkbookError
from tests.helpers.fakes import FakeClock, use_fake_time

NAME = "alice-users"
ROLE = "arn:aws:iam::123456789012:role/alice-users-lambda-role"
NEW_ZIP = b"PK new code"


@pytest.fixture
def aws_wb() -> Workbook:
    config = WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url="")
    session = boto3.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="eu-west-1"
    )
    return Workbook(config, session)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return use_fake_time(monkeypatch)


@pytest.fixture
def stub(aws_wb: Workbook) -> Iterator[Stubber]:
    with Stubber(aws_wb.client("lambda")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def configuration(
    state: str = "Active", last_update: str = "Successful", sha: str = "old-sha", **extra: Any
) -> dict[str, Any]:
    return {
        "FunctionName": NAME,
        "FunctionArn": f"arn:aws:lambda:eu-west-1:123456789012:function:{NAME}",
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "app.lambda_handler",
        "CodeSha256": sha,
        "State": state,
        "LastUpdateStatus": last_update,
        "Environment": {"Variables": {}},
        **extra,
    }


def target() -> awslambda.FunctionDeployment:
    return awslambda.FunctionDeployment(
        name=NAME, role_arn=ROLE, zip_bytes=NEW_ZIP, handler="app.lambda_handler", description="d"
    )


def expect_our_tags(stub: Stubber) -> None:
    """ListTags of the existing function: it is alice's (helpers/ownership.py)."""
    stub.add_response(
        "list_tags",
        {"Tags": {"workbook": "cognito-authorizer", "workbook-prefix": "alice"}},
        {"Resource": configuration()["FunctionArn"]},
    )


def expect_status(stub: Stubber, state: str, last_update: str, **extra: Any) -> None:
    stub.add_response(
        "get_function_configuration",
        configuration(state, last_update, **extra),
        {"FunctionName": NAME},
    )


def test_code_update_waits_until_an_update_in_progress_has_finished(
    aws_wb: Workbook, stub: Stubber, clock: FakeClock
) -> None:
    new_sha = awslambda.code_sha256(NEW_ZIP)
    stub.add_response("get_function", {"Configuration": configuration()}, {"FunctionName": NAME})
    expect_our_tags(stub)
    expect_status(stub, "Active", "InProgress")  # an earlier update is still running
    expect_status(stub, "Active", "InProgress")
    expect_status(stub, "Active", "Successful")
    stub.add_response(
        "update_function_code",
        configuration(sha=new_sha),
        {"FunctionName": NAME, "ZipFile": NEW_ZIP},
    )
    stub.add_response(  # the configuration is unchanged
        "get_function_configuration", configuration(sha=new_sha), {"FunctionName": NAME}
    )
    expect_status(stub, "Active", "Successful", sha=new_sha)
    stub.add_response(
        "get_function", {"Configuration": configuration(sha=new_sha)}, {"FunctionName": NAME}
    )
    assert awslambda.deploy_function(aws_wb, target()).code_sha256 == new_sha
    assert clock.sleeps == [0.5, 1.0]


def test_a_conflict_on_update_is_retried(aws_wb: Workbook, stub: Stubber, clock: FakeClock) -> None:
    new_sha = awslambda.code_sha256(NEW_ZIP)
    stub.add_response("get_function", {"Configuration": configuration()}, {"FunctionName": NAME})
    expect_our_tags(stub)
    expect_status(stub, "Active", "Successful")
    stub.add_client_error(
        "update_function_code",
        "ResourceConflictException",
        "The operation cannot be performed at this time. An update is in progress for resource",
        409,
        expected_params={"FunctionName": NAME, "ZipFile": NEW_ZIP},
    )
    stub.add_response(
        "update_function_code",
        configuration(sha=new_sha),
        {"FunctionName": NAME, "ZipFile": NEW_ZIP},
    )
    stub.add_response(
        "get_function_configuration", configuration(sha=new_sha), {"FunctionName": NAME}
    )
    expect_status(stub, "Active", "Successful", sha=new_sha)
    stub.add_response(
        "get_function", {"Configuration": configuration(sha=new_sha)}, {"FunctionName": NAME}
    )
    awslambda.deploy_function(aws_wb, target())
    assert clock.sleeps == [1.0]


def test_a_failed_function_stops_the_wait_at_once_with_lambdas_reason(
    aws_wb: Workbook, stub: Stubber, clock: FakeClock
) -> None:
    expect_status(
        stub,
        "Failed",
        "Failed",
        StateReasonCode="InvalidRuntime",
        StateReason="The runtime is not supported",
    )
    with pytest.raises(
        WorkbookError,
        match=r"Function 'alice-users' is Failed, .*InvalidRuntime: The runtime is not supported",
    ):
        awslambda.wait_function_ready(aws_wb, NAME)
    assert clock.sleeps == []


def test_invoke_retries_while_the_new_function_is_pending(
    aws_wb: Workbook, stub: Stubber, clock: FakeClock
) -> None:
    params = {
        "FunctionName": NAME,
        "InvocationType": "RequestResponse",
        "LogType": "Tail",
        "Payload": b'{"httpMethod": "GET"}',
    }
    stub.add_client_error(
        "invoke",
        "ResourceConflictException",
        "The operation cannot be performed at this time. "
        "The function is currently in the following state: Pending",
        409,
        expected_params=params,
    )
    payload = b'{"statusCode": 200}'
    stub.add_response(
        "invoke",
        {
            "StatusCode": 200,
            "Payload": StreamingBody(io.BytesIO(payload), len(payload)),
            "ResponseMetadata": {"RequestId": "req-1"},
        },
        params,
    )
    result = awslambda.invoke_function(aws_wb, {"httpMethod": "GET"})
    assert (result.status_code, result.payload, clock.sleeps) == (200, {"statusCode": 200}, [1.0])

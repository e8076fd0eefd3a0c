"""An update leaves LastUpdateStatus InProgress for a while; another update is refused and
invocations run the previous code meanwhile (docs/aws-behaviour.md 21.6, source: Lambda
developer guide, "Lambda function states")."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import FUNCTION_PENDING, FUNCTION_UPDATING
from tests.emulator.consistency.conftest import Eventual, create_echo_function, new_role


def zip_returning(value: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("echo_handler.py", f"def handler(event, context):\n    return {value!r}\n")
    return buffer.getvalue()


@pytest.fixture
def function(eventual: Eventual) -> str:
    """An active function that returns "old"."""
    name = create_echo_function(eventual, new_role(eventual), "updated-fn")
    eventual.skip(FUNCTION_PENDING)
    lambda_client = eventual.client("lambda")
    lambda_client.update_function_code(FunctionName=name, ZipFile=zip_returning("old"))
    eventual.skip(FUNCTION_UPDATING)
    return name


def test_update_leaves_last_update_status_in_progress_recorded(
    eventual: Eventual, function: str
) -> None:
    lambda_client = eventual.client("lambda")
    updated = lambda_client.update_function_configuration(FunctionName=function, Timeout=5)
    read = lambda_client.get_function(FunctionName=function)["Configuration"]
    assert (
        updated["LastUpdateStatus"],
        updated["LastUpdateStatusReasonCode"],
        read["State"],
        read["LastUpdateStatus"],
    ) == ("InProgress", "Creating", "Active", "InProgress")


def test_second_update_during_an_update_answers_409_update_in_progress_recorded(
    eventual: Eventual, function: str
) -> None:
    lambda_client = eventual.client("lambda")
    arn = lambda_client.update_function_configuration(FunctionName=function, Timeout=5)[
        "FunctionArn"
    ]
    with pytest.raises(ClientError) as refused:
        lambda_client.update_function_code(FunctionName=function, ZipFile=zip_returning("new"))
    response = refused.value.response
    assert (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    ) == (
        409,
        "ResourceConflictException",
        f"The operation cannot be performed at this time. An update is in progress for "
        f"resource: {arn}",
    )


def test_invocations_during_an_update_run_the_previous_code_doc(
    eventual: Eventual, function: str
) -> None:
    lambda_client = eventual.client("lambda")
    lambda_client.update_function_code(FunctionName=function, ZipFile=zip_returning("new"))
    payload = lambda_client.invoke(FunctionName=function, Payload=b"{}")["Payload"].read()
    assert json.loads(payload) == "old"


def test_function_updated_v2_waiter_returns_once_the_update_is_done(
    eventual: Eventual, function: str
) -> None:
    lambda_client = eventual.client("lambda")
    lambda_client.update_function_code(FunctionName=function, ZipFile=zip_returning("new"))
    lambda_client.get_waiter("function_updated_v2").wait(
        FunctionName=function,
        WaiterConfig={"Delay": eventual.seconds(FUNCTION_UPDATING) / 4, "MaxAttempts": 40},
    )
    payload = lambda_client.invoke(FunctionName=function, Payload=b"{}")["Payload"].read()
    assert json.loads(payload) == "new"

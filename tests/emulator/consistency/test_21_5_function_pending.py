"""A new function is Pending for a while; Invoke and updates are refused meanwhile
(docs/aws-behaviour.md 21.5, source: Lambda developer guide, "Lambda function states")."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import FUNCTION_PENDING
from tests.emulator.conftest import zip_of
from tests.emulator.consistency.conftest import (
    ECHO,
    Eventual,
    EventualStack,
    new_role,
)


@pytest.fixture
def role(eventual: Eventual) -> str:
    return new_role(eventual)


def create(eventual: Eventual, role: str, name: str = "pending-fn") -> dict[str, object]:
    return dict(
        eventual.client("lambda").create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="echo_handler.handler",
            Code={"ZipFile": zip_of(ECHO, "echo_handler.py")},
        )
    )


def conflict(refused: pytest.ExceptionInfo[ClientError]) -> tuple[object, ...]:
    response = refused.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )


def test_create_function_answers_state_pending_creating_recorded(
    eventual: Eventual, role: str
) -> None:
    created = create(eventual, role)
    assert (
        created["State"],
        created["StateReason"],
        created["StateReasonCode"],
        "LastUpdateStatus" in created,
    ) == ("Pending", "The function is being created.", "Creating", False)


def test_get_function_shows_pending_while_the_function_is_created_doc(
    eventual: Eventual, role: str
) -> None:
    create(eventual, role)
    configuration = eventual.client("lambda").get_function(FunctionName="pending-fn")[
        "Configuration"
    ]
    assert (configuration["State"], configuration["StateReasonCode"]) == ("Pending", "Creating")


def test_get_function_configuration_shows_pending_while_the_function_is_created_doc(
    eventual: Eventual, role: str
) -> None:
    create(eventual, role)
    configuration = eventual.client("lambda").get_function_configuration(FunctionName="pending-fn")
    assert (configuration["State"], configuration["StateReasonCode"]) == ("Pending", "Creating")


def test_invoke_of_a_pending_function_answers_409_resource_conflict_recorded(
    eventual: Eventual, role: str
) -> None:
    create(eventual, role)
    with pytest.raises(ClientError) as refused:
        eventual.client("lambda").invoke(FunctionName="pending-fn", Payload=b"{}")
    assert conflict(refused) == (
        409,
        "ResourceConflictException",
        "The operation cannot be performed at this time. "
        "The function is currently in the following state: Pending",
    )


def test_update_of_a_pending_function_answers_409_recorded_sam_issue_2356(
    eventual: Eventual, role: str
) -> None:
    arn = create(eventual, role)["FunctionArn"]
    with pytest.raises(ClientError) as refused:
        eventual.client("lambda").update_function_configuration(
            FunctionName="pending-fn", Timeout=5
        )
    assert conflict(refused) == (
        409,
        "ResourceConflictException",
        f"The operation cannot be performed at this time. The resource {arn} is currently "
        "in the following state: 'Pending'. StateReasonCode: 'Creating'",
    )


def test_function_active_v2_waiter_returns_once_the_function_is_active(
    eventual: Eventual, role: str
) -> None:
    create(eventual, role)
    lambda_client = eventual.client("lambda")
    lambda_client.get_waiter("function_active_v2").wait(
        FunctionName="pending-fn",
        WaiterConfig={"Delay": eventual.seconds(FUNCTION_PENDING) / 4, "MaxAttempts": 40},
    )
    configuration = lambda_client.get_function(FunctionName="pending-fn")["Configuration"]
    assert (configuration["State"], configuration["LastUpdateStatus"]) == ("Active", "Successful")


def test_api_gateway_integration_of_a_pending_function_answers_500_inferred(
    eventual_stack: EventualStack,
) -> None:
    pending = f"pending-{uuid.uuid4().hex[:8]}"
    create(eventual_stack.eventual, eventual_stack.role_arn, pending)
    apigw = eventual_stack.eventual.client("apigateway")
    apigw.update_integration(
        restApiId=eventual_stack.api_id,
        resourceId=eventual_stack.resource_id,
        httpMethod="GET",
        patchOperations=[
            {
                "op": "replace",
                "path": "/uri",
                "value": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                f"arn:aws:lambda:us-east-1:123456789012:function:{pending}/invocations",
            }
        ],
    )
    tested = apigw.test_invoke_method(
        restApiId=eventual_stack.api_id, resourceId=eventual_stack.resource_id, httpMethod="GET"
    )
    assert (tested["status"], tested["body"], "following state: Pending" in tested["log"]) == (
        500,
        '{"message": "Internal server error"}',
        True,
    )

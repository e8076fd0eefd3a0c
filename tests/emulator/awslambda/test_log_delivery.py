"""emulator/awslambda/log_delivery.py: function logs are queued by the invocation and reach
CloudWatch Logs (moto) before any CloudWatch Logs request is answered (docs/aws-behaviour.md
5.8)."""

from __future__ import annotations

import time

import boto3
from moto import mock_aws
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from emulator.awslambda.log_delivery import LogDelivery, is_logs_request
from tests.emulator.conftest import Stack

GROUP = "/aws/lambda/f"


def _messages(region: str = "us-east-1") -> list[str]:
    client = boto3.client("logs", region_name=region)
    if not client.describe_log_groups(logGroupNamePrefix=GROUP)["logGroups"]:
        return []
    return [e["message"] for e in client.filter_log_events(logGroupName=GROUP)["events"]]


@mock_aws
def test_queued_lines_are_not_in_moto_before_delivery() -> None:
    delivery = LogDelivery()
    delivery(GROUP, "s", [(int(time.time() * 1000), "START")])
    assert (_messages(), len(delivery)) == ([], 1)


@mock_aws
def test_delivery_writes_every_queued_invocation_in_order() -> None:
    delivery = LogDelivery()
    now = int(time.time() * 1000)
    delivery(GROUP, "s", [(now, "START 1"), (now + 1, "END 1")])
    delivery(GROUP, "s", [(now + 2, "START 2"), (now + 3, "END 2")])
    delivery.deliver()
    assert (_messages(), len(delivery)) == (["START 1", "END 1", "START 2", "END 2"], 0)


@mock_aws
def test_a_stream_is_delivered_in_time_order() -> None:
    """A line a child process wrote straight to fd 1 is stamped when it was read."""
    delivery = LogDelivery()
    now = int(time.time() * 1000)
    delivery(GROUP, "s", [(now, "START"), (now + 5, "print"), (now + 2, "stray"), (now + 6, "END")])
    delivery.deliver()
    assert _messages() == ["START", "stray", "print", "END"]


@mock_aws
def test_lines_go_to_the_functions_region_read_when_queued() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    lambdas = boto3.client("lambda", region_name="eu-west-1")
    lambdas.create_function(
        FunctionName="f", Runtime="python3.12", Role=role, Handler="a.b", Code={"ZipFile": b"PK"}
    )
    delivery = LogDelivery()
    delivery(GROUP, "s", [(int(time.time() * 1000), "START")])
    lambdas.delete_function(FunctionName="f")
    delivery.deliver()
    assert _messages("eu-west-1") == ["START"]


@mock_aws
def test_clear_drops_what_is_queued() -> None:
    delivery = LogDelivery()
    delivery(GROUP, "s", [(int(time.time() * 1000), "START")])
    delivery.clear()
    delivery.deliver()
    assert _messages() == []


def test_a_cloudwatch_logs_call_is_recognised_by_its_target() -> None:
    environ = EnvironBuilder(
        method="POST", headers=[("X-Amz-Target", "Logs_20140328.FilterLogEvents")]
    ).get_environ()
    assert is_logs_request(Request(environ))


def test_another_services_call_is_not_a_logs_request() -> None:
    environ = EnvironBuilder(
        method="POST",
        headers=[("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")],
    ).get_environ()
    assert not is_logs_request(Request(environ))


def test_each_invocation_through_the_stage_is_in_the_log_group_at_once(stack: Stack) -> None:
    for _ in range(3):
        stack.get()
    group = f"/aws/lambda/{stack.function_name}"
    events = stack.clients["logs"].filter_log_events(logGroupName=group)["events"]
    assert sum(e["message"].startswith("START RequestId:") for e in events) == 3

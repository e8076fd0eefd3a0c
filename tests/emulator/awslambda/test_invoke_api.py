"""Lambda's Invoke API through boto3 (docs/aws-behaviour.md section 5)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.emulator.conftest import Stack


def _invoke(stack: Stack, mode: str = "echo", **kwargs: object) -> dict[str, Any]:
    event = {"queryStringParameters": {"mode": mode}}
    result: dict[str, Any] = stack.clients["lambda"].invoke(
        FunctionName=stack.function_name, Payload=json.dumps(event), **kwargs
    )
    return result


def test_invoke_returns_handler_result(shared_stack: Stack) -> None:
    result = _invoke(shared_stack)
    assert (result["StatusCode"], json.loads(result["Payload"].read())["statusCode"]) == (200, 200)


def test_invoke_of_raising_function_reports_unhandled(shared_stack: Stack) -> None:
    result = _invoke(shared_stack, "raise")
    payload = json.loads(result["Payload"].read())
    assert (result["FunctionError"], payload["errorType"], payload["errorMessage"]) == (
        "Unhandled",
        "ValueError",
        "boom",
    )


def test_invoke_timeout_reports_task_timed_out(shared_stack: Stack) -> None:
    payload = _invoke(shared_stack, "sleep")["Payload"].read().decode()
    assert "Task timed out after 1.00 seconds" in payload


def test_invoke_with_tail_returns_start_end_report(shared_stack: Stack) -> None:
    tail = base64.b64decode(_invoke(shared_stack, LogType="Tail")["LogResult"]).decode()
    assert ("START RequestId:" in tail, "END RequestId:" in tail, "REPORT RequestId:" in tail) == (
        True,
        True,
        True,
    )


def test_invoke_unknown_function_is_resource_not_found(shared_stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        shared_stack.clients["lambda"].invoke(FunctionName="nope", Payload=b"{}")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_function_logs_reach_cloudwatch_logs(stack: Stack) -> None:
    _invoke(stack)
    group = f"/aws/lambda/{stack.function_name}"
    events = stack.clients["logs"].filter_log_events(logGroupName=group)["events"]
    assert any(e["message"].startswith("START RequestId:") for e in events)


def test_event_invocation_returns_202(shared_stack: Stack) -> None:
    assert _invoke(shared_stack, InvocationType="Event")["StatusCode"] == 202


def test_invoke_request_id_header_matches_start_line(shared_stack: Stack) -> None:
    result = _invoke(shared_stack, LogType="Tail")
    request_id = result["ResponseMetadata"]["RequestId"]
    assert f"START RequestId: {request_id}" in base64.b64decode(result["LogResult"]).decode()

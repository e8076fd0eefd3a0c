"""FunctionName validation and Lambda's payload and code quotas (docs/aws-behaviour.md 24.5,
24.6, 24.8), through boto3 against the session's emulator.

Sources: botocore's Lambda model (patterns, lengths); the Lambda quotas page
(https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); the error
messages as recorded in public issue reports and Zac Charles's "Deep Dive: Lambda's Response
Payload Size Limit".
"""

from __future__ import annotations

import glob
import io
import json
import tempfile
import uuid
import zipfile
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from emulator.awslambda import names
from tests.emulator.conftest import Stack


def _error(caught: pytest.ExceptionInfo[ClientError]) -> tuple[int, str, str]:
    response: Any = caught.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _create(stack: Stack, name: str, code: bytes) -> Any:
    role = stack.clients["lambda"].get_function(FunctionName=stack.function_name)
    return stack.clients["lambda"].create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Configuration"]["Role"],
        Handler="app.handler",
        Code={"ZipFile": code},
    )


def test_patterns_are_botocores_lambda_model() -> None:
    model = botocore.session.get_session().get_service_model("lambda")
    invoke = model.operation_model("Invoke").input_shape.members["FunctionName"].metadata
    create = model.operation_model("CreateFunction").input_shape.members["FunctionName"].metadata
    assert (invoke["pattern"], invoke["max"], create["pattern"], create["max"]) == (
        names.NAMESPACED_FUNCTION_NAME_PATTERN,
        names.NAMESPACED_FUNCTION_NAME_MAX,
        names.FUNCTION_NAME_PATTERN,
        names.FUNCTION_NAME_MAX,
    )


def test_create_function_named_dot_dot_slash_is_validation_exception(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        _create(stack, "../../escape", _zip({"app.py": b"def handler(e, c): return 1"}))
    assert _error(caught) == (
        400,
        "ValidationException",
        "1 validation error detected: Value '../../escape' at 'functionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        + names.FUNCTION_NAME_PATTERN,
    )


def test_invoke_named_dot_dot_slash_is_validation_exception(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["lambda"].invoke(FunctionName="../x", Payload=b"{}")
    assert _error(caught)[:2] == (400, "ValidationException")


def test_invoke_name_over_256_characters_is_validation_exception(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["lambda"].invoke(FunctionName="f" * 257, Payload=b"{}")
    assert _error(caught)[2].endswith("Member must have length less than or equal to 256")


def test_test_invoke_authorizer_naming_dot_dot_slash_touches_no_file_outside(
    stack: Stack,
) -> None:
    """Issue 9: an authorizer URI naming ``../`` made TestInvokeAuthorizer extract outside the
    emulator's temp dir. Now the name is refused before any lookup: clientStatus 500."""
    marker = f"escape{uuid.uuid4().hex[:8]}"
    apigw = stack.clients["apigateway"]
    uri = (
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        f"arn:aws:lambda:us-east-1:123456789012:function:../../{marker}/invocations"
    )
    authorizer = apigw.create_authorizer(
        restApiId=stack.api_id,
        name=marker,
        type="TOKEN",
        authorizerUri=uri,
        identitySource="method.request.header.Authorization",
    )
    result = apigw.test_invoke_authorizer(
        restApiId=stack.api_id, authorizerId=authorizer["id"], headers={"Authorization": "x"}
    )
    leaked = glob.glob(f"/{marker}*") + glob.glob(f"{tempfile.gettempdir()}/{marker}*")
    assert (result["clientStatus"], leaked) == (500, [])


def test_sync_invoke_over_6291456_bytes_is_request_entity_too_large(stack: Stack) -> None:
    payload = json.dumps({"pad": "x" * (6 * 2**20)}).encode()
    with pytest.raises(ClientError) as caught:
        stack.clients["lambda"].invoke(FunctionName=stack.function_name, Payload=payload)
    assert _error(caught) == (
        413,
        "RequestEntityTooLargeException",
        "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
    )


def test_event_invoke_over_262144_bytes_is_request_entity_too_large(stack: Stack) -> None:
    payload = json.dumps({"pad": "x" * 262144}).encode()
    with pytest.raises(ClientError) as caught:
        stack.clients["lambda"].invoke(
            FunctionName=stack.function_name, Payload=payload, InvocationType="Event"
        )
    assert _error(caught) == (
        413,
        "RequestEntityTooLargeException",
        f"{len(payload)} byte payload is too large for the Event invocation type "
        "(limit 262144 bytes)",
    )


def test_response_over_6291556_bytes_is_function_response_size_too_large(stack: Stack) -> None:
    name = f"big-{uuid.uuid4().hex[:8]}"
    _create(stack, name, _zip({"app.py": b"def handler(e, c):\n    return 'A' * 7000000\n"}))
    answer = stack.clients["lambda"].invoke(FunctionName=name, Payload=b"{}")
    assert (
        answer["StatusCode"],
        answer["FunctionError"],
        json.loads(answer["Payload"].read()),
    ) == (
        200,
        "Unhandled",
        {
            "errorMessage": "Response payload size exceeded maximum allowed payload size "
            "(6291556 bytes).",
            "errorType": "Function.ResponseSizeTooLarge",
        },
    )


def test_code_over_262144000_bytes_unzipped_is_invalid_parameter_value(stack: Stack) -> None:
    bomb = _zip({"app.py": b"def handler(e, c): return 1", "zeros.bin": bytes(251 * 2**20)})
    with pytest.raises(ClientError) as caught:
        _create(stack, f"bomb-{uuid.uuid4().hex[:8]}", bomb)
    assert _error(caught) == (
        400,
        "InvalidParameterValueException",
        "Unzipped size must be smaller than 262144000 bytes",
    )


@pytest.mark.parametrize("entry", ["../outside.py", "/abs/app.py"])
def test_code_with_an_entry_outside_the_package_cannot_be_unzipped(
    stack: Stack, entry: str
) -> None:
    with pytest.raises(ClientError) as caught:
        _create(stack, f"slip-{uuid.uuid4().hex[:8]}", _zip({entry: b"x"}))
    assert _error(caught) == (
        400,
        "InvalidParameterValueException",
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
    )

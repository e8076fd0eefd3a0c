"""Python functions: results, errors and the context, as AWS's Python runtime client has them."""

from __future__ import annotations

import json
import re

from emulator.awslambda.runtime import LambdaRuntime

from .conftest import SpecFactory

ECHO = """
def handler(event, context):
    return {"echo": event}
"""


def test_return_value_is_json_payload_without_function_error(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    result = runtime.invoke(make_spec({"app.py": ECHO}), b'{"name": "alice"}')

    assert (result.function_error, json.loads(result.payload)) == (
        None,
        {"echo": {"name": "alice"}},
    )


def test_none_return_value_is_json_null(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    return None\n"})

    assert runtime.invoke(spec, b"{}").payload == b"null"


def test_empty_payload_reaches_handler_as_empty_object(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    result = runtime.invoke(make_spec({"app.py": ECHO}), b"")

    assert json.loads(result.payload) == {"echo": {}}


def test_given_request_id_is_used_and_returned(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec(
        {"app.py": "def handler(event, context):\n    return context.aws_request_id\n"}
    )

    result = runtime.invoke(spec, b"{}", request_id="req-123")

    assert (result.request_id, json.loads(result.payload)) == ("req-123", "req-123")


def test_request_id_defaults_to_uuid4(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    result = runtime.invoke(make_spec({"app.py": ECHO}), b"{}")

    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", result.request_id
    )


def test_handler_in_subdirectory_is_imported_with_slashes_as_dots(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"src/users/app.py": ECHO}, handler="src/users/app.handler")

    assert json.loads(runtime.invoke(spec, b"1").payload) == {"echo": 1}


def test_handler_in_dotted_package_is_imported(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"pkg/__init__.py": "", "pkg/app.py": ECHO}, handler="pkg.app.handler")

    assert json.loads(runtime.invoke(spec, b"2").payload) == {"echo": 2}


def test_handler_that_raises_returns_unhandled_with_error_object(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    raise ValueError('boom')\n"})

    result = runtime.invoke(spec, b"{}")
    error = json.loads(result.payload)

    assert (result.function_error, list(error), error["errorType"], error["errorMessage"]) == (
        "Unhandled",
        ["errorMessage", "errorType", "requestId", "stackTrace"],
        "ValueError",
        "boom",
    )


def test_error_object_carries_request_id_and_user_stack_trace(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    raise ValueError('boom')\n"})

    result = runtime.invoke(spec, b"{}")
    error = json.loads(result.payload)

    assert error["requestId"] == result.request_id
    assert re.fullmatch(
        r'  File ".*/app\.py", line 2, in handler\n.*', error["stackTrace"][0], re.DOTALL
    )


def test_missing_module_returns_runtime_import_module_error_on_every_invoke(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"other.py": ""}, handler="app.handler")
    expected = {
        "errorMessage": "Unable to import module 'app': No module named 'app'",
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }

    first = runtime.invoke(spec, b"{}")
    second = runtime.invoke(spec, b"{}")

    assert [(r.function_error, json.loads(r.payload)) for r in (first, second)] == [
        ("Unhandled", expected),
        ("Unhandled", expected),
    ]


def test_missing_function_returns_runtime_handler_not_found(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": ECHO}, handler="app.missing")

    error = json.loads(runtime.invoke(spec, b"{}").payload)

    assert (error["errorType"], error["errorMessage"]) == (
        "Runtime.HandlerNotFound",
        "Handler 'missing' missing on module 'app'",
    )


def test_unserialisable_return_value_returns_runtime_marshal_error(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    return {1, 2}\n"})

    result = runtime.invoke(spec, b"{}")
    error = json.loads(result.payload)

    assert (result.function_error, error["errorType"], error["errorMessage"]) == (
        "Unhandled",
        "Runtime.MarshalError",
        "Unable to marshal response: Object of type set is not JSON serializable",
    )


CONTEXT_APP = """
def handler(event, context):
    return {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "identity": context.identity.cognito_identity_id,
        "client_context": context.client_context,
        "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 3000,
    }
"""


def test_context_has_the_python_runtime_fields(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": CONTEXT_APP})

    result = runtime.invoke(spec, b"{}", request_id="req-ctx")

    assert json.loads(result.payload) == {
        "function_name": "alice-users",
        "function_version": "$LATEST",
        "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:alice-users",
        "memory_limit_in_mb": "128",
        "aws_request_id": "req-ctx",
        "log_group_name": "/aws/lambda/alice-users",
        "identity": None,
        "client_context": None,
        "remaining_ok": True,
    }


def test_context_log_stream_name_is_date_version_and_32_hex(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec(
        {"app.py": "def handler(event, context):\n    return context.log_stream_name\n"}
    )

    stream = json.loads(runtime.invoke(spec, b"{}").payload)

    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", stream)

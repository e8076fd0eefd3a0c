"""Gateway responses the client sees (docs/aws-behaviour.md section 2, section 4)."""

from __future__ import annotations

import pytest
import requests

from tests.emulator.conftest import Stack

MISSING_TOKEN = b'{"message":"Missing Authentication Token"}'
INTERNAL = b'{"message": "Internal server error"}'


def test_missing_route_returns_403_missing_authentication_token(shared_stack: Stack) -> None:
    response = shared_stack.get("/nope")
    assert (response.status_code, response.content) == (403, MISSING_TOKEN)


def test_missing_route_error_type_header(shared_stack: Stack) -> None:
    assert (
        shared_stack.get("/nope").headers["x-amzn-ErrorType"]
        == "MissingAuthenticationTokenException"
    )


def test_wrong_method_returns_403_missing_authentication_token(shared_stack: Stack) -> None:
    response = requests.post(shared_stack.invoke_url(), timeout=10)
    assert (response.status_code, response.content) == (403, MISSING_TOKEN)


def test_missing_route_on_secured_api_is_403_before_authorizer(secured: Stack) -> None:
    assert secured.get("/nope").status_code == 403


def test_unknown_stage_returns_403_missing_authentication_token(shared_stack: Stack) -> None:
    response = requests.get(shared_stack.invoke_url(stage="prod"), timeout=10)
    assert (response.status_code, response.content) == (403, MISSING_TOKEN)


def test_missing_lambda_permission_returns_500(stack: Stack) -> None:
    stack.clients["lambda"].remove_permission(
        FunctionName=stack.function_name, StatementId="apigateway-get-users"
    )
    response = stack.get()
    assert (response.status_code, response.content) == (500, INTERNAL)


def test_permission_for_another_api_returns_500(stack: Stack) -> None:
    lam = stack.clients["lambda"]
    lam.remove_permission(FunctionName=stack.function_name, StatementId="apigateway-get-users")
    lam.add_permission(
        FunctionName=stack.function_name,
        StatementId="other",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn="arn:aws:execute-api:us-east-1:123456789012:otherapi/*/GET/users",
    )
    assert stack.get().status_code == 500


def test_lambda_that_raises_returns_502(shared_stack: Stack) -> None:
    response = shared_stack.get(params={"mode": "raise"})
    assert (response.status_code, response.content) == (502, INTERNAL)


def test_lambda_timeout_returns_502(shared_stack: Stack) -> None:
    assert shared_stack.get(params={"mode": "sleep"}).status_code == 502


@pytest.mark.parametrize("mode", ["body-not-string", "unknown-key", "not-object", "multi-not-list"])
def test_malformed_proxy_response_returns_502(shared_stack: Stack, mode: str) -> None:
    response = shared_stack.get(params={"mode": mode})
    assert (response.status_code, response.content, response.headers["x-amzn-ErrorType"]) == (
        502,
        INTERNAL,
        "InternalServerErrorException",
    )


def test_missing_status_code_returns_200(shared_stack: Stack) -> None:
    assert shared_stack.get(params={"mode": "no-status"}).status_code == 200


def test_string_status_code_is_accepted(shared_stack: Stack) -> None:
    assert shared_stack.get(params={"mode": "string-status"}).status_code == 201


def test_headers_and_multi_value_headers_merge_multi_first(shared_stack: Stack) -> None:
    response = shared_stack.get(params={"mode": "headers"})
    assert (response.headers["X-One"], response.headers["X-Bool"]) == ("m1, m2, h", "true")


def test_status_line_uses_the_usual_reason_phrase(shared_stack: Stack) -> None:
    assert shared_stack.get("/nope").reason == "Forbidden"

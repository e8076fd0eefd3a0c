"""How a browser's CORS preflight (``OPTIONS``) is routed on a Cognito-protected API: to the
resource's OPTIONS method, else its ANY method, else 403 Missing Authentication Token
(docs/aws-behaviour.md 9.3, 9.7, 22.9; doc: "Enable CORS for a REST API resource", "Set up a
proxy integration with a proxy resource" for ANY)."""

from __future__ import annotations

from typing import Any

from tests.emulator.apigateway.mock.console_cors import console_enable_cors, preflight
from tests.emulator.conftest import REGION, Stack


def cors_headers(headers: Any) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower().startswith("access-")}


def add_cognito_any(stack: Stack) -> None:
    """ANY /users behind the Cognito authorizer, on the same Lambda proxy integration."""
    apigw = stack.clients["apigateway"]
    apigw.put_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="ANY",
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=stack.authorizer_id,
    )
    apigw.put_integration(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="ANY",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{stack.function_arn}/invocations",
    )


def test_preflight_without_options_or_any_is_403_missing_token_without_cors_headers_recorded(
    secured: Stack,
) -> None:
    response = preflight(secured)
    assert (response.status_code, response.text, cors_headers(response.headers)) == (
        403,
        '{"message":"Missing Authentication Token"}',
        {},
    )


def test_preflight_to_a_cognito_protected_any_method_gets_the_authorizers_401_without_cors_headers(
    secured: Stack,
) -> None:
    add_cognito_any(secured)
    secured.deploy()
    response = preflight(secured)
    assert (response.status_code, response.text, cors_headers(response.headers)) == (
        401,
        '{"message":"Unauthorized"}',
        {},
    )


def test_preflight_with_an_options_method_is_not_authorized_doc_enable_cors(
    secured: Stack,
) -> None:
    console_enable_cors(secured)
    secured.deploy()
    response = preflight(secured)
    assert (response.status_code, response.headers.get("Access-Control-Allow-Origin")) == (
        200,
        "*",
    )


def test_the_options_method_wins_over_a_protected_any_method_doc_any_fallback(
    secured: Stack,
) -> None:
    add_cognito_any(secured)
    console_enable_cors(secured)
    secured.deploy()
    assert preflight(secured).status_code == 200


def test_the_get_stays_protected_after_cors_is_enabled(secured: Stack) -> None:
    console_enable_cors(secured)
    secured.deploy()
    response = secured.get()
    assert (response.status_code, response.text) == (401, '{"message":"Unauthorized"}')

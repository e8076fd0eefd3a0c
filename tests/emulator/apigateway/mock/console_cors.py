"""The calls the API Gateway console's "Enable CORS" makes for one resource, with plain boto3
(doc: "Enable CORS for a REST API resource", https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors-console.html),
and a MOCK method set up piece by piece for the tests of section 22."""

from __future__ import annotations

from typing import Any

import requests

from tests.emulator.conftest import Stack

ALLOW_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"
ALLOW_METHODS = "GET,OPTIONS"
ALLOW_ORIGIN = "*"
CORS_HEADERS = {
    "Access-Control-Allow-Headers": ALLOW_HEADERS,
    "Access-Control-Allow-Methods": ALLOW_METHODS,
    "Access-Control-Allow-Origin": ALLOW_ORIGIN,
}
STATUS_200 = '{"statusCode": 200}'


def header_parameters(headers: dict[str, str]) -> dict[str, str]:
    """``method.response.header.X`` → ``'value'`` (a static integration response mapping)."""
    return {f"method.response.header.{name}": f"'{value}'" for name, value in headers.items()}


def mock_method(
    stack: Stack,
    http_method: str = "OPTIONS",
    *,
    request_templates: dict[str, str] | None = None,
    passthrough: str | None = None,
    resource_id: str | None = None,
    authorization_type: str = "NONE",
) -> None:
    """A method with a MOCK integration and no responses yet."""
    apigw, where = stack.clients["apigateway"], _where(stack, http_method, resource_id)
    method: dict[str, Any] = {"authorizationType": authorization_type}
    if authorization_type == "COGNITO_USER_POOLS":
        method["authorizerId"] = stack.authorizer_id
    apigw.put_method(**where, **method)
    integration: dict[str, Any] = {"type": "MOCK"}
    if request_templates is not None:
        integration["requestTemplates"] = request_templates
    if passthrough is not None:
        integration["passthroughBehavior"] = passthrough
    apigw.put_integration(**where, **integration)


def method_response(
    stack: Stack, status: str, headers: tuple[str, ...] = (), http_method: str = "OPTIONS"
) -> None:
    stack.clients["apigateway"].put_method_response(
        **_where(stack, http_method),
        statusCode=status,
        responseParameters={f"method.response.header.{name}": False for name in headers},
        responseModels={"application/json": "Empty"},
    )


def integration_response(
    stack: Stack,
    status: str,
    *,
    pattern: str | None = None,
    parameters: dict[str, str] | None = None,
    templates: dict[str, str] | None = None,
    http_method: str = "OPTIONS",
) -> None:
    kwargs: dict[str, Any] = {"responseParameters": parameters or {}}
    if pattern is not None:
        kwargs["selectionPattern"] = pattern
    if templates is not None:
        kwargs["responseTemplates"] = templates
    stack.clients["apigateway"].put_integration_response(
        **_where(stack, http_method), statusCode=status, **kwargs
    )


def console_enable_cors(stack: Stack) -> None:
    """OPTIONS /users as the console's "Enable CORS" makes it (MOCK, 200, three headers)."""
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "200", tuple(CORS_HEADERS))
    integration_response(
        stack,
        "200",
        parameters=header_parameters(CORS_HEADERS),
        templates={"application/json": ""},
    )


def preflight(stack: Stack, path: str = "/users") -> requests.Response:
    """The browser's preflight for a GET with an Authorization header."""
    return requests.options(
        stack.invoke_url(path),
        headers={
            "Origin": "http://localhost:8000",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
        timeout=15,
    )


def _where(stack: Stack, http_method: str, resource_id: str | None = None) -> dict[str, str]:
    return {
        "restApiId": stack.api_id,
        "resourceId": resource_id or stack.resource_id,
        "httpMethod": http_method,
    }

"""Gateway responses an API customises, served from the deployment (docs/aws-behaviour.md
2.13-2.16; recorded: LocalStack ``test_gateway_response_put``; doc: "Gateway responses for
REST APIs in API Gateway")."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.emulator.conftest import Stack

CORS = {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'


def put(stack: Stack, response_type: str, **kwargs: Any) -> dict[str, Any]:
    answer: dict[str, Any] = stack.clients["apigateway"].put_gateway_response(
        restApiId=stack.api_id, responseType=response_type, **kwargs
    )
    return answer


def test_a_customised_unauthorized_adds_its_header_and_renders_its_template_doc(
    secured: Stack,
) -> None:
    put(
        secured,
        "UNAUTHORIZED",
        responseParameters=CORS,
        responseTemplates={"application/json": '{"error":$context.error.messageString}'},
    )
    secured.deploy()
    response = secured.get()
    assert (
        response.status_code,
        response.headers["Access-Control-Allow-Origin"],
        response.text,
        response.headers["x-amzn-ErrorType"],
    ) == (401, "*", '{"error":"Unauthorized"}', "UnauthorizedException")


def test_a_customised_response_takes_effect_on_redeploy_deployments_doc(stack: Stack) -> None:
    put(stack, "MISSING_AUTHENTICATION_TOKEN", statusCode="404")
    before = stack.get("/nope").status_code
    stack.deploy()
    assert (before, stack.get("/nope").status_code) == (403, 404)


def test_default_4xx_customises_a_missing_route_doc(stack: Stack) -> None:
    put(stack, "DEFAULT_4XX", responseParameters=CORS)
    stack.deploy()
    response = stack.get("/nope")
    assert (
        response.status_code,
        response.headers["Access-Control-Allow-Origin"],
        response.text,
    ) == (
        403,
        "*",
        '{"message":"Missing Authentication Token"}',
    )


def test_default_5xx_customises_an_integration_failure_keeping_500_recorded(
    stack: Stack,
) -> None:
    stack.clients["lambda"].remove_permission(
        FunctionName=stack.function_name, StatementId="apigateway-get-users"
    )
    put(stack, "DEFAULT_5XX", responseParameters=CORS)
    stack.deploy()
    response = stack.get()
    assert (response.status_code, response.headers["Access-Control-Allow-Origin"]) == (500, "*")


def test_get_gateway_responses_lists_every_type_with_defaults_recorded(stack: Stack) -> None:
    items = stack.clients["apigateway"].get_gateway_responses(restApiId=stack.api_id)["items"]
    unauthorized = next(item for item in items if item["responseType"] == "UNAUTHORIZED")
    assert (len(items), unauthorized) == (
        21,
        {
            "defaultResponse": True,
            "responseParameters": {},
            "responseTemplates": {"application/json": DEFAULT_TEMPLATE},
            "responseType": "UNAUTHORIZED",
            "statusCode": "401",
        },
    )


def test_get_gateway_response_of_a_type_nobody_put_is_its_default_api_reference(
    stack: Stack,
) -> None:
    answer = stack.clients["apigateway"].get_gateway_response(
        restApiId=stack.api_id, responseType="ACCESS_DENIED"
    )
    assert (answer["defaultResponse"], answer["statusCode"]) == (True, "403")


def test_put_gateway_response_answers_with_the_defaults_filled_in_recorded(stack: Stack) -> None:
    answer = put(stack, "MISSING_AUTHENTICATION_TOKEN", statusCode="404")
    assert (
        answer["defaultResponse"],
        answer["statusCode"],
        answer["responseParameters"],
        answer["responseTemplates"],
    ) == (False, "404", {}, {"application/json": DEFAULT_TEMPLATE})


def test_get_gateway_responses_shows_a_put_response_as_not_default_recorded(stack: Stack) -> None:
    put(stack, "UNAUTHORIZED", responseParameters=CORS)
    items = stack.clients["apigateway"].get_gateway_responses(restApiId=stack.api_id)["items"]
    unauthorized = next(item for item in items if item["responseType"] == "UNAUTHORIZED")
    assert (unauthorized["defaultResponse"], unauthorized["responseParameters"]) == (False, CORS)


def test_an_unknown_response_type_is_a_validation_exception_inferred(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].get_gateway_response(
            restApiId=stack.api_id, responseType="NOPE"
        )
    assert caught.value.response["Error"]["Code"] == "ValidationException"

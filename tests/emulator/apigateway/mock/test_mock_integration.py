"""MOCK integrations through the wire: the console's CORS preflight, integration-response
selection, method-response headers, templates, passthrough behaviours and the deployment
snapshot (docs/aws-behaviour.md section 22; doc: "Mock integrations for REST APIs in API
Gateway", "Enable CORS for a REST API resource", IntegrationResponse / PutIntegrationResponse
/ PutMethodResponse API references)."""

from __future__ import annotations

import requests

from tests.emulator.apigateway.mock.console_cors import (
    CORS_HEADERS,
    STATUS_200,
    console_enable_cors,
    header_parameters,
    integration_response,
    method_response,
    mock_method,
    preflight,
)
from tests.emulator.conftest import Stack

INTERNAL_ERROR = '{"message": "Internal server error"}'


def options(stack: Stack, **kwargs: object) -> requests.Response:
    return requests.options(stack.invoke_url(), timeout=15, **kwargs)  # type: ignore[arg-type]


def test_console_cors_preflight_is_200_with_exactly_its_headers_and_no_body_doc_enable_cors(
    stack: Stack,
) -> None:
    console_enable_cors(stack)
    stack.deploy()
    response = preflight(stack)
    cors = {name: value for name, value in response.headers.items() if name.startswith("Access")}
    assert (response.status_code, cors, response.content) == (200, CORS_HEADERS, b"")


def test_console_cors_preflight_carries_the_api_gateway_headers_inferred(stack: Stack) -> None:
    console_enable_cors(stack)
    stack.deploy()
    response = preflight(stack)
    assert (
        response.headers["Content-Type"],
        response.headers["Content-Length"],
        "x-amzn-RequestId" in response.headers,
        "x-amz-apigw-id" in response.headers,
        "x-amzn-ErrorType" in response.headers,
    ) == ("application/json", "0", True, True, False)


def test_selection_pattern_picks_the_integration_response_by_status_doc_selection_pattern(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": '{"statusCode": 404}'})
    method_response(stack, "200")
    method_response(stack, "404")
    integration_response(stack, "200", templates={"application/json": '{"ok": true}'})
    integration_response(
        stack, "404", pattern="4\\d{2}", templates={"application/json": '{"ok": false}'}
    )
    stack.deploy()
    response = options(stack)
    assert (response.status_code, response.text) == (404, '{"ok": false}')


def test_the_default_integration_response_answers_when_no_pattern_matches_doc_selection_pattern(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": '{"statusCode": 201}'})
    method_response(stack, "200")
    method_response(stack, "404")
    integration_response(stack, "200", templates={"application/json": '{"ok": true}'})
    integration_response(stack, "404", pattern="4\\d{2}")
    stack.deploy()
    response = options(stack)
    assert (response.status_code, response.text) == (200, '{"ok": true}')


def test_a_pattern_matches_the_whole_status_code_inferred(stack: Stack) -> None:
    mock_method(stack, request_templates={"application/json": '{"statusCode": 404}'})
    method_response(stack, "200")
    method_response(stack, "400")
    integration_response(stack, "200")
    integration_response(stack, "400", pattern="4")
    stack.deploy()
    assert options(stack).status_code == 200


def test_a_header_not_declared_in_the_method_response_is_not_sent_recorded_invalid_mapping(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "200", ("Access-Control-Allow-Origin",))
    integration_response(
        stack,
        "200",
        parameters=header_parameters({"Access-Control-Allow-Origin": "*", "X-Undeclared": "no"}),
    )
    stack.deploy()
    response = options(stack)
    assert (
        response.status_code,
        response.headers.get("Access-Control-Allow-Origin"),
        "X-Undeclared" in response.headers,
    ) == (200, "*", False)


def test_a_static_response_template_is_the_body_with_its_content_type_doc_mapping_templates(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "200")
    integration_response(stack, "200", templates={"text/plain": "hello"})
    stack.deploy()
    response = options(stack)
    assert (response.status_code, response.headers["Content-Type"], response.text) == (
        200,
        "text/plain",
        "hello",
    )


def test_a_response_template_that_needs_vtl_is_500_our_choice(stack: Stack) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "200")
    integration_response(
        stack, "200", templates={"application/json": '{"id": "$context.requestId"}'}
    )
    stack.deploy()
    response = options(stack)
    assert (response.status_code, response.text) == (500, INTERNAL_ERROR)


def test_a_request_template_that_needs_vtl_is_500_our_choice(stack: Stack) -> None:
    template = '#if($input.params("x") == "1") {"statusCode": 200} #else {"statusCode": 500} #end'
    mock_method(stack, request_templates={"application/json": template})
    method_response(stack, "200")
    integration_response(stack, "200")
    stack.deploy()
    assert (options(stack).status_code, options(stack).text) == (500, INTERNAL_ERROR)


def test_no_request_template_and_no_body_is_500_unable_to_parse_status_code_recorded(
    stack: Stack,
) -> None:
    mock_method(stack)
    method_response(stack, "200")
    integration_response(stack, "200")
    stack.deploy()
    response = options(stack)
    assert (response.status_code, response.text) == (500, INTERNAL_ERROR)


def test_when_no_match_passes_an_unmapped_body_through_doc_passthrough(stack: Stack) -> None:
    mock_method(
        stack,
        "POST",
        request_templates={"application/json": '{"statusCode": 500}'},
        passthrough="WHEN_NO_MATCH",
    )
    method_response(stack, "200", http_method="POST")
    method_response(stack, "500", http_method="POST")
    integration_response(stack, "200", http_method="POST")
    integration_response(stack, "500", pattern="5\\d{2}", http_method="POST")
    stack.deploy()
    response = requests.post(
        stack.invoke_url(),
        data=STATUS_200,
        headers={"Content-Type": "application/xml"},
        timeout=15,
    )
    assert response.status_code == 200


def test_when_no_templates_refuses_an_unmapped_content_type_with_415_doc_passthrough(
    stack: Stack,
) -> None:
    mock_method(
        stack,
        "POST",
        request_templates={"application/json": STATUS_200},
        passthrough="WHEN_NO_TEMPLATES",
    )
    method_response(stack, "200", http_method="POST")
    integration_response(stack, "200", http_method="POST")
    stack.deploy()
    response = requests.post(
        stack.invoke_url(), data="<a/>", headers={"Content-Type": "application/xml"}, timeout=15
    )
    assert (response.status_code, response.text, response.headers["x-amzn-ErrorType"]) == (
        415,
        '{"message":"Unsupported Media Type"}',
        "UnsupportedMediaTypeException",
    )


def test_never_without_templates_refuses_with_415_doc_passthrough(stack: Stack) -> None:
    mock_method(stack, passthrough="NEVER")
    method_response(stack, "200")
    integration_response(stack, "200")
    stack.deploy()
    assert options(stack).status_code == 415


def test_no_request_content_type_uses_the_application_json_template_doc_passthrough(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200}, passthrough="NEVER")
    method_response(stack, "200")
    integration_response(stack, "200")
    stack.deploy()
    assert options(stack).status_code == 200


def test_no_integration_response_for_the_status_and_no_default_is_500_recorded(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "404")
    integration_response(stack, "404", pattern="4\\d{2}")
    stack.deploy()
    assert (options(stack).status_code, options(stack).text) == (500, INTERNAL_ERROR)


def test_an_integration_response_without_its_method_response_is_500_recorded(
    stack: Stack,
) -> None:
    mock_method(stack, request_templates={"application/json": STATUS_200})
    method_response(stack, "200")
    integration_response(stack, "200")
    stack.clients["apigateway"].delete_method_response(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="OPTIONS", statusCode="200"
    )
    stack.deploy()
    assert (options(stack).status_code, options(stack).text) == (500, INTERNAL_ERROR)


def test_the_stage_serves_the_deployed_integration_response_until_redeploy_doc_deployments(
    stack: Stack,
) -> None:
    console_enable_cors(stack)
    stack.deploy()
    integration_response(
        stack,
        "200",
        parameters=header_parameters({"Access-Control-Allow-Origin": "https://x.example"}),
    )
    before = preflight(stack).headers.get("Access-Control-Allow-Origin")
    stack.deploy()
    after = preflight(stack).headers.get("Access-Control-Allow-Origin")
    assert (before, after) == ("*", "https://x.example")


def test_the_stage_serves_the_deployed_request_template_until_redeploy_doc_deployments(
    stack: Stack,
) -> None:
    console_enable_cors(stack)
    stack.deploy()
    stack.clients["apigateway"].put_integration(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="OPTIONS",
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 404}'},
    )
    method_response(stack, "404")
    integration_response(stack, "404", pattern="4\\d{2}")
    before = preflight(stack).status_code
    stack.deploy()
    assert (before, preflight(stack).status_code) == (200, 404)

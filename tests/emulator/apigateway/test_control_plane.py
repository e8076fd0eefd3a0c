"""The API Gateway operations the emulator adds to moto, called with plain boto3."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.emulator.conftest import Stack


def test_update_method_sets_authorizer(stack: Stack) -> None:
    stack.attach_authorizer()
    method = stack.clients["apigateway"].get_method(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET"
    )
    assert (method["authorizationType"], method["authorizerId"]) == (
        "COGNITO_USER_POOLS",
        stack.authorizer_id,
    )


def test_update_method_adds_authorization_scopes(stack: Stack) -> None:
    stack.attach_authorizer(scopes=["users/read", "users/write"])
    method = stack.clients["apigateway"].get_method(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET"
    )
    assert method["authorizationScopes"] == ["users/read", "users/write"]


def test_update_method_with_unknown_authorizer_is_bad_request_recorded_localstack(
    stack: Stack,
) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].update_method(
            restApiId=stack.api_id,
            resourceId=stack.resource_id,
            httpMethod="GET",
            patchOperations=[
                {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
                {"op": "replace", "path": "/authorizerId", "value": "nope"},
            ],
        )
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "BadRequestException",
        "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
        "COGNITO_USER_POOLS requires a valid authorizer.",
    )


def test_update_method_on_missing_method_is_not_found(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].update_method(
            restApiId=stack.api_id,
            resourceId=stack.resource_id,
            httpMethod="DELETE",
            patchOperations=[{"op": "replace", "path": "/authorizationType", "value": "NONE"}],
        )
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "NotFoundException",
        "Invalid Method identifier specified",
    )


def test_update_integration_changes_uri(stack: Stack) -> None:
    new_uri = stack.function_arn.join(
        ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", "/invocations"]
    ).replace(stack.function_name, "other")
    stack.clients["apigateway"].update_integration(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        patchOperations=[{"op": "replace", "path": "/uri", "value": new_uri}],
    )
    integration = stack.clients["apigateway"].get_integration(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET"
    )
    assert integration["uri"] == new_uri


def test_test_invoke_method_runs_the_draft_lambda(stack: Stack) -> None:
    result = stack.clients["apigateway"].test_invoke_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        pathWithQueryString="/users",
    )
    assert (result["status"], '"stage": "test-invoke-stage"' in result["body"]) == (200, True)


def test_test_invoke_method_skips_the_authorizer(stack: Stack) -> None:
    stack.attach_authorizer()
    result = stack.clients["apigateway"].test_invoke_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        pathWithQueryString="/users",
    )
    assert result["status"] == 200


def test_test_invoke_method_log_follows_aws_layout_recorded_localstack(stack: Stack) -> None:
    result = stack.clients["apigateway"].test_invoke_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        pathWithQueryString="/users?foo=bar",
    )
    lines = [line.partition(" UTC ")[2].split(" : ", 1)[-1] for line in result["log"].splitlines()]
    assert [line for line in lines if line.startswith("Method")] == [
        "Method request path: {}",
        "Method request query string: {foo=bar}",
        "Method request headers: {}",
        "Method request body before transformations: ",
        f"Method response body after transformations: {result['body'][:1000]}",
        "Method response headers: {Content-Type=application/json}",
        "Method completed with status: 200",
    ]


def test_test_invoke_method_log_ends_with_success_and_one_status_line_recorded_localstack(
    stack: Stack,
) -> None:
    result = stack.clients["apigateway"].test_invoke_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        pathWithQueryString="/users",
    )
    lines = result["log"].splitlines()
    assert (
        lines[-2].endswith(" : Successfully completed execution"),
        result["log"].count("Method completed with status"),
    ) == (True, 1)


def test_test_invoke_method_log_names_the_method(stack: Stack) -> None:
    result = stack.clients["apigateway"].test_invoke_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        pathWithQueryString="/users",
    )
    assert "HTTP Method: GET, Resource Path: /users" in result["log"]


def test_test_invoke_authorizer_accepts_id_token_with_client_status_0_api_reference(
    stack: Stack,
) -> None:
    result = stack.clients["apigateway"].test_invoke_authorizer(
        restApiId=stack.api_id,
        authorizerId=stack.authorizer_id,
        headers={"Authorization": stack.tokens()["id"]},
    )
    assert (result["clientStatus"], result["claims"]["cognito:username"]) == (0, "alice")


def test_test_invoke_authorizer_rejects_missing_token(stack: Stack) -> None:
    result = stack.clients["apigateway"].test_invoke_authorizer(
        restApiId=stack.api_id, authorizerId=stack.authorizer_id, headers={}
    )
    assert result["clientStatus"] == 401


def test_stage_update_to_older_deployment_serves_that_snapshot(stack: Stack) -> None:
    open_deployment = stack.clients["apigateway"].get_stage(
        restApiId=stack.api_id, stageName="dev"
    )["deploymentId"]
    stack.attach_authorizer()
    stack.deploy()
    stack.clients["apigateway"].update_stage(
        restApiId=stack.api_id,
        stageName="dev",
        patchOperations=[{"op": "replace", "path": "/deploymentId", "value": open_deployment}],
    )
    assert stack.get().status_code == 200


def test_get_integration_of_method_without_one_is_not_found(stack: Stack) -> None:
    apigw = stack.clients["apigateway"]
    apigw.put_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="POST",
        authorizationType="NONE",
    )
    with pytest.raises(ClientError) as caught:
        apigw.get_integration(
            restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="POST"
        )
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "NotFoundException",
        "Invalid Integration identifier specified",
    )

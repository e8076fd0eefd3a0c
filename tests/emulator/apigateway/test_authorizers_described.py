"""How AWS describes an authorizer: ``authType``, and a TTL only when one is set
(docs/aws-behaviour.md 15.11; recorded: the AWS CLI's create-authorizer examples)."""

from __future__ import annotations

from typing import Any

from tests.emulator.conftest import ACCOUNT, REGION, Stack


def token_authorizer(stack: Stack, **kwargs: Any) -> dict[str, Any]:
    uri = (
        f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:auth/invocations"
    )
    created: dict[str, Any] = stack.clients["apigateway"].create_authorizer(
        restApiId=stack.api_id,
        name="token",
        type="TOKEN",
        authorizerUri=uri,
        identitySource="method.request.header.Authorization",
        **kwargs,
    )
    return created


def test_a_cognito_authorizer_reports_auth_type_cognito_user_pools_and_no_ttl_cli_example(
    stack: Stack,
) -> None:
    described = stack.clients["apigateway"].get_authorizer(
        restApiId=stack.api_id, authorizerId=stack.authorizer_id
    )
    assert (described["authType"], "authorizerResultTtlInSeconds" in described) == (
        "cognito_user_pools",
        False,
    )


def test_a_lambda_authorizer_reports_auth_type_custom_cli_example(stack: Stack) -> None:
    assert token_authorizer(stack)["authType"] == "custom"


def test_a_ttl_that_was_set_is_reported_cli_example(stack: Stack) -> None:
    assert (
        token_authorizer(stack, authorizerResultTtlInSeconds=300)["authorizerResultTtlInSeconds"]
        == 300
    )


def test_no_ttl_is_reported_when_none_was_set_inferred(stack: Stack) -> None:
    created = token_authorizer(stack)
    listed = stack.clients["apigateway"].get_authorizers(restApiId=stack.api_id)["items"]
    fetched = next(item for item in listed if item["id"] == created["id"])
    assert (
        "authorizerResultTtlInSeconds" in created,
        "authorizerResultTtlInSeconds" in fetched,
    ) == (
        False,
        False,
    )

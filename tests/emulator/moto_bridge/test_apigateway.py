"""emulator/moto_bridge/apigateway.py: REST APIs, their drafts and stages, and the edits moto
has no API for, read and written against the pinned moto."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import boto3
import pytest
from moto import mock_aws
from moto.apigateway.exceptions import RestAPINotFound
from moto.apigateway.models import apigateway_backends

from awsrules.apigateway.custom_gateway_responses import GatewayResponseConfig
from emulator.apigateway.deployments import (
    AuthorizerSnapshot,
    DeploymentSnapshot,
    IntegrationSnapshot,
    MethodSnapshot,
    ResourceSnapshot,
)
from emulator.apigateway.method_patch import MethodContext
from emulator.errors import AwsError
from emulator.moto_bridge import ACCOUNT_ID, MotoShapeError
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge.apigateway import RestApiRecord, StageRecord

if TYPE_CHECKING:
    from mypy_boto3_apigateway import APIGatewayClient

REGION = "us-east-1"
FUNCTION_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
)
POOL_ARN = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_pool"
HEADER = "method.request.header.Authorization"
ROLE_ARN = "arn:aws:iam::123456789012:role/apigateway-invokes-lambda"


@dataclass(frozen=True)
class Api:
    """A REST API with /users: GET has a Lambda proxy integration, POST has none."""

    id: str
    root_id: str
    users_id: str


def client() -> APIGatewayClient:
    apigw: APIGatewayClient = boto3.client("apigateway", region_name=REGION)
    return apigw


def make_api(apigw: APIGatewayClient) -> Api:
    api_id = apigw.create_rest_api(name="x")["id"]
    root_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    users_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="users")["id"]
    for verb in ("GET", "POST"):
        apigw.put_method(
            restApiId=api_id, resourceId=users_id, httpMethod=verb, authorizationType="NONE"
        )
    apigw.put_integration(
        restApiId=api_id,
        resourceId=users_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=FUNCTION_URI,
    )
    return Api(api_id, root_id, users_id)


def make_token_authorizer(apigw: APIGatewayClient, api_id: str) -> str:
    """A TOKEN authorizer with the default result TTL."""
    return apigw.create_authorizer(
        restApiId=api_id, name="a", type="TOKEN", identitySource=HEADER, authorizerUri=FUNCTION_URI
    )["id"]


def shape_error(cls: str, name: str) -> str:
    return f"moto 5.2.5: {cls} has no field '{name}';"


# moto_errors


def test_moto_errors_turns_a_moto_exception_into_the_aws_error() -> None:
    with pytest.raises(AwsError) as raised, moto_apigateway.moto_errors():
        raise RestAPINotFound()
    error = raised.value
    assert (error.status, error.code, error.message) == (
        404,
        "NotFoundException",
        "Invalid Rest API Id specified",
    )


def test_moto_errors_lets_other_exceptions_through() -> None:
    with pytest.raises(KeyError), moto_apigateway.moto_errors():
        raise KeyError("x")


# find_rest_api


@mock_aws
def test_find_rest_api_returns_region_and_api() -> None:
    api_id = boto3.client("apigateway", region_name="eu-west-1").create_rest_api(name="x")["id"]
    found = moto_apigateway.find_rest_api(api_id)
    assert found is not None
    assert (found[0], found[1].id) == ("eu-west-1", api_id)


@mock_aws
def test_find_rest_api_returns_the_stages_with_deployment_and_variables() -> None:
    apigw = client()
    api = make_api(apigw)
    deployment_id = apigw.create_deployment(
        restApiId=api.id, stageName="dev", variables={"color": "blue"}
    )["id"]
    assert moto_apigateway.find_rest_api(api.id) == (
        REGION,
        RestApiRecord(api.id, {"dev": StageRecord("dev", deployment_id, {"color": "blue"})}),
    )


@mock_aws
def test_find_rest_api_of_unknown_id_is_none() -> None:
    assert moto_apigateway.find_rest_api("nope") is None


@mock_aws
def test_find_rest_api_of_a_stage_without_deployment_id_raises_moto_shape_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    apigw = client()
    api = make_api(apigw)
    apigw.create_deployment(restApiId=api.id, stageName="dev")
    stage = apigateway_backends[ACCOUNT_ID][REGION].apis[api.id].stages["dev"]
    monkeypatch.delattr(stage, "deployment_id")
    with pytest.raises(MotoShapeError) as raised:
        moto_apigateway.find_rest_api(api.id)
    assert str(raised.value).startswith(shape_error("Stage", "deployment_id"))


# draft_snapshot


@mock_aws
def test_draft_snapshot_freezes_resources_methods_integrations_and_authorizers() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = apigw.create_authorizer(
        restApiId=api.id,
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=[POOL_ARN],
        identitySource=HEADER,
    )["id"]
    apigw.put_method(  # moto 5.2.5 has no UpdateMethod (the emulator's own does it)
        restApiId=api.id,
        resourceId=api.users_id,
        httpMethod="GET",
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=authorizer_id,
        authorizationScopes=["api/read"],
    )
    apigw.put_integration(
        restApiId=api.id,
        resourceId=api.users_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=FUNCTION_URI,
    )
    get = MethodSnapshot(
        "GET",
        "COGNITO_USER_POOLS",
        authorizer_id,
        ("api/read",),
        IntegrationSnapshot("AWS_PROXY", FUNCTION_URI, "POST"),
    )
    post = MethodSnapshot("POST", "NONE", None, (), None)
    authorizer = AuthorizerSnapshot(
        authorizer_id, "pool", "COGNITO_USER_POOLS", (POOL_ARN,), HEADER, None, None, 300
    )
    assert moto_apigateway.draft_snapshot(REGION, api.id, "d1") == DeploymentSnapshot(
        api.id,
        "d1",
        REGION,
        (
            ResourceSnapshot(api.root_id, "/", ()),
            ResourceSnapshot(api.users_id, "/users", (("GET", get), ("POST", post))),
        ),
        ((authorizer_id, authorizer),),
    )


@mock_aws
def test_draft_snapshot_keeps_the_integration_credentials() -> None:
    apigw = client()
    api = make_api(apigw)
    apigw.put_integration(
        restApiId=api.id,
        resourceId=api.users_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=FUNCTION_URI,
        credentials=ROLE_ARN,
    )
    snapshot = moto_apigateway.draft_snapshot(REGION, api.id, "d1")
    method = dict(snapshot.resources_by_path["/users"].methods)["GET"]
    assert method.integration == IntegrationSnapshot("AWS_PROXY", FUNCTION_URI, "POST", ROLE_ARN)


@mock_aws
def test_draft_snapshot_keeps_the_gateway_responses_and_binary_media_types() -> None:
    apigw = client()
    api_id = apigw.create_rest_api(name="x")["id"]
    moto_apigateway.set_binary_media_types(REGION, api_id, ["image/png"])
    apigw.put_gateway_response(
        restApiId=api_id,
        responseType="UNAUTHORIZED",
        responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
    )
    snapshot = moto_apigateway.draft_snapshot(REGION, api_id, "d1")
    assert (snapshot.gateway_responses, snapshot.binary_media_types) == (
        (
            (
                "UNAUTHORIZED",
                GatewayResponseConfig(
                    None, (("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),), None
                ),
            ),
        ),
        ("image/png",),
    )


# set_binary_media_types


@mock_aws
def test_set_binary_media_types_replaces_them_and_returns_the_api_json() -> None:
    apigw = client()
    api_id = apigw.create_rest_api(name="x")["id"]
    answer = moto_apigateway.set_binary_media_types(REGION, api_id, ["image/png", "*/*"])
    fetched = apigw.get_rest_api(restApiId=api_id)
    assert (answer["binaryMediaTypes"], fetched["binaryMediaTypes"]) == (
        ["image/png", "*/*"],
        ["image/png", "*/*"],
    )


@mock_aws
def test_moto_still_drops_binary_media_types_on_create_rest_api() -> None:
    """moto 5.2.5's CreateRestApi ignores ``binaryMediaTypes`` (docs/aws-behaviour.md 7.12);
    remove the emulator's fix and this test when moto keeps them."""
    apigw = client()
    api_id = apigw.create_rest_api(name="x", binaryMediaTypes=["image/png"])["id"]
    assert apigw.get_rest_api(restApiId=api_id)["binaryMediaTypes"] == []


# gateway_responses


@mock_aws
def test_gateway_responses_are_the_ones_put_with_their_status_as_a_string() -> None:
    apigw = client()
    api = make_api(apigw)
    apigw.put_gateway_response(
        restApiId=api.id,
        responseType="DEFAULT_4XX",
        statusCode="418",
        responseTemplates={"application/json": "{}"},
    )
    assert moto_apigateway.gateway_responses(REGION, api.id) == {
        "DEFAULT_4XX": GatewayResponseConfig("418", None, (("application/json", "{}"),))
    }


@mock_aws
def test_gateway_responses_of_unknown_api_raises_not_found_exception() -> None:
    with pytest.raises(AwsError) as raised:
        moto_apigateway.gateway_responses(REGION, "nope")
    assert (raised.value.status, raised.value.code) == (404, "NotFoundException")


# method_context


@mock_aws
def test_method_context_names_the_authorizers_validators_and_models() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    validator_id = apigw.create_request_validator(restApiId=api.id, name="v")["id"]
    apigw.create_model(
        restApiId=api.id, name="Pet", contentType="application/json", schema='{"type": "object"}'
    )
    assert moto_apigateway.method_context(REGION, api.id) == MethodContext(
        frozenset({authorizer_id}), frozenset({validator_id}), frozenset({"Pet"})
    )


# has_resource, has_deployment


@mock_aws
def test_has_resource_is_true_for_a_resource_of_the_api() -> None:
    api = make_api(client())
    assert moto_apigateway.has_resource(REGION, api.id, api.users_id)


@mock_aws
def test_has_resource_is_false_for_an_unknown_api_or_resource() -> None:
    api = make_api(client())
    assert (
        moto_apigateway.has_resource(REGION, "nope", api.users_id),
        moto_apigateway.has_resource(REGION, api.id, "nope"),
    ) == (False, False)


@mock_aws
def test_has_deployment_is_true_for_a_deployment_of_the_api() -> None:
    apigw = client()
    api = make_api(apigw)
    deployment_id = apigw.create_deployment(restApiId=api.id, stageName="dev")["id"]
    assert moto_apigateway.has_deployment(REGION, api.id, deployment_id)


@mock_aws
def test_has_deployment_is_false_for_an_unknown_deployment() -> None:
    api = make_api(client())
    assert not moto_apigateway.has_deployment(REGION, api.id, "nope")


# stages_serving, delete_deployment


@mock_aws
def test_stages_serving_are_the_stages_pointing_to_the_deployment_now() -> None:
    apigw = client()
    api = make_api(apigw)
    first = apigw.create_deployment(restApiId=api.id, stageName="dev")["id"]
    second = apigw.create_deployment(restApiId=api.id, stageName="dev")["id"]
    apigw.create_stage(restApiId=api.id, stageName="prod", deploymentId=first)
    assert (
        moto_apigateway.stages_serving(REGION, api.id, first),
        moto_apigateway.stages_serving(REGION, api.id, second),
    ) == (("prod",), ("dev",))


@mock_aws
def test_delete_deployment_forgets_it() -> None:
    apigw = client()
    api = make_api(apigw)
    first = apigw.create_deployment(restApiId=api.id, stageName="dev")["id"]
    apigw.create_deployment(restApiId=api.id, stageName="dev")
    moto_apigateway.delete_deployment(REGION, api.id, first)
    assert first not in {d["id"] for d in apigw.get_deployments(restApiId=api.id)["items"]}


# complete_authorizer


@mock_aws
def test_complete_authorizer_sets_auth_type_and_drops_an_unset_ttl() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    completed = moto_apigateway.complete_authorizer(REGION, api.id, authorizer_id, ttl_given=False)
    assert (completed["authType"], completed["authorizerResultTtlInSeconds"]) == ("custom", None)


@mock_aws
def test_complete_authorizer_keeps_a_ttl_that_was_given() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    completed = moto_apigateway.complete_authorizer(REGION, api.id, authorizer_id, ttl_given=True)
    assert completed["authorizerResultTtlInSeconds"] == 300


@mock_aws
def test_complete_authorizer_of_a_cognito_authorizer_reports_no_ttl() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = apigw.create_authorizer(
        restApiId=api.id,
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=[POOL_ARN],
        identitySource=HEADER,
        authorizerResultTtlInSeconds=300,
    )["id"]
    completed = moto_apigateway.complete_authorizer(REGION, api.id, authorizer_id, ttl_given=True)
    assert (completed["authType"], completed["authorizerResultTtlInSeconds"]) == (
        "cognito_user_pools",
        None,
    )


@mock_aws
def test_complete_authorizer_of_unknown_authorizer_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.complete_authorizer(REGION, api.id, "nope", ttl_given=False)
    assert (raised.value.status, raised.value.code) == (404, "NotFoundException")


@mock_aws
def test_draft_snapshot_of_unknown_api_raises_not_found_exception() -> None:
    with pytest.raises(AwsError) as raised:
        moto_apigateway.draft_snapshot(REGION, "nope", "d1")
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        404,
        "NotFoundException",
        "Invalid Rest API Id specified",
    )


# authorizer_snapshot


@mock_aws
def test_authorizer_snapshot_of_a_token_authorizer_has_the_default_ttl() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    assert moto_apigateway.authorizer_snapshot(REGION, api.id, authorizer_id) == (
        AuthorizerSnapshot(authorizer_id, "a", "TOKEN", (), HEADER, None, FUNCTION_URI, 300)
    )


@mock_aws
def test_authorizer_snapshot_keeps_a_zero_ttl_and_the_credentials() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = apigw.create_authorizer(
        restApiId=api.id,
        name="a",
        type="REQUEST",
        authorizerUri=FUNCTION_URI,
        authorizerCredentials="arn:aws:iam::123456789012:role/invoker",
        authorizerResultTtlInSeconds=0,
    )["id"]
    snapshot = moto_apigateway.authorizer_snapshot(REGION, api.id, authorizer_id)
    assert (snapshot.result_ttl_seconds, snapshot.credentials, snapshot.identity_source) == (
        0,
        "arn:aws:iam::123456789012:role/invoker",
        "",
    )


@mock_aws
def test_authorizer_snapshot_of_unknown_authorizer_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.authorizer_snapshot(REGION, api.id, "nope")
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        404,
        "NotFoundException",
        "Invalid Authorizer identifier specified",
    )


# authorizer_ids


@mock_aws
def test_authorizer_ids_are_the_draft_authorizers() -> None:
    apigw = client()
    api = make_api(apigw)
    ids = {make_token_authorizer(apigw, api.id), make_token_authorizer(apigw, api.id)}
    assert moto_apigateway.authorizer_ids(REGION, api.id) == frozenset(ids)


@mock_aws
def test_authorizer_ids_of_unknown_api_raises_not_found_exception() -> None:
    with pytest.raises(AwsError) as raised:
        moto_apigateway.authorizer_ids(REGION, "nope")
    assert (raised.value.status, raised.value.code) == (404, "NotFoundException")


# method_settings


@mock_aws
def test_method_settings_are_the_editable_fields_by_moto_names() -> None:
    api = make_api(client())
    assert moto_apigateway.method_settings(REGION, api.id, api.users_id, "GET") == {
        "authorization_type": "NONE",
        "authorizer_id": None,
        "authorization_scopes": None,
        "api_key_required": False,
        "operation_name": None,
        "request_validator_id": None,
        "request_parameters": None,
        "request_models": None,
    }


@mock_aws
def test_method_settings_of_unknown_method_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.method_settings(REGION, api.id, api.users_id, "PUT")
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        404,
        "NotFoundException",
        "Invalid Method identifier specified",
    )


# update_method


@mock_aws
def test_update_method_applies_the_changes_and_returns_the_method_json() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    changes = {"authorization_type": "CUSTOM", "authorizer_id": authorizer_id}
    updated = moto_apigateway.update_method(REGION, api.id, api.users_id, "GET", changes)
    fetched = apigw.get_method(restApiId=api.id, resourceId=api.users_id, httpMethod="GET")
    assert (updated["authorizationType"], updated["authorizerId"]) == ("CUSTOM", authorizer_id)
    assert (fetched["authorizationType"], fetched["authorizerId"]) == ("CUSTOM", authorizer_id)


@mock_aws
def test_update_method_refuses_an_unknown_field_before_changing_anything() -> None:
    api = make_api(client())
    before = moto_apigateway.method_settings(REGION, api.id, api.users_id, "GET")
    changes = {"authorization_type": "AWS_IAM", "method_responses": {}}
    with pytest.raises(ValueError) as raised:
        moto_apigateway.update_method(REGION, api.id, api.users_id, "GET", changes)
    assert str(raised.value) == "not editable through the bridge: ['method_responses']"
    assert moto_apigateway.method_settings(REGION, api.id, api.users_id, "GET") == before


@mock_aws
def test_update_method_of_a_field_moto_lacks_raises_moto_shape_error_before_changing_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = make_api(client())
    method = apigateway_backends[ACCOUNT_ID][REGION].get_method(api.id, api.users_id, "GET")
    monkeypatch.delattr(method, "operation_name")
    changes = {"authorization_type": "AWS_IAM", "operation_name": "ListUsers"}
    with pytest.raises(MotoShapeError) as raised:
        moto_apigateway.update_method(REGION, api.id, api.users_id, "GET", changes)
    assert str(raised.value).startswith(shape_error("Method", "operation_name"))
    assert method.authorization_type == "NONE"


@mock_aws
def test_update_method_of_unknown_method_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.update_method(REGION, api.id, api.users_id, "PUT", {})
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        404,
        "NotFoundException",
        "Invalid Method identifier specified",
    )


# integration_settings


@mock_aws
def test_integration_settings_are_the_editable_fields_by_moto_names() -> None:
    api = make_api(client())
    assert moto_apigateway.integration_settings(REGION, api.id, api.users_id, "GET") == {
        "uri": FUNCTION_URI,
        "http_method": "POST",
        "integration_type": "AWS_PROXY",
        "timeout_in_millis": None,
        "credentials": None,
    }


@mock_aws
def test_integration_settings_of_a_method_without_integration_is_none() -> None:
    api = make_api(client())
    assert moto_apigateway.integration_settings(REGION, api.id, api.users_id, "POST") is None


@mock_aws
def test_integration_settings_of_unknown_method_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.integration_settings(REGION, api.id, api.users_id, "PUT")
    assert (raised.value.status, raised.value.code) == (404, "NotFoundException")


# integration_json


@mock_aws
def test_integration_json_is_get_integration_answer() -> None:
    apigw = client()
    api = make_api(apigw)
    fetched = apigw.get_integration(restApiId=api.id, resourceId=api.users_id, httpMethod="GET")
    found = moto_apigateway.integration_json(REGION, api.id, api.users_id, "GET")
    assert found is not None
    assert (found["type"], found["uri"], found["httpMethod"]) == (
        fetched["type"],
        fetched["uri"],
        fetched["httpMethod"],
    )


@mock_aws
def test_integration_json_of_a_method_without_integration_is_none() -> None:
    api = make_api(client())
    assert moto_apigateway.integration_json(REGION, api.id, api.users_id, "POST") is None


# update_integration


@mock_aws
def test_update_integration_applies_the_changes_and_returns_the_integration_json() -> None:
    apigw = client()
    api = make_api(apigw)
    changes = {"timeout_in_millis": 1000, "credentials": "arn:aws:iam::123456789012:role/r"}
    updated = moto_apigateway.update_integration(REGION, api.id, api.users_id, "GET", changes)
    fetched = apigw.get_integration(restApiId=api.id, resourceId=api.users_id, httpMethod="GET")
    assert (updated["timeoutInMillis"], updated["credentials"]) == (
        1000,
        "arn:aws:iam::123456789012:role/r",
    )
    assert (fetched["timeoutInMillis"], fetched["credentials"]) == (
        1000,
        "arn:aws:iam::123456789012:role/r",
    )


@mock_aws
def test_update_integration_refuses_an_unknown_field_before_changing_anything() -> None:
    api = make_api(client())
    before = moto_apigateway.integration_settings(REGION, api.id, api.users_id, "GET")
    changes = {"timeout_in_millis": 1000, "request_templates": {}}
    with pytest.raises(ValueError) as raised:
        moto_apigateway.update_integration(REGION, api.id, api.users_id, "GET", changes)
    assert str(raised.value) == "not editable through the bridge: ['request_templates']"
    assert moto_apigateway.integration_settings(REGION, api.id, api.users_id, "GET") == before


@mock_aws
def test_update_integration_of_a_method_without_integration_raises_not_found_exception() -> None:
    api = make_api(client())
    with pytest.raises(AwsError) as raised:
        moto_apigateway.update_integration(REGION, api.id, api.users_id, "POST", {})
    assert (raised.value.status, raised.value.code, raised.value.message) == (
        404,
        "NotFoundException",
        "Invalid Integration identifier specified",
    )


# set_identity_validation_expression


@mock_aws
def test_create_authorizer_in_pinned_moto_drops_identity_validation_expression() -> None:
    """The moto gap `set_identity_validation_expression` exists for; fix it when this fails."""
    apigw = boto3.client("apigateway", region_name="us-east-1")
    api_id = apigw.create_rest_api(name="x")["id"]
    created = apigw.create_authorizer(
        restApiId=api_id,
        name="a",
        type="TOKEN",
        identitySource="method.request.header.Authorization",
        identityValidationExpression="^x$",
        authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
    )
    assert "identityValidationExpression" not in created


@mock_aws
def test_set_identity_validation_expression_stores_it() -> None:
    apigw = boto3.client("apigateway", region_name="us-east-1")
    api_id = apigw.create_rest_api(name="x")["id"]
    authorizer_id = apigw.create_authorizer(
        restApiId=api_id,
        name="a",
        type="TOKEN",
        identitySource="method.request.header.Authorization",
        authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
    )["id"]
    moto_apigateway.set_identity_validation_expression("us-east-1", api_id, authorizer_id, "^x$")
    fetched = apigw.get_authorizer(restApiId=api_id, authorizerId=authorizer_id)
    assert fetched["identityValidationExpression"] == "^x$"


@mock_aws
def test_set_identity_validation_expression_returns_the_authorizer_json() -> None:
    apigw = client()
    api = make_api(apigw)
    authorizer_id = make_token_authorizer(apigw, api.id)
    found = moto_apigateway.set_identity_validation_expression(REGION, api.id, authorizer_id, "^x$")
    assert found is not None
    assert (found["id"], found["identityValidationExpression"]) == (authorizer_id, "^x$")


@mock_aws
def test_set_identity_validation_expression_of_unknown_authorizer_is_none() -> None:
    api = make_api(client())
    assert moto_apigateway.set_identity_validation_expression(REGION, api.id, "no", "^x$") is None


@mock_aws
def test_set_identity_validation_expression_of_unknown_api_is_none() -> None:
    assert moto_apigateway.set_identity_validation_expression(REGION, "nope", "no", "^x$") is None

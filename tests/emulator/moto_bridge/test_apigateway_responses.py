"""emulator/moto_bridge/apigateway_responses.py: a method's responses, request templates and
passthrough behaviour, read from the pinned moto into the snapshot (docs/aws-behaviour.md
22.10)."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws
from moto.apigateway.models import apigateway_backends

from awsrules.apigateway.integration_response import (
    IntegrationResponseConfig,
    MethodResponseConfig,
)
from emulator.apigateway.deployments import IntegrationSnapshot, MethodSnapshot
from emulator.moto_bridge import ACCOUNT_ID, MotoShapeError
from emulator.moto_bridge.apigateway_responses import complete_method

REGION = "us-east-1"
BASICS = MethodSnapshot("OPTIONS", "NONE", None, (), IntegrationSnapshot("MOCK", None, None))


def moto_options_method() -> object:
    """OPTIONS /users as the console's "Enable CORS" makes it, as moto stores it."""
    apigw = boto3.client("apigateway", region_name=REGION)
    api_id = apigw.create_rest_api(name="x")["id"]
    root_id = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    users = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="users")["id"]
    where = {"restApiId": api_id, "resourceId": users, "httpMethod": "OPTIONS"}
    apigw.put_method(**where, authorizationType="NONE")
    apigw.put_integration(
        **where,
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
        passthroughBehavior="NEVER",
    )
    apigw.put_method_response(
        **where,
        statusCode="200",
        responseParameters={"method.response.header.Access-Control-Allow-Origin": False},
        responseModels={"application/json": "Empty"},
    )
    apigw.put_integration_response(
        **where,
        statusCode="200",
        selectionPattern="2\\d{2}",
        responseParameters={"method.response.header.Access-Control-Allow-Origin": "'*'"},
        responseTemplates={"application/json": ""},
    )
    api = apigateway_backends[ACCOUNT_ID][REGION].apis[api_id]
    return api.resources[users].resource_methods["OPTIONS"]


@mock_aws
def test_complete_method_reads_templates_passthrough_and_both_kinds_of_response() -> None:
    completed = complete_method(BASICS, moto_options_method())
    assert completed == MethodSnapshot(
        "OPTIONS",
        "NONE",
        None,
        (),
        IntegrationSnapshot(
            "MOCK",
            None,
            None,
            request_templates=(("application/json", '{"statusCode": 200}'),),
            passthrough_behavior="NEVER",
            responses=(
                IntegrationResponseConfig(
                    "200",
                    "2\\d{2}",
                    (("method.response.header.Access-Control-Allow-Origin", "'*'"),),
                    (("application/json", None),),
                ),
            ),
        ),
        (
            MethodResponseConfig(
                "200",
                (("method.response.header.Access-Control-Allow-Origin", False),),
                (("application/json", "Empty"),),
            ),
        ),
    )


@mock_aws
def test_complete_method_fails_loudly_when_moto_renames_a_field() -> None:
    method = moto_options_method()
    del method.method_responses  # type: ignore[attr-defined]
    with pytest.raises(MotoShapeError, match="method_responses"):
        complete_method(BASICS, method)

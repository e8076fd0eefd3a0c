"""The emulator's one window into moto's models, checked against the pinned moto."""

from __future__ import annotations

import json
import time

import boto3
import jwt
from moto import mock_aws

from emulator import moto_bridge
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge import cognito as moto_cognito
from emulator.moto_bridge import iam as moto_iam
from emulator.moto_bridge import logs as moto_logs


def test_installed_moto_is_the_pinned_version() -> None:
    moto_bridge.check_moto_version()


def test_cognito_jwks_is_moto_single_dummy_key() -> None:
    assert [key["kid"] for key in moto_cognito.cognito_public_jwks()["keys"]] == ["dummy"]


@mock_aws
def test_find_rest_api_returns_region_and_api() -> None:
    api_id = boto3.client("apigateway", region_name="eu-west-1").create_rest_api(name="x")["id"]
    found = moto_apigateway.find_rest_api(api_id)
    assert found is not None
    assert (found[0], found[1].id) == ("eu-west-1", api_id)


@mock_aws
def test_find_rest_api_of_unknown_id_is_none() -> None:
    assert moto_apigateway.find_rest_api("nope") is None


@mock_aws
def test_user_pool_region_finds_the_pool() -> None:
    pool = boto3.client("cognito-idp", region_name="eu-west-2").create_user_pool(PoolName="p")
    assert moto_cognito.user_pool_region(pool["UserPool"]["Id"]) == "eu-west-2"


@mock_aws
def test_put_log_lines_creates_group_and_stream() -> None:
    moto_logs.put_log_lines("us-east-1", "/aws/lambda/f", "s", [(int(time.time() * 1000), "hello")])
    events = boto3.client("logs", region_name="us-east-1").get_log_events(
        logGroupName="/aws/lambda/f", logStreamName="s"
    )["events"]
    assert [e["message"] for e in events] == ["hello"]


@mock_aws
def test_inline_policy_names_lists_a_roles_put_role_policies() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=document)
    assert (moto_iam.inline_policy_names("r"), moto_iam.inline_policy_names("nope")) == (
        frozenset({"p"}),
        None,
    )


@mock_aws
def test_reset_all_forgets_apis() -> None:
    client = boto3.client("apigateway", region_name="us-east-1")
    client.create_rest_api(name="x")
    moto_bridge.reset_all()
    assert client.get_rest_apis()["items"] == []


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
def test_cached_signing_key_still_signs_verifiable_tokens() -> None:
    moto_cognito.speed_up_user_pool_creation()
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="c", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="u", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool, Username="u", Password="Passw0rd!x", Permanent=True
    )
    token = idp.admin_initiate_auth(
        UserPoolId=pool,
        ClientId=client,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "u", "PASSWORD": "Passw0rd!x"},
    )["AuthenticationResult"]["IdToken"]
    key = jwt.PyJWK(moto_cognito.cognito_public_jwks()["keys"][0]).key
    assert jwt.decode(token, key, algorithms=["RS256"], audience=client)["cognito:username"] == "u"


def test_user_pool_creation_reuses_the_imported_key() -> None:
    moto_cognito.speed_up_user_pool_creation()
    from moto.cognitoidp import models

    private = moto_cognito.cognito_private_jwk()
    jwk = getattr(models, "jwk")  # noqa: B009 (not exported)
    assert jwk.RSAKey.import_key(private) is jwk.RSAKey.import_key(private)

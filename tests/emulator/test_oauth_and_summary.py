"""Cognito's token endpoint (client credentials) and GetDeployment embed=apisummary."""

from __future__ import annotations

import base64
from typing import Any

import jwt
import pytest
import requests

from tests.emulator.conftest import Stack

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def m2m(stack: Stack) -> dict[str, Any]:
    """A resource server with users/read and users/write, a domain, and an M2M client."""
    idp = stack.clients["cognito-idp"]
    idp.create_resource_server(
        UserPoolId=stack.pool_id,
        Identifier="users",
        Name="users",
        Scopes=[
            {"ScopeName": "read", "ScopeDescription": "r"},
            {"ScopeName": "write", "ScopeDescription": "w"},
        ],
    )
    domain = f"wb-{stack.api_id}"
    idp.create_user_pool_domain(UserPoolId=stack.pool_id, Domain=domain)
    client = idp.create_user_pool_client(
        UserPoolId=stack.pool_id,
        ClientName="m2m",
        GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["users/read", "users/write"],
    )["UserPoolClient"]
    return {
        "url": f"{stack.url}/cognito-domain/{domain}/oauth2/token",
        "id": client["ClientId"],
        "secret": client["ClientSecret"],
    }


def _basic(client_id: str, secret: str) -> dict[str, str]:
    token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {**FORM, "Authorization": f"Basic {token}"}


def test_client_credentials_grant_returns_bearer_access_token(m2m: dict[str, Any]) -> None:
    body = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "client_credentials", "scope": "users/read"},
        timeout=5,
    ).json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert (
        body["token_type"],
        body["expires_in"],
        claims["token_use"],
        claims["scope"],
        claims["sub"],
    ) == ("Bearer", 3600, "access", "users/read", m2m["id"])


def test_client_credentials_without_scope_gets_all_custom_scopes(m2m: dict[str, Any]) -> None:
    body = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "client_credentials"},
        timeout=5,
    ).json()
    assert (
        jwt.decode(body["access_token"], options={"verify_signature": False})["scope"]
        == "users/read users/write"
    )


def test_wrong_client_secret_is_invalid_client(m2m: dict[str, Any]) -> None:
    response = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], "wrong"),
        data={"grant_type": "client_credentials"},
        timeout=5,
    )
    assert (response.status_code, response.json()) == (400, {"error": "invalid_client"})


def test_scope_not_enabled_for_client_is_invalid_scope(m2m: dict[str, Any]) -> None:
    response = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "client_credentials", "scope": "users/delete"},
        timeout=5,
    )
    assert (response.status_code, response.json()) == (400, {"error": "invalid_scope"})


def test_other_grant_type_is_unsupported_grant_type(m2m: dict[str, Any]) -> None:
    response = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "password"},
        timeout=5,
    )
    assert response.json() == {"error": "unsupported_grant_type"}


def test_custom_scope_token_passes_method_with_that_scope(
    stack: Stack, m2m: dict[str, Any]
) -> None:
    stack.attach_authorizer(scopes=["users/read"])
    stack.deploy()
    token = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "client_credentials", "scope": "users/read"},
        timeout=5,
    ).json()
    assert stack.get(token=token["access_token"]).status_code == 200


def test_custom_scope_token_without_method_scope_returns_401(
    stack: Stack, m2m: dict[str, Any]
) -> None:
    stack.attach_authorizer(scopes=["users/write"])
    stack.deploy()
    token = requests.post(
        m2m["url"],
        headers=_basic(m2m["id"], m2m["secret"]),
        data={"grant_type": "client_credentials", "scope": "users/read"},
        timeout=5,
    ).json()
    assert stack.get(token=token["access_token"]).content == b'{"message":"Unauthorized"}'


def test_get_deployment_api_summary_shows_deployed_authorization(secured: Stack) -> None:
    apigw = secured.clients["apigateway"]
    deployment_id = apigw.get_stage(restApiId=secured.api_id, stageName="dev")["deploymentId"]
    summary = apigw.get_deployment(
        restApiId=secured.api_id, deploymentId=deployment_id, embed=["apisummary"]
    )["apiSummary"]
    assert summary["/users"]["GET"]["authorizationType"] == "COGNITO_USER_POOLS"


def test_api_summary_of_older_deployment_shows_what_it_deployed(stack: Stack) -> None:
    apigw = stack.clients["apigateway"]
    first = apigw.get_stage(restApiId=stack.api_id, stageName="dev")["deploymentId"]
    stack.attach_authorizer()
    stack.deploy()
    summary = apigw.get_deployment(
        restApiId=stack.api_id, deploymentId=first, embed=["apisummary"]
    )["apiSummary"]
    assert summary["/users"]["GET"]["authorizationType"] == "NONE"

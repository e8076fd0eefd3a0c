"""Tokens honour the app client's validity and the emulator clock; pool/resource-server deletes."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
import requests
from botocore.exceptions import ClientError

from emulator.process import auth_for
from tests.emulator.conftest import Stack


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def _header(token: str) -> dict[str, Any]:
    segment = token.split(".")[0]
    header: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return header


def test_default_token_validity_is_one_hour(shared_stack: Stack) -> None:
    claims = _claims(shared_stack.tokens()["id"])
    assert claims["exp"] - claims["iat"] == 3600


def test_id_token_validity_of_five_minutes_is_honoured(stack: Stack) -> None:
    stack.clients["cognito-idp"].update_user_pool_client(
        UserPoolId=stack.pool_id,
        ClientId=stack.client_id,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        IdTokenValidity=5,
        TokenValidityUnits={"IdToken": "minutes"},
    )
    claims = _claims(stack.tokens()["id"])
    assert claims["exp"] - claims["iat"] == 300


def test_token_header_is_kid_and_alg_like_cognito(shared_stack: Stack) -> None:
    assert list(_header(shared_stack.tokens()["id"])) == ["kid", "alg"]


def test_restamped_access_token_still_works_for_get_user(shared_stack: Stack) -> None:
    access = shared_stack.tokens()["access"]
    assert shared_stack.clients["cognito-idp"].get_user(AccessToken=access)["Username"] == "alice"


def test_tokens_are_issued_on_the_emulator_clock(shared_stack: Stack) -> None:
    requests.post(
        f"{shared_stack.url}/_emulator/clock",
        auth=auth_for(shared_stack.url),
        json={"advance_seconds": 7200},
        timeout=5,
    )
    try:
        token = shared_stack.tokens()["id"]
        response = shared_stack.get(token=token)
    finally:
        requests.post(
            f"{shared_stack.url}/_emulator/clock",
            auth=auth_for(shared_stack.url),
            json={"reset": True},
            timeout=5,
        )
    assert response.status_code == 200


def test_restamped_token_passes_the_authorizer(secured: Stack) -> None:
    assert secured.get(token=secured.tokens()["id"]).status_code == 200


def test_delete_user_pool_with_a_domain_is_invalid_parameter(stack: Stack) -> None:
    idp = stack.clients["cognito-idp"]
    idp.create_user_pool_domain(UserPoolId=stack.pool_id, Domain=f"d-{stack.api_id}")
    with pytest.raises(ClientError) as caught:
        idp.delete_user_pool(UserPoolId=stack.pool_id)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"


def test_delete_resource_server_removes_it(stack: Stack) -> None:
    idp = stack.clients["cognito-idp"]
    idp.create_resource_server(UserPoolId=stack.pool_id, Identifier="users", Name="users")
    idp.delete_resource_server(UserPoolId=stack.pool_id, Identifier="users")
    assert (
        idp.list_resource_servers(UserPoolId=stack.pool_id, MaxResults=10)["ResourceServers"] == []
    )


def test_delete_unknown_resource_server_is_resource_not_found(shared_stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        shared_stack.clients["cognito-idp"].delete_resource_server(
            UserPoolId=shared_stack.pool_id, Identifier="nope"
        )
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"

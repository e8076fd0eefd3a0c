"""Fixtures for the bad-input tests: a secured stack, raw signed requests, a machine client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.emulator.bad_input.raw import Raw
from tests.emulator.conftest import Stack


@dataclass(frozen=True)
class MachineClient:
    """An app client with a secret and the client-credentials grant, behind a domain."""

    token_url: str
    client_id: str
    secret: str


@pytest.fixture
def raw(secured: Stack) -> Raw:
    return Raw(secured)


@pytest.fixture
def machine_client(secured: Stack) -> MachineClient:
    idp = secured.clients["cognito-idp"]
    idp.create_resource_server(
        UserPoolId=secured.pool_id,
        Identifier="users",
        Name="users",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}],
    )
    domain = f"bad-{secured.api_id}".lower()
    idp.create_user_pool_domain(UserPoolId=secured.pool_id, Domain=domain)
    client = idp.create_user_pool_client(
        UserPoolId=secured.pool_id,
        ClientName="m2m",
        GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["users/read"],
    )["UserPoolClient"]
    return MachineClient(
        f"{secured.url}/cognito-domain/{domain}/oauth2/token",
        client["ClientId"],
        client["ClientSecret"],
    )

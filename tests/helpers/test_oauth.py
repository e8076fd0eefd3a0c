"""Resource server, user pool domain, machine client and the token endpoint (emulator)."""

from __future__ import annotations

import boto3
import pytest

from helpers import cognito, oauth
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from helpers.errors import WorkbookError


@pytest.mark.parametrize(
    ("prefix", "expected_start"),
    [("alice", "alice-users-"), ("paws", "p-users-"), ("cognito-amazon-bob", "bob-users-")],
)
def test_domain_prefix_avoids_reserved_words(prefix: str, expected_start: str) -> None:
    domain = oauth.domain_prefix(prefix, "123456789012")
    assert domain.startswith(expected_start)
    assert not any(word in domain for word in ("aws", "amazon", "cognito"))


def test_domain_prefix_is_stable_per_account_and_differs_between_accounts() -> None:
    first = oauth.domain_prefix("alice", "123456789012")
    assert first == oauth.domain_prefix("alice", "123456789012")
    assert first != oauth.domain_prefix("alice", "210987654321")


def test_machine_client_gets_a_token_with_the_scope_it_asks_for(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "1" * 12))
    client = oauth.create_machine_client(wb, pool.id, server.scopes)
    token = oauth.request_client_credentials_token(wb, domain, client, "users/read")
    assert (server.scopes, cognito.decode_claims(token)["scope"]) == (
        ("users/read", "users/write"),
        "users/read",
    )


def test_machine_client_secret_never_shows_in_a_repr(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    client = oauth.create_machine_client(
        wb, pool.id, oauth.create_resource_server(wb, pool.id).scopes
    )
    assert client.secret and client.secret not in repr(client)


def test_create_resource_server_and_machine_client_twice_make_one(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    assert oauth.create_resource_server(wb, pool.id) == server
    client = oauth.create_machine_client(wb, pool.id, server.scopes)
    assert oauth.create_machine_client(wb, pool.id, server.scopes) == client


def test_a_scope_the_client_lacks_is_refused_with_the_oauth_error(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "1" * 12))
    client = oauth.create_machine_client(wb, pool.id, server.scopes[:1])
    with pytest.raises(
        WorkbookError, match=r"answered 400 'invalid_scope' for scope 'users/write'"
    ):
        oauth.request_client_credentials_token(wb, domain, client, "users/write")


def test_token_endpoint_on_aws_is_the_hosted_domain() -> None:
    wb = Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(region_name="eu-west-1"),
    )
    assert oauth.token_endpoint(wb, "alice-users-1a2b3c4d") == (
        "https://alice-users-1a2b3c4d.auth.eu-west-1.amazoncognito.com/oauth2/token"
    )

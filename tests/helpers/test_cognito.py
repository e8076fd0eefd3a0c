"""Cognito helpers against the session's emulator: pool, client, user, SRP and tokens."""

from __future__ import annotations

import pytest

from helpers import cognito
from helpers.backend import Workbook
from helpers.cognito import AppClient, UserPool
from helpers.errors import WorkbookError


@pytest.fixture
def pool(wb: Workbook) -> UserPool:
    return cognito.create_user_pool(wb)


@pytest.fixture
def app_client(wb: Workbook, pool: UserPool) -> AppClient:
    return cognito.create_app_client(wb, pool.id)


def test_create_user_pool_twice_makes_one_pool(wb: Workbook, pool: UserPool) -> None:
    assert cognito.create_user_pool(wb) == pool
    named = cognito.describe_user_pools(wb, named=wb.names.user_pool)
    assert [d.pool.id for d in named] == [pool.id]


def test_user_pool_has_the_password_policy(wb: Workbook, pool: UserPool) -> None:
    policy = cognito.get_password_policy(wb, pool.id)
    assert {k: policy[k] for k in cognito.PASSWORD_POLICY} == cognito.PASSWORD_POLICY


def test_app_client_has_no_secret_and_srp_and_refresh_flows(
    wb: Workbook, app_client: AppClient
) -> None:
    assert (app_client.has_secret, app_client.explicit_auth_flows) == (
        False,
        ("ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"),
    )


def test_create_app_client_twice_makes_one(
    wb: Workbook, pool: UserPool, app_client: AppClient
) -> None:
    assert cognito.create_app_client(wb, pool.id) == app_client


def test_generated_password_meets_the_policy() -> None:
    password = cognito.generate_password()
    assert len(password) == 20
    assert any(c.isupper() for c in password) and any(c.islower() for c in password)
    assert any(c.isdigit() for c in password) and any(not c.isalnum() for c in password)


def test_password_never_shows_in_a_repr(wb: Workbook, pool: UserPool) -> None:
    credentials = cognito.create_user(wb, pool.id)
    assert credentials.password not in repr(credentials)
    assert repr(credentials) == f"UserCredentials(username='{wb.prefix}')"


def test_create_user_is_confirmed_and_rerunnable(wb: Workbook, pool: UserPool) -> None:
    cognito.create_user(wb, pool.id)
    again = cognito.create_user(wb, pool.id)
    assert cognito.get_user_status(wb, pool.id, again.username) == "CONFIRMED"


def test_sign_in_gives_verified_id_and_access_tokens(
    wb: Workbook, pool: UserPool, app_client: AppClient
) -> None:
    tokens = cognito.sign_in(wb, pool.id, app_client.id, cognito.create_user(wb, pool.id))
    rows = {row.claim: (row.id_token, row.access_token) for row in cognito.compare_claims(tokens)}
    assert rows["token_use"] == ("id", "access")
    assert rows["cognito:username"] == (wb.prefix, "-")
    assert rows["aud"] == (app_client.id, "-")
    assert rows["scope"] == ("-", "aws.cognito.signin.user.admin")


def test_tokens_never_show_in_a_repr(wb: Workbook, pool: UserPool, app_client: AppClient) -> None:
    tokens = cognito.sign_in(wb, pool.id, app_client.id, cognito.create_user(wb, pool.id))
    assert repr(tokens) == "Tokens()"


def test_sign_in_with_an_old_password_names_the_code_and_next_step(
    wb: Workbook, pool: UserPool, app_client: AppClient
) -> None:
    old = cognito.create_user(wb, pool.id)
    cognito.create_user(wb, pool.id)  # sets a new password
    with pytest.raises(
        WorkbookError,
        match=r"Signing in as .* failed \(NotAuthorizedException.*Re-run the create_user cell",
    ):
        cognito.sign_in(wb, pool.id, app_client.id, old)


def test_refresh_gives_a_new_id_token(wb: Workbook, pool: UserPool, app_client: AppClient) -> None:
    tokens = cognito.sign_in(wb, pool.id, app_client.id, cognito.create_user(wb, pool.id))
    refreshed = cognito.refresh_tokens(wb, pool.id, app_client.id, tokens)
    assert refreshed.id_token != tokens.id_token
    assert cognito.decode_claims(refreshed.id_token)["token_use"] == "id"


def test_token_preview_is_a_short_prefix() -> None:
    assert cognito.token_preview("eyJhbGciOiJSUzI1NiJ9.payload.signature") == "eyJhbGciOiJS…"


def test_decode_claims_of_a_non_jwt_says_so() -> None:
    with pytest.raises(WorkbookError, match="not a JWT"):
        cognito.decode_claims("not-a-token")

"""emulator/moto_bridge/cognito.py: keys, pools, app clients, domains, issued tokens and the
calls moto lacks, against the pinned moto."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
import jwt
import pytest
from moto import mock_aws
from moto.cognitoidp import models
from moto.cognitoidp.models import cognitoidp_backends

from emulator.moto_bridge import ACCOUNT_ID, MotoShapeError
from emulator.moto_bridge import cognito as moto_cognito
from emulator.moto_bridge.cognito import OAuthClient, TokenValidity

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

REGION = "eu-west-2"
PASSWORD = "Passw0rd!x"


@dataclass(frozen=True)
class Pool:
    """A user pool with a domain "dom", an app client without secret and a user "u"."""

    idp: CognitoIdentityProviderClient
    id: str
    client_id: str


def make_pool(**client: Any) -> Pool:
    moto_cognito.speed_up_user_pool_creation()
    idp: CognitoIdentityProviderClient = boto3.client("cognito-idp", region_name=REGION)
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="c",
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        **client,
    )["UserPoolClient"]["ClientId"]
    idp.create_user_pool_domain(Domain="dom", UserPoolId=pool_id)
    idp.admin_create_user(UserPoolId=pool_id, Username="u", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="u", Password=PASSWORD, Permanent=True)
    return Pool(idp, pool_id, client_id)


def sign_in(pool: Pool) -> dict[str, Any]:
    return dict(
        pool.idp.admin_initiate_auth(
            UserPoolId=pool.id,
            ClientId=pool.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "u", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
    )


def moto_pool(pool: Pool) -> Any:
    return cognitoidp_backends[ACCOUNT_ID][REGION].user_pools[pool.id]


# speed_up_user_pool_creation, cognito_public_jwks, cognito_private_jwk


def test_cognito_jwks_is_moto_single_dummy_key() -> None:
    assert [key["kid"] for key in moto_cognito.cognito_public_jwks()["keys"]] == ["dummy"]


def test_cognito_private_jwk_is_the_private_half_of_the_public_key() -> None:
    private = moto_cognito.cognito_private_jwk()
    public = moto_cognito.cognito_public_jwks()["keys"][0]
    assert (private["kid"], private["n"], private["e"], "d" in private) == (
        "dummy",
        public["n"],
        public["e"],
        True,
    )


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
    private = moto_cognito.cognito_private_jwk()
    jwk = getattr(models, "jwk")  # noqa: B009 (not exported)
    assert jwk.RSAKey.import_key(private) is jwk.RSAKey.import_key(private)


def test_speed_up_user_pool_creation_is_idempotent() -> None:
    moto_cognito.speed_up_user_pool_creation()
    installed = getattr(models, "jwk")  # noqa: B009 (not exported)
    moto_cognito.speed_up_user_pool_creation()
    assert getattr(models, "jwk") is installed  # noqa: B009 (not exported)


# user_pool_region


@mock_aws
def test_user_pool_region_finds_the_pool() -> None:
    pool = boto3.client("cognito-idp", region_name="eu-west-2").create_user_pool(PoolName="p")
    assert moto_cognito.user_pool_region(pool["UserPool"]["Id"]) == "eu-west-2"


@mock_aws
def test_user_pool_region_of_unknown_pool_is_none() -> None:
    make_pool()
    assert moto_cognito.user_pool_region("eu-west-2_nope") is None


# oauth_client_for_domain


@mock_aws
def test_oauth_client_for_domain_returns_the_client_with_secret_flows_and_scopes() -> None:
    pool = make_pool(
        GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["api/read"],
        AllowedOAuthFlowsUserPoolClient=True,
    )
    secret = pool.idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=pool.client_id)[
        "UserPoolClient"
    ]["ClientSecret"]
    assert moto_cognito.oauth_client_for_domain("dom", pool.client_id) == OAuthClient(
        pool.id, REGION, pool.client_id, secret, ("client_credentials",), ("api/read",), True
    )


@mock_aws
def test_oauth_client_for_domain_of_a_client_without_secret_or_oauth() -> None:
    pool = make_pool()
    assert moto_cognito.oauth_client_for_domain("dom", pool.client_id) == OAuthClient(
        pool.id, REGION, pool.client_id, None, (), (), False
    )


@mock_aws
def test_oauth_client_for_domain_of_unknown_client_is_none() -> None:
    make_pool()
    assert moto_cognito.oauth_client_for_domain("dom", "nope") is None


@mock_aws
def test_oauth_client_for_domain_of_unknown_domain_is_none() -> None:
    pool = make_pool()
    assert moto_cognito.oauth_client_for_domain("nope", pool.client_id) is None


# srp_password


@mock_aws
def test_srp_password_returns_the_pool_and_the_user_password() -> None:
    pool = make_pool()
    assert moto_cognito.srp_password(pool.client_id, "u") == (pool.id, PASSWORD)


@mock_aws
def test_srp_password_of_unknown_user_is_none() -> None:
    pool = make_pool()
    assert moto_cognito.srp_password(pool.client_id, "nobody") is None


@mock_aws
def test_srp_password_of_unknown_client_is_none() -> None:
    make_pool()
    assert moto_cognito.srp_password("nope", "u") is None


# token_validity


@mock_aws
def test_token_validity_defaults_to_one_hour() -> None:
    pool = make_pool()
    assert moto_cognito.token_validity(pool.client_id) == TokenValidity(pool.id, 3600, 3600)


@mock_aws
def test_token_validity_applies_the_token_validity_units() -> None:
    pool = make_pool(
        IdTokenValidity=2,
        AccessTokenValidity=5,
        TokenValidityUnits={"IdToken": "days", "AccessToken": "minutes"},
    )
    assert moto_cognito.token_validity(pool.client_id) == TokenValidity(pool.id, 172800, 300)


@mock_aws
def test_token_validity_of_unknown_client_is_none() -> None:
    make_pool()
    assert moto_cognito.token_validity("nope") is None


@mock_aws
def test_token_validity_of_a_client_without_extended_config_raises_moto_shape_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pool = make_pool()
    monkeypatch.delattr(moto_pool(pool).clients[pool.client_id], "extended_config")
    with pytest.raises(MotoShapeError) as raised:
        moto_cognito.token_validity(pool.client_id)
    assert str(raised.value).startswith(
        "moto 5.2.5: CognitoIdpUserPoolClient has no field 'extended_config';"
    )


# replace_issued_token


@mock_aws
def test_replace_issued_token_makes_moto_accept_the_new_access_token() -> None:
    pool = make_pool()
    moto_cognito.replace_issued_token(pool.id, "AccessToken", sign_in(pool)["AccessToken"], "new")
    assert pool.idp.get_user(AccessToken="new")["Username"] == "u"


@mock_aws
def test_replace_issued_token_makes_moto_forget_the_old_access_token() -> None:
    pool = make_pool()
    old = sign_in(pool)["AccessToken"]
    moto_cognito.replace_issued_token(pool.id, "AccessToken", old, "new")
    with pytest.raises(pool.idp.exceptions.NotAuthorizedException) as raised:
        pool.idp.get_user(AccessToken=old)
    assert raised.value.response["Error"]["Message"] == "Invalid token"


@mock_aws
def test_replace_issued_token_of_an_id_token_renames_it_in_moto() -> None:
    pool = make_pool()
    old = sign_in(pool)["IdToken"]
    moto_cognito.replace_issued_token(pool.id, "IdToken", old, "new")
    assert ("new" in moto_pool(pool).id_tokens, old in moto_pool(pool).id_tokens) == (True, False)


@mock_aws
def test_replace_issued_token_of_a_token_moto_did_not_issue_changes_nothing() -> None:
    pool = make_pool()
    sign_in(pool)
    before = dict(moto_pool(pool).access_tokens)
    moto_cognito.replace_issued_token(pool.id, "AccessToken", "never-issued", "new")
    assert moto_pool(pool).access_tokens == before


# user_pool_domain_of


@mock_aws
def test_user_pool_domain_of_returns_the_domain_prefix() -> None:
    pool = make_pool()
    assert moto_cognito.user_pool_domain_of(pool.id) == "dom"


@mock_aws
def test_user_pool_domain_of_a_pool_without_domain_is_none() -> None:
    make_pool()
    assert moto_cognito.user_pool_domain_of("eu-west-2_nope") is None


# delete_resource_server


@mock_aws
def test_delete_resource_server_deletes_it() -> None:
    pool = make_pool()
    pool.idp.create_resource_server(UserPoolId=pool.id, Identifier="api", Name="api")
    assert moto_cognito.delete_resource_server(REGION, pool.id, "api") is True
    with pytest.raises(pool.idp.exceptions.ResourceNotFoundException) as raised:
        pool.idp.describe_resource_server(UserPoolId=pool.id, Identifier="api")
    assert raised.value.response["Error"]["Message"] == "Resource server api does not exist."


@mock_aws
def test_delete_resource_server_of_unknown_server_is_false() -> None:
    pool = make_pool()
    assert moto_cognito.delete_resource_server(REGION, pool.id, "api") is False


@mock_aws
def test_delete_resource_server_of_unknown_pool_is_false() -> None:
    make_pool()
    assert moto_cognito.delete_resource_server(REGION, "eu-west-2_nope", "api") is False


# managed login: oauth_client_for_domain's URLs, pool_user, issue_tokens,
# refresh_token_owner, revoke_refresh_token, access_token_known (docs/aws-behaviour.md 25)


@mock_aws
def test_oauth_client_for_domain_reads_callback_and_logout_urls_and_providers() -> None:
    pool = make_pool(
        CallbackURLs=["https://app/cb"],
        LogoutURLs=["https://app/out"],
        SupportedIdentityProviders=["COGNITO"],
        EnableTokenRevocation=False,
    )
    client = moto_cognito.oauth_client_for_domain("dom", pool.client_id)
    assert client is not None
    assert (
        client.callback_urls,
        client.logout_urls,
        client.identity_providers,
        client.revocation_enabled,
    ) == (("https://app/cb",), ("https://app/out",), ("COGNITO",), False)


@mock_aws
def test_pool_user_reads_password_status_attributes_and_groups() -> None:
    pool = make_pool()
    pool.idp.create_group(UserPoolId=pool.id, GroupName="admins")
    pool.idp.admin_add_user_to_group(UserPoolId=pool.id, Username="u", GroupName="admins")
    user = moto_cognito.pool_user(pool.id, "u")
    assert user is not None
    assert (user.username, user.password, user.status, user.enabled, user.groups) == (
        "u",
        PASSWORD,
        "CONFIRMED",
        True,
        ("admins",),
    )
    assert "sub" in user.attributes


@mock_aws
def test_pool_user_of_unknown_user_or_pool_is_none() -> None:
    pool = make_pool()
    assert (moto_cognito.pool_user(pool.id, "nobody"), moto_cognito.pool_user("x_y", "u")) == (
        None,
        None,
    )


@mock_aws
def test_issue_tokens_gives_tokens_moto_knows_with_one_origin_jti() -> None:
    pool = make_pool()
    issued = moto_cognito.issue_tokens(pool.id, pool.client_id, "u")
    assert issued is not None and issued.refresh_token is not None
    claims = jwt.decode(issued.access_token, options={"verify_signature": False})
    assert (
        claims["origin_jti"],
        moto_cognito.access_token_known(pool.id, issued.access_token),
        moto_cognito.refresh_token_owner(pool.id, issued.refresh_token),
    ) == (issued.origin_jti, True, (pool.client_id, "u", issued.origin_jti))
    user = pool.idp.get_user(AccessToken=issued.access_token)
    assert user["Username"] == "u"


@mock_aws
def test_issue_tokens_without_refresh_and_from_a_refresh_token() -> None:
    pool = make_pool()
    implicit = moto_cognito.issue_tokens(pool.id, pool.client_id, "u", new_refresh=False)
    first = moto_cognito.issue_tokens(pool.id, pool.client_id, "u")
    assert implicit is not None and first is not None and first.refresh_token is not None
    again = moto_cognito.issue_tokens(pool.id, pool.client_id, "u", first.refresh_token)
    assert again is not None
    assert (implicit.refresh_token, again.refresh_token, again.origin_jti) == (
        None,
        None,
        first.origin_jti,
    )
    assert moto_cognito.issue_tokens(pool.id, pool.client_id, "u", "unknown") is None


@mock_aws
def test_revoke_refresh_token_forgets_it_and_its_access_tokens() -> None:
    pool = make_pool()
    issued = moto_cognito.issue_tokens(pool.id, pool.client_id, "u")
    other = moto_cognito.issue_tokens(pool.id, pool.client_id, "u")
    assert issued is not None and issued.refresh_token is not None and other is not None

    def origin(token: str) -> str:
        return str(jwt.decode(token, options={"verify_signature": False})["origin_jti"])

    moto_cognito.revoke_refresh_token(pool.id, issued.refresh_token, origin)
    assert (
        moto_cognito.refresh_token_owner(pool.id, issued.refresh_token),
        moto_cognito.access_token_known(pool.id, issued.access_token),
        moto_cognito.access_token_known(pool.id, other.access_token),
    ) == (None, False, True)

"""Cognito user pools: the pool, its app client, a test user, SRP sign-in and tokens."""

from __future__ import annotations

import base64
import json
import logging
import secrets
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

import requests
from botocore.exceptions import ClientError
from pycognito import Cognito

from helpers.backend import Workbook
from helpers.config import workbook_tags
from helpers.errors import WorkbookError, aws_failure, error_code
from helpers.ownership import not_ours_error, ownership_of

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp.literals import ExplicitAuthFlowsTypeType
    from mypy_boto3_cognito_idp.type_defs import (
        PasswordPolicyTypeTypeDef,
        TokenValidityUnitsTypeTypeDef,
        UserPoolClientTypeTypeDef,
        UserPoolPolicyTypeTypeDef,
    )

logger = logging.getLogger(__name__)

PASSWORD_POLICY: PasswordPolicyTypeTypeDef = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 1,
}
AUTH_FLOWS: tuple[ExplicitAuthFlowsTypeType, ...] = (
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
)
_SYMBOLS = "^$*.[]{}()?-!@#%&,><:;|_~"  # the symbols Cognito's password policy counts


@dataclass(frozen=True)
class UserPool:
    id: str
    arn: str
    name: str


@dataclass(frozen=True)
class AppClient:
    id: str
    name: str
    explicit_auth_flows: tuple[str, ...]
    has_secret: bool


@dataclass(frozen=True)
class UserCredentials:
    """A user name and its generated password; the password never shows in a repr."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Tokens:
    """The three tokens of a sign-in; none of them shows in a repr."""

    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)


class _TokenValidity(TypedDict, total=False):
    """The token lifetime settings of an app client, as keyword arguments of boto3."""

    IdTokenValidity: int
    AccessTokenValidity: int
    TokenValidityUnits: TokenValidityUnitsTypeTypeDef


@dataclass(frozen=True)
class DescribedPool:
    """A user pool as DescribeUserPool answers: its ``UserPoolTags`` and its prefix
    ``Domain`` (None without one; docs/aws-behaviour.md 29.5)."""

    pool: UserPool
    tags: dict[str, str]
    domain: str | None


def describe_user_pools(wb: Workbook, *, named: str | None = None) -> list[DescribedPool]:
    """Every user pool of the region (or those called exactly ``named``), described.

    Cognito has no read by name: this is ListUserPools, then DescribeUserPool of each
    (ListUserPools gives no tags). ListUserPools lags behind DeleteUserPool: a pool it still
    lists may already answer ``ResourceNotFoundException``; such a pool is gone and left out.
    """
    idp = wb.client("cognito-idp")
    pages = idp.get_paginator("list_user_pools").paginate(PaginationConfig={"PageSize": 60})
    ids = [
        p["Id"] for page in pages for p in page["UserPools"] if named is None or p["Name"] == named
    ]
    described = []
    for pool_id in ids:
        try:
            pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        except ClientError as err:
            if error_code(err) != "ResourceNotFoundException":
                raise
            logger.info("User pool %s is listed but already deleted", pool_id)
            continue
        described.append(
            DescribedPool(
                UserPool(id=pool["Id"], arn=pool["Arn"], name=pool["Name"]),
                dict(pool.get("UserPoolTags", {})),
                str(pool["Domain"]) if pool.get("Domain") else None,
            )
        )
    return described


def find_user_pool(wb: Workbook, name: str | None = None) -> UserPool | None:
    """Our user pool called ``<prefix>-users-pool`` (or ``name``), or None.

    Ours means the name and the workbook's tags (helpers/ownership.py). Raises when several
    of ours share the name, and when only pools that are not ours have it: the workbook does
    not adopt them.
    """
    wanted = name or wb.names.user_pool
    named = describe_user_pools(wb, named=wanted)
    ours = [found.pool for found in named if ownership_of(found.tags, wb.prefix).is_ours]
    if len(ours) > 1:
        raise WorkbookError(
            f"There are {len(ours)} user pools named '{wanted}'. "
            "Run notebook 99_cleanup, then start again from 04_cognito_authorizer."
        )
    if ours:
        return ours[0]
    if named:
        raise not_ours_error(
            f"User pool {named[0].pool.id}",
            wanted,
            ownership_of(named[0].tags, wb.prefix),
            wb.prefix,
        )
    return None


def create_user_pool(wb: Workbook, name: str | None = None) -> UserPool:
    """Get or create the user pool ``<prefix>-users-pool`` (or ``name``) with a strong
    password policy, admin-created users only."""
    name = name or wb.names.user_pool
    existing = find_user_pool(wb, name)
    if existing is not None:
        logger.info("User pool %s (%s) exists; reusing it", existing.name, existing.id)
        return existing
    policies: UserPoolPolicyTypeTypeDef = {"PasswordPolicy": PASSWORD_POLICY}
    try:
        pool = wb.client("cognito-idp").create_user_pool(
            PoolName=name,
            Policies=policies,
            AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
            UsernameConfiguration={"CaseSensitive": False},
            DeletionProtection="INACTIVE",
            UserPoolTags=workbook_tags(wb.prefix),
        )["UserPool"]
    except ClientError as err:
        raise aws_failure(
            f"Creating user pool '{name}'", err, "Fix the cause and re-run this cell."
        ) from err
    logger.info("Created user pool %s (%s)", name, pool["Id"])
    return UserPool(id=pool["Id"], arn=pool["Arn"], name=pool["Name"])


def get_password_policy(wb: Workbook, pool_id: str) -> dict[str, object]:
    """The pool's password policy as Cognito reports it."""
    pool = wb.client("cognito-idp").describe_user_pool(UserPoolId=pool_id)["UserPool"]
    return dict(pool["Policies"]["PasswordPolicy"])


def _app_client(item: UserPoolClientTypeTypeDef) -> AppClient:
    return AppClient(
        id=item["ClientId"],
        name=item["ClientName"],
        explicit_auth_flows=tuple(sorted(item.get("ExplicitAuthFlows", []))),
        has_secret=bool(item.get("ClientSecret")),
    )


def find_app_client(wb: Workbook, pool_id: str, name: str | None = None) -> AppClient | None:
    """The pool's app client called ``<prefix>-users-app`` (or ``name``), or None."""
    wanted = name or wb.names.app_client
    idp = wb.client("cognito-idp")
    pages = idp.get_paginator("list_user_pool_clients").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 60}
    )
    for page in pages:
        for item in page["UserPoolClients"]:
            if item["ClientName"] == wanted:
                client = idp.describe_user_pool_client(
                    UserPoolId=pool_id, ClientId=item["ClientId"]
                )
                return _app_client(client["UserPoolClient"])
    return None


def create_app_client(
    wb: Workbook,
    pool_id: str,
    name: str | None = None,
    *,
    token_validity_minutes: int | None = None,
) -> AppClient:
    """Get or create a public app client (no secret) allowing SRP sign-in and refresh.

    A browser or mobile app cannot keep a secret, so the client has none; SRP proves the
    password without sending it. ``token_validity_minutes`` sets the ID and access token
    lifetime (5 to 1440; default 60).
    """
    idp = wb.client("cognito-idp")
    name = name or wb.names.app_client
    validity: _TokenValidity = {}
    if token_validity_minutes is not None:
        validity = {
            "IdTokenValidity": token_validity_minutes,
            "AccessTokenValidity": token_validity_minutes,
            "TokenValidityUnits": {"IdToken": "minutes", "AccessToken": "minutes"},
        }
    existing = find_app_client(wb, pool_id, name)
    if existing is not None:
        if existing.explicit_auth_flows == tuple(sorted(AUTH_FLOWS)) and not validity:
            return existing
        updated = idp.update_user_pool_client(
            UserPoolId=pool_id,
            ClientId=existing.id,
            ClientName=name,
            ExplicitAuthFlows=list(AUTH_FLOWS),
            **validity,
        )
        return _app_client(updated["UserPoolClient"])
    created = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=name,
        GenerateSecret=False,
        ExplicitAuthFlows=list(AUTH_FLOWS),
        PreventUserExistenceErrors="ENABLED",
        **validity,
    )
    return _app_client(created["UserPoolClient"])


def generate_password(length: int = 20) -> str:
    """A random password meeting PASSWORD_POLICY (upper, lower, digit, symbol)."""
    classes = [string.ascii_uppercase, string.ascii_lowercase, string.digits, _SYMBOLS]
    chars = [secrets.choice(c) for c in classes]
    alphabet = "".join(classes)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def create_user(wb: Workbook, pool_id: str, username: str | None = None) -> UserCredentials:
    """Get or create the pool's user ``<prefix>`` (or ``username``) with a new generated
    permanent password.

    The password lives only in the returned object: no email is sent and nothing is stored,
    so re-running sets a fresh one.
    """
    idp = wb.client("cognito-idp")
    username = username or wb.names.user
    password = generate_password()
    try:
        idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
        logger.info("Created user %s", username)
    except ClientError as err:
        if error_code(err) != "UsernameExistsException":
            raise aws_failure(f"Creating user '{username}'", err, "Re-run this cell.") from err
        logger.info("User %s exists; setting a new password", username)
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password=password, Permanent=True
    )
    return UserCredentials(username=username, password=password)


def get_user_status(wb: Workbook, pool_id: str, username: str) -> str:
    """The user's status, e.g. ``CONFIRMED`` once the password is permanent."""
    user = wb.client("cognito-idp").admin_get_user(UserPoolId=pool_id, Username=username)
    return str(user["UserStatus"])


def create_group(wb: Workbook, pool_id: str, group_name: str, description: str = "") -> str:
    """Get or create a group in the pool; returns its name.

    Its members' tokens carry it in the ``cognito:groups`` claim (a list in the JWT).
    """
    try:
        wb.client("cognito-idp").create_group(
            UserPoolId=pool_id, GroupName=group_name, Description=description
        )
        logger.info("Created group %s", group_name)
    except ClientError as err:
        if error_code(err) != "GroupExistsException":
            raise aws_failure(f"Creating group '{group_name}'", err, "Re-run this cell.") from err
    return group_name


def add_user_to_group(wb: Workbook, pool_id: str, username: str, group_name: str) -> None:
    """Put a user in a group (nothing happens when it is a member already)."""
    try:
        wb.client("cognito-idp").admin_add_user_to_group(
            UserPoolId=pool_id, Username=username, GroupName=group_name
        )
    except ClientError as err:
        raise aws_failure(
            f"Adding '{username}' to group '{group_name}'", err, "Re-run the cells above."
        ) from err


def list_groups_for_user(wb: Workbook, pool_id: str, username: str) -> tuple[str, ...]:
    """The names of the user's groups, sorted."""
    groups = wb.client("cognito-idp").admin_list_groups_for_user(
        UserPoolId=pool_id, Username=username
    )["Groups"]
    return tuple(sorted(group["GroupName"] for group in groups))


def jwks_url(wb: Workbook, pool_id: str) -> str:
    """Where the pool publishes the public keys that sign its tokens."""
    if wb.endpoint_url is None:
        host = f"cognito-idp.{wb.region}.{wb.dns_suffix}"
        return f"https://{host}/{pool_id}/.well-known/jwks.json"
    return f"{wb.endpoint_url}/{pool_id}/.well-known/jwks.json"


def get_jwks(wb: Workbook, pool_id: str) -> dict[str, Any]:
    """The pool's JSON Web Key Set."""
    url = jwks_url(wb, pool_id)
    try:
        response = requests.get(url, timeout=15)
        response.raise_for_status()
        keys: dict[str, Any] = response.json()
    except (requests.RequestException, ValueError) as err:
        raise WorkbookError(
            f"Could not fetch the signing keys from {url} ({err}). Re-run this cell."
        ) from err
    return keys


def _cognito(wb: Workbook, pool_id: str, client_id: str, **kwargs: Any) -> Any:
    user = Cognito(pool_id, client_id, user_pool_region=wb.region, session=wb.session, **kwargs)
    # pycognito would derive the token issuer from an endpoint_url; giving it our client
    # afterwards keeps the issuer check at the real AWS form, which the emulator also uses.
    user.client = wb.client("cognito-idp")
    user.pool_jwk = get_jwks(wb, pool_id)
    return user


def sign_in(wb: Workbook, pool_id: str, client_id: str, credentials: UserCredentials) -> Tokens:
    """Sign in with SRP (the password never leaves this machine); tokens are verified."""
    user = _cognito(wb, pool_id, client_id, username=credentials.username)
    try:
        user.authenticate(password=credentials.password)
    except ClientError as err:
        raise aws_failure(
            f"Signing in as '{credentials.username}'",
            err,
            "Re-run the create_user cell to set a new password, then this cell.",
        ) from err
    return Tokens(
        id_token=user.id_token, access_token=user.access_token, refresh_token=user.refresh_token
    )


def refresh_tokens(wb: Workbook, pool_id: str, client_id: str, tokens: Tokens) -> Tokens:
    """New ID and access tokens from the refresh token (flow ``REFRESH_TOKEN_AUTH``)."""
    user = _cognito(
        wb,
        pool_id,
        client_id,
        refresh_token=tokens.refresh_token,
        id_token=tokens.id_token,
        access_token=tokens.access_token,
    )
    try:
        user.renew_access_token()
    except ClientError as err:
        raise aws_failure(
            "Refreshing the tokens", err, "Sign in again (re-run the sign_in cell)."
        ) from err
    return Tokens(
        id_token=user.id_token, access_token=user.access_token, refresh_token=tokens.refresh_token
    )


def decode_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, for display. Not a verification: sign_in already verified them."""
    try:
        payload = token.split(".")[1]
        claims: dict[str, Any] = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
    except (IndexError, ValueError) as err:
        raise WorkbookError("That is not a JWT (three base64url parts separated by dots).") from err
    return claims


@dataclass(frozen=True)
class ClaimRow:
    claim: str
    id_token: str
    access_token: str


_COMPARED_CLAIMS = (
    "token_use",
    "cognito:username",
    "username",
    "aud",
    "client_id",
    "scope",
    "iss",
    "sub",
)


def compare_claims(tokens: Tokens) -> list[ClaimRow]:
    """The claims that tell an ID token from an access token, side by side.

    ``lifetime`` is ``exp - iat`` in seconds; "-" means the token has no such claim.
    """
    id_claims = decode_claims(tokens.id_token)
    access_claims = decode_claims(tokens.access_token)
    rows = [
        ClaimRow(name, str(id_claims.get(name, "-")), str(access_claims.get(name, "-")))
        for name in _COMPARED_CLAIMS
    ]

    def lifetime(claims: dict[str, Any]) -> str:
        return (
            f"{int(claims['exp']) - int(claims['iat'])} s"
            if "exp" in claims and "iat" in claims
            else "-"
        )

    rows.append(ClaimRow("lifetime", lifetime(id_claims), lifetime(access_claims)))
    return rows


def token_preview(token: str, length: int = 12) -> str:
    """The first characters of a token, for printing; a whole token must never be printed."""
    return f"{token[:length]}…"


def delete_user_pool(wb: Workbook, pool_id: str) -> bool:
    """Delete a user pool (with its clients and users); False when it did not exist."""
    try:
        wb.client("cognito-idp").delete_user_pool(UserPoolId=pool_id)
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return False
        raise
    logger.info("Deleted user pool %s", pool_id)
    return True

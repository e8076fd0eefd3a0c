"""Cognito user pools in moto: keys, pools, app clients, domains, and what moto lacks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from moto.cognitoidp import models as cognito_models
from moto.cognitoidp.models import cognitoidp_backends
from moto.utilities.utils import load_resource

from emulator.moto_bridge import ACCOUNT_ID, field, loaded_regions

_PRIVATE_JWK = "cognitoidp/resources/jwks-private.json"
_PUBLIC_JWKS = "cognitoidp/resources/jwks-public.json"
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


class _CachedJwk:
    """Stands in for joserfc's `jwk` module inside moto's Cognito models.

    moto imports (and so re-validates) the same private RSA key for every new user pool,
    about 100 ms of big-number arithmetic each time; the key never changes, so the emulator
    imports it once. Only `RSAKey.import_key` is used there (moto 5.2.5, cognitoidp/models.py).
    """

    def __init__(self, original: Any) -> None:
        self._original = original
        self._private = load_resource(_PRIVATE_JWK)
        self._key = original.RSAKey.import_key(self._private)
        self.RSAKey = self

    def import_key(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if value == self._private and not args and not kwargs:
            return self._key
        return self._original.RSAKey.import_key(value, *args, **kwargs)


def speed_up_user_pool_creation() -> None:
    """Install the cached signing key in moto's Cognito models (idempotent)."""
    current = field(cognito_models, "jwk")
    if not isinstance(current, _CachedJwk):
        setattr(cognito_models, "jwk", _CachedJwk(current))  # noqa: B010 (not exported)


@lru_cache(maxsize=1)
def cognito_public_jwks() -> dict[str, Any]:
    """The JWKS moto signs every pool's tokens with (one key, kid "dummy", for all pools).
    Read once; callers must not change it."""
    return dict(load_resource(_PUBLIC_JWKS))


def cognito_private_jwk() -> dict[str, Any]:
    """The private key moto signs Cognito tokens with (the emulator signs its own with it too)."""
    return dict(load_resource(_PRIVATE_JWK))


def _pools() -> list[tuple[str, Any]]:
    """(region, pool) for every user pool."""
    return [
        (region, pool)
        for region, backend in loaded_regions(cognitoidp_backends)
        for pool in field(backend, "user_pools").values()
    ]


def user_pool_region(pool_id: str) -> str | None:
    for region, backend in loaded_regions(cognitoidp_backends):
        if pool_id in field(backend, "user_pools"):
            return region
    return None


@dataclass(frozen=True)
class OAuthClient:
    """What the token endpoint needs to know about an app client."""

    pool_id: str
    region: str
    client_id: str
    secret: str | None
    allowed_flows: tuple[str, ...]
    allowed_scopes: tuple[str, ...]
    oauth_enabled: bool
    callback_urls: tuple[str, ...] = ()
    logout_urls: tuple[str, ...] = ()
    identity_providers: tuple[str, ...] = ()
    revocation_enabled: bool = True


def oauth_client_for_domain(domain: str, client_id: str) -> OAuthClient | None:
    """The app client `client_id` of the user pool behind a user pool domain prefix."""
    for region, backend in loaded_regions(cognitoidp_backends):
        found = field(backend, "user_pool_domains").get(domain)
        if found is None:
            continue
        pool = field(backend, "user_pools").get(field(found, "user_pool_id"))
        client = field(pool, "clients").get(client_id) if pool else None
        if client is None:
            return None
        config = field(client, "extended_config")
        return OAuthClient(
            pool_id=str(field(pool, "id")),
            region=region,
            client_id=str(field(client, "id")),
            secret=field(client, "secret") if field(client, "generate_secret") else None,
            allowed_flows=tuple(config.get("AllowedOAuthFlows") or ()),
            allowed_scopes=tuple(config.get("AllowedOAuthScopes") or ()),
            oauth_enabled=bool(config.get("AllowedOAuthFlowsUserPoolClient")),
            callback_urls=tuple(config.get("CallbackURLs") or ()),
            logout_urls=tuple(config.get("LogoutURLs") or ()),
            identity_providers=tuple(config.get("SupportedIdentityProviders") or ()),
            revocation_enabled=config.get("EnableTokenRevocation") is not False,
        )
    return None


def srp_password(client_id: str, username: str) -> tuple[str, str] | None:
    """(pool id, password) of the user `username` in the pool that has app client `client_id`.

    The emulator needs the password to play the server side of SRP, which moto skips."""
    for _, pool in _pools():
        if client_id in field(pool, "clients"):
            user = pool._get_user(username)
            return (str(field(pool, "id")), str(field(user, "password"))) if user else None
    return None


@dataclass(frozen=True)
class TokenValidity:
    """How long an app client's tokens last, in seconds (CreateUserPoolClient's
    IdTokenValidity / AccessTokenValidity with TokenValidityUnits; default 1 hour)."""

    pool_id: str
    id_seconds: int
    access_seconds: int


def token_validity(client_id: str) -> TokenValidity | None:
    for _, pool in _pools():
        client = field(pool, "clients").get(client_id)
        if client is None:
            continue
        config = field(client, "extended_config")
        return TokenValidity(
            str(field(pool, "id")),
            _validity_seconds(config, "IdToken"),
            _validity_seconds(config, "AccessToken"),
        )
    return None


def _validity_seconds(config: dict[str, Any], kind: str) -> int:
    value = config.get(f"{kind}Validity")
    unit = _UNIT_SECONDS[(config.get("TokenValidityUnits") or {}).get(kind, "hours")]
    return 3600 if value is None else int(value) * unit


def replace_issued_token(pool_id: str, kind: str, old: str, new: str) -> None:
    """moto remembers the tokens it issued (GetUser, GlobalSignOut look them up); when the
    emulator re-stamps one, moto must know the new one too."""
    for _, pool in _pools():
        if field(pool, "id") != pool_id:
            continue
        issued = field(pool, "id_tokens" if kind == "IdToken" else "access_tokens")
        if old in issued:
            issued[new] = issued.pop(old)


def user_pool_domain_of(pool_id: str) -> str | None:
    for _, backend in loaded_regions(cognitoidp_backends):
        for domain in field(backend, "user_pool_domains").values():
            if field(domain, "user_pool_id") == pool_id:
                return str(field(domain, "domain"))
    return None


def delete_resource_server(region: str, pool_id: str, identifier: str) -> bool:
    """DeleteResourceServer, which moto 5.2.5 lacks. False when there is no such server."""
    pool = field(cognitoidp_backends[ACCOUNT_ID][region], "user_pools").get(pool_id)
    servers = field(pool, "resource_servers") if pool is not None else {}
    if identifier not in servers:
        return False
    del servers[identifier]
    return True


def _pool(pool_id: str) -> Any:
    for _, pool in _pools():
        if field(pool, "id") == pool_id:
            return pool
    return None


@dataclass(frozen=True)
class PoolUser:
    """What managed login needs to know about a user (moto's ``CognitoIdpUser``)."""

    username: str
    password: str | None
    status: str
    enabled: bool
    attributes: dict[str, str]
    groups: tuple[str, ...]


def pool_user(pool_id: str, username: str) -> PoolUser | None:
    """The user `username` (or the user with that email/phone, when the pool signs in with
    them) of pool `pool_id`, or None."""
    pool = _pool(pool_id)
    user = pool._get_user(username) if pool is not None else None
    if user is None:
        return None
    status = field(user, "status")
    return PoolUser(
        username=str(field(user, "username")),
        password=field(user, "password"),
        status=str(getattr(status, "value", status)),
        enabled=bool(field(user, "enabled")),
        attributes={str(a["Name"]): str(a["Value"]) for a in field(user, "attributes")},
        groups=tuple(str(field(g, "group_name")) for g in field(user, "groups")),
    )


@dataclass(frozen=True)
class IssuedTokens:
    """Tokens moto issued and remembers (GetUser, GlobalSignOut look them up)."""

    id_token: str
    access_token: str
    refresh_token: str | None
    origin_jti: str


def issue_tokens(
    pool_id: str,
    client_id: str,
    username: str,
    refresh_token: str | None = None,
    *,
    new_refresh: bool = True,
) -> IssuedTokens | None:
    """New ID and access tokens for a user: with a new refresh token (the code grant), none
    (``new_refresh=False``: the implicit grant), or from a given one (the refresh grant: the
    tokens share its ``origin_jti``). None when moto does not know the refresh token, or it
    was revoked."""
    pool = _pool(pool_id)
    if pool is None:
        return None
    refresh_tokens = field(pool, "refresh_tokens")
    refresh: str | None
    if refresh_token is None and not new_refresh:
        refresh, origin_jti = None, str(uuid.uuid4())
    elif refresh_token is None:
        refresh, origin_jti = pool.create_refresh_token(client_id, username)
    else:
        owner = refresh_tokens.get(refresh_token)
        if owner is None:
            return None
        refresh, origin_jti = None, str(owner[2])
    access, _ = pool.create_access_token(client_id, username, origin_jti)
    id_token, _ = pool.create_id_token(client_id, username, origin_jti)
    return IssuedTokens(id_token, access, refresh, origin_jti)


def refresh_token_owner(pool_id: str, refresh_token: str) -> tuple[str, str, str] | None:
    """(client id, username, origin_jti) of a live refresh token; None if unknown or revoked."""
    pool = _pool(pool_id)
    owner = field(pool, "refresh_tokens").get(refresh_token) if pool is not None else None
    return (str(owner[0]), str(owner[1]), str(owner[2])) if owner else None


def revoke_refresh_token(pool_id: str, refresh_token: str, origin_jti_of: Any) -> None:
    """Revoke a refresh token and forget the access tokens issued from it (``origin_jti_of``
    reads a token's ``origin_jti``), so GetUser refuses them as on AWS."""
    pool = _pool(pool_id)
    if pool is None:
        return
    refresh_tokens = field(pool, "refresh_tokens")
    owner = refresh_tokens.get(refresh_token)
    if owner is None:
        return
    refresh_tokens[refresh_token] = None
    for kind in ("access_tokens", "id_tokens"):
        issued = field(pool, kind)
        for token in [t for t in issued if origin_jti_of(t) == owner[2]]:
            issued.pop(token)


def access_token_known(pool_id: str, access_token: str) -> bool:
    """Whether moto still knows an access token (not revoked, not signed out globally)."""
    pool = _pool(pool_id)
    return pool is not None and access_token in field(pool, "access_tokens")

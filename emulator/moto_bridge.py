"""The one place that reaches into moto's models.

moto's server answers the AWS control plane; the emulator needs to read what it stored (REST
APIs, functions, user pools) and to write a few things moto has no API for. Everything that
touches moto's internals lives here, against the pinned version below, and is covered by
tests/emulator/test_moto_bridge.py. A moto upgrade starts by running those tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import moto
from moto.apigateway.models import APIGatewayBackend, RestAPI, apigateway_backends
from moto.awslambda.models import LambdaFunction, lambda_backends
from moto.cognitoidp import models as cognito_models
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.logs.models import logs_backends
from moto.moto_api._internal.models import moto_api_backend
from moto.utilities.utils import load_resource

PINNED_MOTO_VERSION = "5.2.5"
ACCOUNT_ID = DEFAULT_ACCOUNT_ID


class MotoVersionError(RuntimeError):
    """moto is not the version this bridge was written and tested against."""


def check_moto_version() -> None:
    """Refuse to run against a moto this bridge was not tested with."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise MotoVersionError(
            f"The emulator is built against moto {PINNED_MOTO_VERSION}, "
            f"but moto {moto.__version__} is installed; run `make setup`."
        )


class _CachedJwk:
    """Stands in for joserfc's `jwk` module inside moto's Cognito models.

    moto imports (and so re-validates) the same private RSA key for every new user pool,
    about 100 ms of big-number arithmetic each time; the key never changes, so the emulator
    imports it once. Only `RSAKey.import_key` is used there (moto 5.2.5, cognitoidp/models.py).
    """

    def __init__(self, original: Any) -> None:
        self._original = original
        self._private = load_resource("cognitoidp/resources/jwks-private.json")
        self._key = original.RSAKey.import_key(self._private)
        self.RSAKey = self

    def import_key(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if value == self._private and not args and not kwargs:
            return self._key
        return self._original.RSAKey.import_key(value, *args, **kwargs)


def speed_up_user_pool_creation() -> None:
    """Install the cached signing key in moto's Cognito models (idempotent)."""
    current = getattr(cognito_models, "jwk")  # noqa: B009 (not exported; mypy must not see it)
    if not isinstance(current, _CachedJwk):
        setattr(cognito_models, "jwk", _CachedJwk(current))  # noqa: B010


def reset_all() -> None:
    """Forget every resource in every service, as moto's /moto-api/reset does."""
    moto_api_backend.reset()


# --- API Gateway -----------------------------------------------------------------------------


def apigateway_backend(region: str) -> APIGatewayBackend:
    return apigateway_backends[ACCOUNT_ID][region]


def find_rest_api(api_id: str) -> tuple[str, RestAPI] | None:
    """Find a REST API by id in whichever region holds it: (region, api)."""
    for region, backend in _loaded_regions(apigateway_backends):
        api = backend.apis.get(api_id)
        if api is not None:
            return region, api
    return None


def rest_api(region: str, api_id: str) -> RestAPI | None:
    return apigateway_backend(region).apis.get(api_id)


def set_identity_validation_expression(
    region: str, api_id: str, authorizer_id: str, expression: str | None
) -> dict[str, Any] | None:
    """Store an authorizer's ``identityValidationExpression``; its JSON, or None if absent.

    moto 5.2.5's CreateAuthorizer passes it as ``identiy_validation_expression`` (sic), which
    ``Authorizer.__init__`` never reads, so the value is lost; UpdateAuthorizer works.
    """
    api = rest_api(region, api_id)
    authorizer = api.authorizers.get(authorizer_id) if api is not None else None
    if authorizer is None:
        return None
    authorizer.identity_validation_expression = expression
    return dict(authorizer.to_json())


# --- Lambda ----------------------------------------------------------------------------------


def lambda_function(region: str, name_or_arn: str, qualifier: str | None) -> LambdaFunction | None:
    """The function (or version) moto stores, or None when there is none."""
    from moto.awslambda.exceptions import UnknownFunctionException

    try:
        return lambda_backends[ACCOUNT_ID][region].get_function(name_or_arn, qualifier)
    except UnknownFunctionException:
        return None


def function_region(name: str) -> str | None:
    """The region holding a function of this name (the first, if several do)."""
    for region, backend in _loaded_regions(lambda_backends):
        if _has_function(backend, name):
            return region
    return None


def _has_function(backend: Any, name: str) -> bool:
    return name in backend._lambdas._functions


def function_policy_statements(function: LambdaFunction) -> list[dict[str, Any]]:
    """The resource-based policy statements (AddPermission) of a function."""
    return list(function.policy.statements)


def function_code_zip(function: LambdaFunction) -> bytes:
    return bytes(function.code_bytes)


# --- CloudWatch Logs -------------------------------------------------------------------------


def put_log_lines(region: str, group: str, stream: str, events: list[tuple[int, str]]) -> None:
    """Append lines to a log stream, creating the group and stream as Lambda does."""
    backend = logs_backends[ACCOUNT_ID][region]
    if group not in backend.groups:
        backend.create_log_group(group, {})
    if stream not in backend.groups[group].streams:
        backend.create_log_stream(group, stream)
    backend.put_log_events(
        group, stream, [{"timestamp": ts, "message": message} for ts, message in events]
    )


# --- Cognito ---------------------------------------------------------------------------------


def user_pool_exists(region: str, pool_id: str) -> bool:
    return pool_id in cognitoidp_backends[ACCOUNT_ID][region].user_pools


def user_pool_region(pool_id: str) -> str | None:
    for region, backend in _loaded_regions(cognitoidp_backends):
        if pool_id in backend.user_pools:
            return region
    return None


def cognito_public_jwks() -> dict[str, Any]:
    """The JWKS moto signs every pool's tokens with (one key, kid "dummy", for all pools)."""
    return dict(load_resource("cognitoidp/resources/jwks-public.json"))


def _loaded_regions(backends: Any) -> Iterator[tuple[str, Any]]:
    if ACCOUNT_ID not in backends:
        return
    account = backends[ACCOUNT_ID]
    yield from list(account.items())


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


def oauth_client_for_domain(domain: str, client_id: str) -> OAuthClient | None:
    """The app client `client_id` of the user pool behind a user pool domain prefix."""
    for region, backend in _loaded_regions(cognitoidp_backends):
        found = backend.user_pool_domains.get(domain)
        if found is None:
            continue
        pool = backend.user_pools.get(found.user_pool_id)
        client = pool.clients.get(client_id) if pool else None
        if client is None:
            return None
        config = client.extended_config
        return OAuthClient(
            pool_id=pool.id,
            region=region,
            client_id=client.id,
            secret=client.secret if client.generate_secret else None,
            allowed_flows=tuple(config.get("AllowedOAuthFlows") or ()),
            allowed_scopes=tuple(config.get("AllowedOAuthScopes") or ()),
            oauth_enabled=bool(config.get("AllowedOAuthFlowsUserPoolClient")),
        )
    return None


def user_pool_domain_exists(domain: str) -> bool:
    return any(
        domain in backend.user_pool_domains for _, backend in _loaded_regions(cognitoidp_backends)
    )


def cognito_private_jwk() -> dict[str, Any]:
    """The private key moto signs Cognito tokens with (the emulator signs its own with it too)."""
    return dict(load_resource("cognitoidp/resources/jwks-private.json"))


def srp_password(client_id: str, username: str) -> tuple[str, str] | None:
    """(pool id, password) of the user `username` in the pool that has app client `client_id`.

    The emulator needs the password to play the server side of SRP, which moto skips."""
    for _, backend in _loaded_regions(cognitoidp_backends):
        for pool in backend.user_pools.values():
            if client_id in pool.clients:
                user = pool._get_user(username)
                return (pool.id, str(user.password)) if user is not None else None
    return None


@dataclass(frozen=True)
class TokenValidity:
    """How long an app client's tokens last, in seconds (CreateUserPoolClient's
    IdTokenValidity / AccessTokenValidity with TokenValidityUnits; default 1 hour)."""

    pool_id: str
    id_seconds: int
    access_seconds: int


_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def token_validity(client_id: str) -> TokenValidity | None:
    for _, backend in _loaded_regions(cognitoidp_backends):
        for pool in backend.user_pools.values():
            client = pool.clients.get(client_id)
            if client is None:
                continue
            config = client.extended_config
            return TokenValidity(
                pool.id,
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
    for _, backend in _loaded_regions(cognitoidp_backends):
        pool = backend.user_pools.get(pool_id)
        if pool is None:
            continue
        issued = pool.id_tokens if kind == "IdToken" else pool.access_tokens
        if old in issued:
            issued[new] = issued.pop(old)


def user_pool_domain_of(pool_id: str) -> str | None:
    for _, backend in _loaded_regions(cognitoidp_backends):
        for domain in backend.user_pool_domains.values():
            if domain.user_pool_id == pool_id:
                return str(domain.domain)
    return None


def delete_resource_server(region: str, pool_id: str, identifier: str) -> bool:
    """DeleteResourceServer, which moto 5.2.5 lacks. False when there is no such server."""
    pool = cognitoidp_backends[ACCOUNT_ID][region].user_pools.get(pool_id)
    if pool is None or identifier not in pool.resource_servers:
        return False
    del pool.resource_servers[identifier]
    return True

"""The token checks of an API Gateway ``COGNITO_USER_POOLS`` authorizer (REST APIs).

Sources (see ``docs/aws-behaviour.md`` sections 1, 2 and 6):

- [doc] API Gateway "Integrate a REST API with an Amazon Cognito user pool": with no OAuth
  scopes on the method the token is treated as an ID token; with scopes it must be an access
  token holding at least one of them.
- [doc] Cognito "Verifying a JSON web token": RS256 signature against the pool's JWKS, the
  issuer ``https://cognito-idp.{region}.amazonaws.com/{poolId}``, ``exp`` enforced,
  ``token_use`` checked.
- [doc] ``identityValidationExpression``: "For COGNITO_USER_POOLS authorizers, API Gateway will
  match the aud field of the incoming token from the client against the specified regular
  expression" (CreateAuthorizer API reference).

Order of the checks (AWS does not document it; the order only matters for which 401 body is
sent, and we pick the one that never trusts an unverified claim):

1. the identity header is present and not empty (an optional ``Bearer`` prefix is removed);
2. the token is a JWT whose header and payload are base64url-encoded JSON objects;
3. ``alg`` is ``RS256`` and there is a ``kid``;
4. ``iss`` names one of the authorizer's ``providerARNs`` pools. This comes before the
   signature because moto signs every pool with the same key (``kid: "dummy"``), so a valid
   signature alone would let any pool's token in;
5. the pool's JWKS holds the ``kid`` and the signature verifies;
6. ``exp`` is a finite number in the future, else ``{"message":"The incoming token has
   expired"}``. Since this runs after the signature check, an expired token with a bad
   signature gets the plain ``{"message":"Unauthorized"}`` [inferred]; then ``nbf`` and
   ``iat``, when present, are finite and not after now (docs/aws-behaviour.md 23.4);
7. ``token_use`` (and ``scope``) suit the method's scopes;
8. ``identityValidationExpression``, when set, fully matches ``aud``.

Everything else answers 401 ``{"message":"Unauthorized"}``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard

import jwt

from awsrules.apigateway.gateway_responses import GatewayResponse, expired_token, unauthorized
from awsrules.arns import UserPoolRef, user_pool_from_arn
from awsrules.tokens import parse_jwt, token_from_header

HEADER_SOURCE_PREFIX = "method.request.header."
REQUIRED_ALG = "RS256"
ID_TOKEN_USE = "id"
ACCESS_TOKEN_USE = "access"

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_JAVA_DATE_CLAIMS = frozenset({"exp", "iat"})
_DATE_RANGE = (-62_135_596_800, 253_402_300_799)
"""Epoch seconds of 0001-01-01 and 9999-12-31 23:59:59 UTC: the dates rendered in Java's
form; a number outside (a finite ``iat`` long ago) is rendered as a number [our choice]."""


@dataclass(frozen=True)
class CognitoAuthorizerConfig:
    """The parts of a ``COGNITO_USER_POOLS`` authorizer that decide who gets in."""

    provider_arns: tuple[str, ...]
    """``arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}`` for each trusted pool."""
    identity_source: str
    """Where the token is read, e.g. ``method.request.header.Authorization``."""
    identity_validation_expression: str | None
    """A regular expression the token's ``aud`` must match, or None."""


@dataclass(frozen=True)
class Allow:
    """The token passed; ``claims`` are its raw verified JWT claims."""

    claims: dict[str, Any]


@dataclass(frozen=True)
class Deny:
    """The token failed; ``response`` goes to the client, ``reason`` to the emulator log."""

    response: GatewayResponse
    reason: str


def identity_header_name(identity_source: str) -> str:
    """Return the header an identity source reads: ``method.request.header.X`` -> ``X``.

    A Cognito authorizer reads its token from one request header [doc: Authorizer
    ``identitySource``]. Raises ValueError for any other kind of source.
    """
    if not identity_source.startswith(HEADER_SOURCE_PREFIX):
        raise ValueError(
            f"Identity source {identity_source!r} is not a request header; a Cognito "
            f"authorizer needs '{HEADER_SOURCE_PREFIX}<Name>'."
        )
    name = identity_source[len(HEADER_SOURCE_PREFIX) :]
    if not name:
        raise ValueError(f"Identity source {identity_source!r} names no header.")
    return name


def authorize_cognito(
    headers: Mapping[str, str],
    config: CognitoAuthorizerConfig,
    scopes: Sequence[str],
    *,
    jwks_for_pool: Callable[[str], Mapping[str, Any] | None],
    now: float,
    verify_signature: Callable[[str, Mapping[str, Any]], bool] | None = None,
) -> Allow | Deny:
    """Decide a request the way a ``COGNITO_USER_POOLS`` authorizer does.

    ``headers`` are the request headers (looked up case-insensitively), ``scopes`` the
    method's ``authorizationScopes``, ``jwks_for_pool(pool_id)`` the pool's JWKS
    (``{"keys": [...]}``) or None, and ``now`` the epoch time in seconds used for ``exp``.
    ``verify_signature(token, jwk)`` checks the RS256 signature (default: ``signature_verifies``;
    the emulator passes one that remembers tokens it has verified).
    See the module docstring for the order of the checks and their sources.
    """
    token = _read_token(headers, identity_header_name(config.identity_source))
    if token is None:
        return _deny(f"no token in the {config.identity_source} header")

    parsed = parse_jwt(token)
    if parsed is None:
        return _deny("token is not a JWT (bad structure, base64 or JSON)")
    header, claims = parsed.header, parsed.claims

    alg = header.get("alg")
    if alg != REQUIRED_ALG:
        return _deny(f"alg {alg!r} is not {REQUIRED_ALG}")
    kid = header.get("kid")
    if not isinstance(kid, str):
        return _deny("token header has no kid")

    pool = _pool_for_issuer(claims.get("iss"), config.provider_arns)
    if pool is None:
        return _deny(f"iss {claims.get('iss')!r} not in providerARNs")

    jwks = jwks_for_pool(pool.pool_id)
    if jwks is None:
        return _deny(f"no JWKS for user pool {pool.pool_id}")
    jwk = find_key(jwks, kid)
    if jwk is None:
        return _deny(f"kid {kid!r} not in the JWKS of user pool {pool.pool_id}")
    if not (verify_signature or signature_verifies)(token, jwk):
        return _deny("signature does not verify")

    exp = claims.get("exp")
    if not _is_finite_number(exp):
        return _deny(f"token has no finite numeric exp ({exp!r})")
    if exp <= now:
        return Deny(expired_token(), f"token expired at {exp} (now {now:.0f})")
    early = not_yet_valid(claims, now)
    if early is not None:
        return _deny(early)

    token_problem = token_use_problem(claims, scopes)
    if token_problem is not None:
        return _deny(token_problem)

    if config.identity_validation_expression is not None:
        aud_problem = _audience_problem(claims.get("aud"), config.identity_validation_expression)
        if aud_problem is not None:
            return _deny(aud_problem)

    return Allow(claims=claims)


def _deny(reason: str) -> Deny:
    return Deny(unauthorized(), reason)


def _read_token(headers: Mapping[str, str], name: str) -> str | None:
    """The header value without an optional ``Bearer `` prefix; None when absent or empty.

    A raw token is the documented form; a ``Bearer`` prefix is reported to work as well
    [recorded + community: aws-samples/serverless-patterns#2254, amplify-js#6060].
    """
    wanted = name.lower()
    return token_from_header(next((v for k, v in headers.items() if k.lower() == wanted), None))


def _pool_for_issuer(iss: object, provider_arns: Sequence[str]) -> UserPoolRef | None:
    for arn in provider_arns:
        pool = user_pool_from_arn(arn)
        if pool is not None and iss == pool.issuer:
            return pool
    return None


def find_key(jwks: Mapping[str, Any], kid: str) -> Mapping[str, Any] | None:
    keys = jwks.get("keys")
    if not isinstance(keys, list):
        return None
    for key in keys:
        if isinstance(key, Mapping) and key.get("kid") == kid:
            return key
    return None


def signature_verifies(token: str, jwk: Mapping[str, Any]) -> bool:
    """RS256 check of the signature only; no claim (exp, iat, aud) is looked at here."""
    try:
        public_key = jwt.PyJWK(dict(jwk), algorithm=REQUIRED_ALG).key
        jwt.PyJWS().decode_complete(token, key=public_key, algorithms=[REQUIRED_ALG])
    except jwt.PyJWTError:
        return False
    return True


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_finite_number(value: object) -> TypeGuard[float]:
    """A NumericDate as RFC 7519 means it: a number, not NaN or infinite (``1e400`` in JSON
    reads as infinity)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


NOT_BEFORE_CLAIMS = ("nbf", "iat")
"""Claims that must not be later than now (docs/aws-behaviour.md 23.4): ``nbf`` [doc: RFC
7519 4.1.5; API Gateway's JWT authorizers, "nbf – Must be before the current time in UTC"]
and ``iat`` [doc: the same page of the API Gateway guide, "iat – Must be before the current
time in UTC"]. For REST APIs' Cognito authorizers AWS documents neither: our choice."""


def not_yet_valid(claims: Mapping[str, Any], now: float) -> str | None:
    """Why a token is not valid yet (``nbf`` or ``iat`` after ``now``, or not a finite
    number when present); None when it is valid now. No leeway: the emulator issues tokens
    on the clock it checks them against."""
    for name in NOT_BEFORE_CLAIMS:
        value = claims.get(name)
        if value is None:
            continue
        if not _is_finite_number(value):
            return f"token's {name} is not a finite number ({value!r})"
        if value > now:
            return f"token's {name} {value} is after now ({now:.0f}): not valid yet"
    return None


def token_use_problem(claims: Mapping[str, Any], scopes: Sequence[str]) -> str | None:
    """No method scopes: an ID token. Scopes: an access token with one of them [doc]."""
    token_use = claims.get("token_use")
    if not scopes:
        if token_use != ID_TOKEN_USE:
            return f"token_use {token_use!r} is not 'id' and the method has no OAuth scopes"
        return None
    if token_use != ACCESS_TOKEN_USE:
        return f"token_use {token_use!r} is not 'access' and the method has OAuth scopes"
    scope_claim = claims.get("scope")
    granted = scope_claim.split() if isinstance(scope_claim, str) else []
    if not set(granted) & set(scopes):
        return f"scope {scope_claim!r} holds none of the method's scopes {list(scopes)}"
    return None


def _audience_problem(aud: object, expression: str) -> str | None:
    """``identityValidationExpression`` must match ``aud`` entirely (Java ``matches()``).

    Access tokens carry ``client_id`` and no ``aud``, so they always fail [inferred].
    """
    if not isinstance(aud, str):
        return "token has no aud to match identityValidationExpression"
    try:
        matched = re.fullmatch(expression, aud) is not None
    except re.error:
        return f"identityValidationExpression {expression!r} is not a valid regex"
    if not matched:
        return f"aud {aud!r} does not match identityValidationExpression {expression!r}"
    return None


def java_date_string(epoch_seconds: float) -> str:
    """Format like Java's ``Date.toString()`` in UTC: ``Wed Jul 22 04:44:04 UTC 2026``.

    Java's pattern is ``EEE MMM dd HH:mm:ss zzz yyyy``: English names, day of month padded to
    two digits. [recorded] ``"exp": "Mon Jun 15 05:56:21 UTC 2026"`` in API Gateway events.
    """
    moment = datetime.fromtimestamp(int(epoch_seconds), tz=UTC)
    return (
        f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} UTC {moment.year}"
    )


def _is_renderable_date(value: object) -> bool:
    return _is_finite_number(value) and _DATE_RANGE[0] <= value <= _DATE_RANGE[1]


def _render_scalar(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


def render_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Render claims as API Gateway puts them in ``requestContext.authorizer.claims``.

    [recorded] (CloudWatch logs of real events, e.g. ``"auth_time": "1784510079"``,
    ``"version": "2"``, ``"email_verified": "true"``, ``"cognito:groups": "admin"``,
    ``"exp": "Mon Jul 20 02:14:39 UTC 2026"``): every value is a string, in the token's order;
    numbers as decimals, booleans ``true``/``false``; ``exp`` and ``iat`` as
    :func:`java_date_string`; a one-element list as its element.

    A list of several values is joined with commas and no space, e.g. ``"admin,staging-manager"``:
    the one capture we found of a multi-group user behind a REST API Cognito authorizer
    (GitHub blake-kruppa "CognitoService" README, 2018). [doubt: HTTP APIs render
    ``[admin staging-manager]`` instead; not confirmed for REST APIs today.] Objects are
    rendered as compact JSON and null as ``"null"`` [inferred; Cognito tokens carry neither].
    """
    rendered: dict[str, str] = {}
    for name, value in claims.items():
        if name in _JAVA_DATE_CLAIMS and _is_renderable_date(value):
            rendered[name] = java_date_string(value)
        elif isinstance(value, list):
            rendered[name] = ",".join(_render_scalar(item) for item in value)
        else:
            rendered[name] = _render_scalar(value)
    return rendered

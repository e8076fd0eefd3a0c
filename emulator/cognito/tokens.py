"""Cognito tokens as the emulator hands them out: signed like Cognito's, on the emulator clock.

moto issues every ID and access token for one hour of wall time. Cognito honours the app
client's IdTokenValidity / AccessTokenValidity (5 minutes to 1 day; Cognito Developer Guide,
"User pool app clients"), and the emulator's clock may have been moved forward
(`POST /_emulator/clock`). So the emulator re-stamps each token moto issues: `iat` and
`auth_time` on the emulator clock, `exp` = `iat` + the client's validity, re-signed with the
same key (header `{"kid":..,"alg":"RS256"}`, as Cognito's have no `typ`).

Managed login (the code, implicit and refresh grants, emulator/cognito/managed_login/) takes
its tokens from moto too, so GetUser and GlobalSignOut know them, and completes their claims
here, the one home for what Cognito puts in a token: ``managed_login_tokens``
(docs/aws-behaviour.md 26.9).
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

from emulator.moto_bridge import cognito as moto_cognito


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@lru_cache(maxsize=1)
def _key() -> Any:
    return jwt.PyJWK(moto_cognito.cognito_private_jwk()).key


def sign(claims: dict[str, Any]) -> str:
    """A JWS shaped like Cognito's: header {"kid", "alg"}, compact JSON, RS256."""
    header = _b64(json.dumps({"kid": "dummy", "alg": "RS256"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = RSAAlgorithm(RSAAlgorithm.SHA256).sign(signing_input, _key())
    return f"{header}.{payload}.{_b64(signature)}"


def restamp(result: dict[str, Any], client_id: str, now: float) -> dict[str, Any]:
    """An AuthenticationResult with its ID and access tokens re-stamped for `client_id`."""
    validity = moto_cognito.token_validity(client_id)
    if validity is None:
        return result
    issued_at = int(now)
    for kind, seconds in (
        ("IdToken", validity.id_seconds),
        ("AccessToken", validity.access_seconds),
    ):
        token = result.get(kind)
        if not token:
            continue
        claims = jwt.decode(token, options={"verify_signature": False})
        shift = issued_at - int(claims.get("iat", issued_at))
        claims["auth_time"] = int(claims.get("auth_time", issued_at)) + shift
        claims["iat"] = issued_at
        claims["exp"] = issued_at + seconds
        fresh = sign(claims)
        moto_cognito.replace_issued_token(validity.pool_id, kind, token, fresh)
        result[kind] = fresh
    result["ExpiresIn"] = validity.access_seconds
    return result


def at_hash(access_token: str) -> str:
    """OIDC Core 3.1.3.6: base64url of the left half of SHA-256 of the access token."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return _b64(digest[: len(digest) // 2])


SCOPE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "email": ("email", "email_verified"),
    "phone": ("phone_number", "phone_number_verified"),
    "profile": (
        "name",
        "family_name",
        "given_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "profile",
        "picture",
        "website",
        "gender",
        "birthdate",
        "zoneinfo",
        "locale",
        "updated_at",
        "address",
    ),
}
"""The user attributes each OIDC scope releases, in the ID token and at userInfo (OIDC Core
5.4; Cognito Developer Guide, "The authorize endpoint": "These scopes dictate the claims that
go inside the ID token")."""
BOOLEAN_ATTRIBUTES = frozenset({"email_verified", "phone_number_verified"})


def scoped_attributes(attributes: dict[str, str], scopes: tuple[str, ...]) -> dict[str, str]:
    """The attributes (``sub`` aside) the scopes release; ``aws.cognito.signin.user.admin``
    releases them all."""
    everything = "aws.cognito.signin.user.admin" in scopes
    allowed = {name for scope in scopes for name in SCOPE_ATTRIBUTES.get(scope, ())}
    return {
        name: value
        for name, value in attributes.items()
        if name != "sub" and (everything or name in allowed)
    }


@dataclass(frozen=True)
class Grant:
    """What a managed-login sign-in granted: the claims the code, implicit and refresh
    grants put in the tokens beside moto's (docs/aws-behaviour.md 26.9)."""

    client_id: str
    scopes: tuple[str, ...]
    auth_time: int
    nonce: str | None = None


def managed_login_tokens(
    issued: moto_cognito.IssuedTokens, grant: Grant, now: float
) -> dict[str, Any]:
    """The token endpoint's (or the implicit fragment's) answer for tokens moto issued:
    ``access_token`` with the granted ``scope``, ``auth_time``, ``event_id``, ``version``;
    ``id_token`` only with ``openid``, with ``at_hash``, ``auth_time`` and ``nonce``; both
    re-stamped for the client's validity on the emulator clock, moto told the new ones."""
    validity = moto_cognito.token_validity(grant.client_id)
    if validity is None:
        raise LookupError(f"app client {grant.client_id} does not exist")
    issued_at, event_id = int(now), str(uuid.uuid4())
    access_claims = jwt.decode(issued.access_token, options={"verify_signature": False})
    access_claims.update(
        scope=" ".join(grant.scopes),
        auth_time=grant.auth_time,
        event_id=event_id,
        version=2,
        iat=issued_at,
        exp=issued_at + validity.access_seconds,
    )
    access = sign(access_claims)
    moto_cognito.replace_issued_token(validity.pool_id, "AccessToken", issued.access_token, access)
    answer: dict[str, Any] = {"access_token": access}
    if "openid" in grant.scopes:
        id_claims = jwt.decode(issued.id_token, options={"verify_signature": False})
        user = moto_cognito.pool_user(validity.pool_id, str(id_claims["cognito:username"]))
        released = scoped_attributes(user.attributes if user else {}, grant.scopes)
        id_claims.update(
            {k: v == "true" if k in BOOLEAN_ATTRIBUTES else v for k, v in released.items()}
        )
        id_claims.update(
            at_hash=at_hash(access),
            auth_time=grant.auth_time,
            event_id=event_id,
            iat=issued_at,
            exp=issued_at + validity.id_seconds,
        )
        if grant.nonce is not None:
            id_claims["nonce"] = grant.nonce
        id_token = sign(id_claims)
        moto_cognito.replace_issued_token(validity.pool_id, "IdToken", issued.id_token, id_token)
        answer["id_token"] = id_token
    if issued.refresh_token is not None:
        answer["refresh_token"] = issued.refresh_token
    answer["expires_in"] = validity.access_seconds
    answer["token_type"] = "Bearer"
    return answer


def origin_jti(token: str) -> str | None:
    """A token's ``origin_jti`` claim (unverified: the emulator issued it), or None."""
    try:
        value = jwt.decode(token, options={"verify_signature": False}).get("origin_jti")
    except jwt.PyJWTError:
        return None
    return str(value) if value is not None else None


def public_key() -> Any:
    """The public half of the signing key (what every pool's JWKS publishes, section 7.4)."""
    return _key().public_key()

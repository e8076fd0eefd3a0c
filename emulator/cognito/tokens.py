"""Cognito tokens as the emulator hands them out: signed like Cognito's, on the emulator clock.

moto issues every ID and access token for one hour of wall time. Cognito honours the app
client's IdTokenValidity / AccessTokenValidity (5 minutes to 1 day; Cognito Developer Guide,
"User pool app clients"), and the emulator's clock may have been moved forward
(`POST /_emulator/clock`). So the emulator re-stamps each token moto issues: `iat` and
`auth_time` on the emulator clock, `exp` = `iat` + the client's validity, re-signed with the
same key (header `{"kid":..,"alg":"RS256"}`, as Cognito's have no `typ`).
"""

from __future__ import annotations

import base64
import json
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

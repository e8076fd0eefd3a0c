"""``GET/POST /oauth2/userInfo`` (docs/aws-behaviour.md 26.13).

Cognito Developer Guide, "The userInfo endpoint": ``Authorization: Bearer <access_token>``;
"The openid scope must be one of the access token claims" (so access tokens from InitiateAuth,
with ``aws.cognito.signin.user.admin`` only, are refused); errors: 400 with ``WWW-Authenticate:
error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"``, and 401
with ``WWW-Authenticate: error="invalid_token", error_description="Access token is expired,
disabled, or deleted, or the user has globally signed out."``. The answer holds ``sub``,
``username`` and the attributes the token's scopes allow, every value a string.
"""

from __future__ import annotations

from typing import Any

import jwt

from emulator.answers import Answer, json_answer
from emulator.cognito.tokens import public_key, scoped_attributes
from emulator.moto_bridge import cognito as moto_cognito

BAD_REQUEST = "Bad OAuth2 request at UserInfo Endpoint"
INVALID_TOKEN = (
    "Access token is expired, disabled, or deleted, or the user has globally signed out."
)


def _refusal(status: int, error: str, description: str) -> Answer:
    header = f'error="{error}", error_description="{description}"'
    answer = json_answer({"error": error, "error_description": description}, status)
    return Answer(status, (*answer.headers, ("WWW-Authenticate", header)), answer.body)


def user_info(domain: str, authorization: str, now: float) -> Answer:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _refusal(400, "invalid_request", BAD_REQUEST)
    claims = _verified(domain, token.strip(), now)
    if claims is None:
        return _refusal(401, "invalid_token", INVALID_TOKEN)
    user = moto_cognito.pool_user(str(claims["iss"]).rsplit("/", 1)[-1], str(claims["username"]))
    if user is None or not user.enabled:
        return _refusal(401, "invalid_token", INVALID_TOKEN)
    scopes = tuple(str(claims.get("scope", "")).split())
    answer = {
        "sub": user.attributes.get("sub", str(claims.get("sub"))),
        **scoped_attributes(user.attributes, scopes),
        "username": user.username,
    }
    return json_answer(answer, content_type="application/json;charset=UTF-8")


def _verified(domain: str, token: str, now: float) -> dict[str, Any] | None:
    """The access token's claims when it is this domain's pool's, signed, live, known to
    Cognito (not revoked or signed out), with the ``openid`` scope; else None."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token, public_key(), algorithms=["RS256"], options={"verify_exp": False}
        )
    except jwt.PyJWTError:
        return None
    pool_id = str(claims.get("iss", "")).rsplit("/", 1)[-1]
    if moto_cognito.user_pool_domain_of(pool_id) != domain or claims.get("token_use") != "access":
        return None
    if not isinstance(claims.get("exp"), int) or claims["exp"] <= now:
        return None
    if "openid" not in str(claims.get("scope", "")).split() or "username" not in claims:
        return None
    return claims if moto_cognito.access_token_known(pool_id, token) else None

"""A TOKEN Lambda authorizer that verifies a Cognito user pool ID token itself.

API Gateway calls ``lambda_handler`` with ``{"type": "TOKEN", "authorizationToken": <the
Authorization header>, "methodArn": "arn:aws:execute-api:{region}:{account}:{api}/{stage}/
{verb}/{path}"}``. The function checks the token the way the Cognito authorizer does, and a
little more, as the Cognito guide's "Verifying a JSON web token" describes:

- the signature, RS256 only, with the pool's public key whose ``kid`` the token names;
- ``iss`` is the pool (every pool's tokens are JWTs; only ``iss`` says which pool);
- ``exp`` has not passed;
- ``token_use`` is ``id``: an access token is refused, as the Cognito authorizer does on a
  method without OAuth scopes;
- ``aud`` is the app client, when ``APP_CLIENT_ID`` is set (the Cognito authorizer checks
  this only with an ``identityValidationExpression``).

A valid token gets an IAM policy that allows ``execute-api:Invoke`` on every method and path
of the calling API *stage* (``.../{api}/{stage}/*``), because API Gateway caches the policy
per token and applies it to the next calls with the same token, whatever method they call.
The context carries ``username`` and ``groups`` (comma-separated) as strings: a context
value may be a string, number or boolean, never a list.

Anything wrong with the token raises ``Exception("Unauthorized")``: that exact message is
API Gateway's signal for ``401 {"message":"Unauthorized"}``. Any other error (a bad
configuration, an unreachable JWKS URL) becomes ``500``, as it should: it is not the
caller's fault.

Environment variables, set by ``helpers/authorizers.py`` (the code is the same on AWS and
on the local emulator, only the values differ):

- ``JWKS_URL``: the pool's public keys, ``https://cognito-idp.{region}.amazonaws.com/
  {poolId}/.well-known/jwks.json`` on AWS, the emulator's copy locally;
- ``ISSUER``: ``https://cognito-idp.{region}.amazonaws.com/{poolId}`` (both backends);
- ``APP_CLIENT_ID``: optional; when set, ``aud`` must equal it.

The keys are fetched once per execution environment and kept in memory. A token signed with
a key id the cache does not know triggers one new fetch (the pool may have rotated its keys),
at most once every ``JWKS_REFRESH_COOLDOWN_S`` seconds, so random ``kid`` values cannot make
the function hammer the JWKS URL. This file imports nothing from ``helpers``: it, PyJWT and
cryptography are the whole deployment package.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from typing import Any

import jwt

UNAUTHORIZED = "Unauthorized"
JWKS_TIMEOUT_S = 5
JWKS_REFRESH_COOLDOWN_S = 300.0
ALGORITHMS = ["RS256"]  # Cognito signs with RS256; never accept what the token's header says


class InvalidToken(Exception):
    """Why a token was refused (logged; the caller only ever sees 401 Unauthorized)."""


class _KeyCache:
    """The pool's public keys by ``kid``, per execution environment."""

    def __init__(self) -> None:
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetched_at: float | None = None

    def clear(self) -> None:
        self.keys = {}
        self.fetched_at = None


_cache = _KeyCache()


def fetch_jwks(url: str) -> dict[str, Any]:
    """GET the JSON Web Key Set (standard library only: no ``requests`` in Lambda)."""
    with urllib.request.urlopen(url, timeout=JWKS_TIMEOUT_S) as response:
        document: dict[str, Any] = json.loads(response.read())
    return document


def signing_key(kid: str) -> jwt.PyJWK:
    """The public key ``kid`` from the cache; fetch the JWKS on first use or an unknown kid."""
    if kid not in _cache.keys:
        stale = (
            _cache.fetched_at is None
            or time.monotonic() - _cache.fetched_at >= JWKS_REFRESH_COOLDOWN_S
        )
        if stale:
            key_set = jwt.PyJWKSet.from_dict(fetch_jwks(os.environ["JWKS_URL"]))
            _cache.keys = {key.key_id: key for key in key_set.keys if key.key_id}
            _cache.fetched_at = time.monotonic()
            print(f"Fetched {len(_cache.keys)} signing key(s) from the JWKS URL")
    if kid not in _cache.keys:
        raise InvalidToken(f"unknown key id {kid!r}")
    return _cache.keys[kid]


def verify_id_token(token: str) -> dict[str, Any]:
    """The claims of a valid ID token from the configured pool; InvalidToken otherwise."""
    if token.startswith("Bearer "):  # accepted by the Cognito authorizer too
        token = token[len("Bearer ") :]
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as err:
        raise InvalidToken(f"not a JWT ({err})") from err
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise InvalidToken("no key id (kid) in the header")
    key = signing_key(kid)
    client_id = os.environ.get("APP_CLIENT_ID", "")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.key,
            algorithms=ALGORITHMS,
            issuer=os.environ["ISSUER"],
            audience=client_id or None,
            options={
                "require": ["exp", "iat", "iss", "sub", "token_use"],
                "verify_aud": bool(client_id),
            },
        )
    except jwt.InvalidTokenError as err:
        raise InvalidToken(f"{type(err).__name__}: {err}") from err
    if claims["token_use"] != "id":
        raise InvalidToken(f"token_use is {claims['token_use']!r}, not 'id'")
    return claims


def api_stage_resource(method_arn: str) -> str:
    """``arn:...:{api}/{stage}/*``: every method and path of the stage that was called.

    ``arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/users`` gives
    ``arn:aws:execute-api:us-east-1:123456789012:abc/dev/*``; any partition
    (``arn:aws-cn:``, ``arn:aws-us-gov:``).
    """
    parts = method_arn.split("/")
    fields = parts[0].split(":")
    if len(parts) < 3 or fields[0] != "arn" or fields[2:3] != ["execute-api"]:
        raise ValueError(f"Not an API Gateway method ARN: {method_arn!r}")
    return f"{parts[0]}/{parts[1]}/*"


def allow_policy(principal_id: str, resource: str, context: dict[str, str]) -> dict[str, Any]:
    """The authorizer's answer: who the caller is, what they may invoke, and the context."""
    return {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}
            ],
        },
        "context": context,
    }


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Allow a valid ID token on the whole API stage; raise ``Unauthorized`` otherwise."""
    token = event.get("authorizationToken") or ""
    try:
        claims = verify_id_token(token)
    except InvalidToken as err:
        print(f"Refused: {err}")  # the reason, never the token
        raise Exception(UNAUTHORIZED) from None
    groups = claims.get("cognito:groups") or []
    username = str(claims.get("cognito:username", ""))
    resource = api_stage_resource(str(event["methodArn"]))
    print(f"Allowed: {username} on {resource}")
    return allow_policy(
        principal_id=str(claims["sub"]),
        resource=resource,
        context={"username": username, "groups": ",".join(str(group) for group in groups)},
    )

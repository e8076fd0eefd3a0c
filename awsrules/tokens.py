"""Reading a token the way API Gateway reads an identity header (docs/aws-behaviour.md §1).

- The header value is the token; a ``Bearer `` prefix (any case) is removed, as it is
  reported to work on AWS [recorded + community: aws-samples/serverless-patterns#2254,
  aws-amplify/amplify-js#6060]. An empty value counts as no token.
- A JWT in compact form is three dot-separated base64url parts; the first two must decode to
  JSON objects (the header and the claims) [doc: RFC 7519 and Cognito's "Verifying a JSON web
  token"]. Nothing here verifies the signature: that needs the pool's keys.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

BEARER_PREFIX = "bearer "


def token_from_header(value: str | None) -> str | None:
    """The token in an identity header's value, without a ``Bearer`` prefix; None if empty."""
    if value is None:
        return None
    token = value.strip()
    if token[: len(BEARER_PREFIX)].lower() == BEARER_PREFIX:
        token = token[len(BEARER_PREFIX) :].strip()
    return token or None


@dataclass(frozen=True)
class UnverifiedJwt:
    """A JWT's header and claims, as written in it (nothing verified)."""

    header: dict[str, Any]
    claims: dict[str, Any]


def parse_jwt(token: str) -> UnverifiedJwt | None:
    """Header and claims of a compact JWS, unverified; None if it is not one."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        return None
    header = _b64url_json_object(parts[0])
    claims = _b64url_json_object(parts[1])
    if header is None or claims is None:
        return None
    return UnverifiedJwt(header, claims)


def _b64url_json_object(segment: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None

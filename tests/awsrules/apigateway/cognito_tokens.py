"""Mint tokens shaped like Amazon Cognito's (docs/aws-behaviour.md section 6) for tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from jwt.algorithms import RSAAlgorithm

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
POOL_ID = "us-east-1_Pool0001"
SECOND_POOL_ID = "us-east-1_Pool0002"
OTHER_POOL_ID = "us-east-1_Other999"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
KID = "pool-key-1"

NOW = 1784691844  # Wed Jul 22 03:44:04 UTC 2026
EXP = NOW + 3600  # Wed Jul 22 04:44:04 UTC 2026


def pool_arn(pool_id: str) -> str:
    return f"arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{pool_id}"


def issuer(pool_id: str) -> str:
    return f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"


def public_jwks(private_key: RSAPrivateKey, kid: str = KID) -> dict[str, Any]:
    """The pool's ``/.well-known/jwks.json`` document for one RSA key."""
    jwk = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return {"keys": [jwk]}


def id_token_claims(pool_id: str = POOL_ID, **overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": "a1b2c3d4-0000-4000-8000-000000000001",
        "cognito:groups": ["admin"],
        "email_verified": True,
        "iss": issuer(pool_id),
        "cognito:username": "alice",
        "origin_jti": "5c7d0e1f-0000-4000-8000-000000000002",
        "aud": CLIENT_ID,
        "event_id": "9e8f7a6b-0000-4000-8000-000000000003",
        "token_use": "id",
        "auth_time": NOW,
        "exp": EXP,
        "iat": NOW,
        "jti": "1a2b3c4d-0000-4000-8000-000000000004",
        "email": "alice@example.com",
    }
    claims.update(overrides)
    return claims


def access_token_claims(pool_id: str = POOL_ID, **overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": "a1b2c3d4-0000-4000-8000-000000000001",
        "cognito:groups": ["admin"],
        "iss": issuer(pool_id),
        "client_id": CLIENT_ID,
        "origin_jti": "5c7d0e1f-0000-4000-8000-000000000002",
        "event_id": "9e8f7a6b-0000-4000-8000-000000000003",
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "auth_time": NOW,
        "exp": EXP,
        "iat": NOW,
        "jti": "6f5e4d3c-0000-4000-8000-000000000005",
        "username": "alice",
    }
    claims.update(overrides)
    return claims


@dataclass(frozen=True)
class Minter:
    """Signs claims with a private key, as Cognito signs with the pool's key."""

    private_key: RSAPrivateKey
    kid: str = KID

    def sign(self, claims: Mapping[str, Any], algorithm: str = "RS256") -> str:
        return jwt.encode(dict(claims), self.private_key, algorithm, headers={"kid": self.kid})

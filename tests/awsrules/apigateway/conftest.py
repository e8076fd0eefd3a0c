"""Fixtures for the API Gateway data-plane unit tests: two RSA keys and Cognito-like tokens."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from .cognito_tokens import (
    OTHER_POOL_ID,
    POOL_ID,
    SECOND_POOL_ID,
    Minter,
    public_jwks,
)


@pytest.fixture(scope="session")
def pool_key() -> RSAPrivateKey:
    """The key the trusted user pool signs with."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def attacker_key() -> RSAPrivateKey:
    """A second key, not published by any trusted pool."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def minter(pool_key: RSAPrivateKey) -> Minter:
    return Minter(pool_key)


@pytest.fixture(scope="session")
def attacker_minter(attacker_key: RSAPrivateKey) -> Minter:
    return Minter(attacker_key)


@pytest.fixture(scope="session")
def jwks_for_pool(pool_key: RSAPrivateKey) -> Callable[[str], Mapping[str, Any] | None]:
    """Every pool publishes the same key, as moto does; unknown pools have no JWKS."""
    documents = {pool_id: public_jwks(pool_key) for pool_id in (POOL_ID, SECOND_POOL_ID)}
    documents[OTHER_POOL_ID] = public_jwks(pool_key)

    def lookup(pool_id: str) -> Mapping[str, Any] | None:
        return documents.get(pool_id)

    return lookup

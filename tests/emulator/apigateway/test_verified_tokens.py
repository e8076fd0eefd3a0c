"""The verified-token cache remembers only good signatures, and only the signature:
docs/aws-behaviour.md section 1 (every other check runs per request)."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from emulator.apigateway.data_plane.verified_tokens import VerifiedTokens
from tests.awsrules.apigateway.cognito_tokens import Minter, id_token_claims, public_jwks


@pytest.fixture(scope="module")
def minter() -> Minter:
    return Minter(rsa.generate_private_key(public_exponent=65537, key_size=2048))


def jwk_of(minter: Minter) -> dict[str, Any]:
    key: dict[str, Any] = public_jwks(minter.private_key)["keys"][0]
    return key


def test_a_good_token_is_verified_once_then_remembered(
    minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = VerifiedTokens()
    token = minter.sign(id_token_claims())
    calls: list[str] = []
    real = jwt.PyJWS.decode_complete

    def counting(self: jwt.PyJWS, *args: Any, **kwargs: Any) -> Any:
        calls.append("verify")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jwt.PyJWS, "decode_complete", counting)
    assert [cache.verify(token, jwk_of(minter)) for _ in range(3)] == [True, True, True]
    assert calls == ["verify"]


def test_a_bad_signature_is_never_remembered(minter: Minter) -> None:
    cache = VerifiedTokens()
    header, payload, signature = minter.sign(id_token_claims()).split(".")
    tampered = f"{header}.{payload}.{signature[:-6]}AAAAAA"
    assert cache.verify(tampered, jwk_of(minter)) is False
    assert len(cache) == 0


def test_the_cache_is_bounded(minter: Minter) -> None:
    cache = VerifiedTokens(max_tokens=2)
    for sub in ("a", "b", "c"):
        assert cache.verify(minter.sign(id_token_claims(sub=sub)), jwk_of(minter))
    assert len(cache) == 2

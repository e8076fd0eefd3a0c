"""Cognito's SRP sign-in (USER_SRP_AUTH → PASSWORD_VERIFIER), verified as Cognito verifies it.

moto 5.2 answers USER_SRP_AUTH with random SALT and SRP_B and accepts any
PASSWORD_CLAIM_SIGNATURE, so a wrong password signs in. The emulator replaces the challenge
with a real SRP-6a server side and checks the signature; a wrong one gets what AWS answers:
400 NotAuthorizedException "Incorrect username or password.".

The arithmetic is Cognito's (as the AWS Amplify and AWS SDK clients implement it): the
3072-bit group of RFC 5054 with g = 2, k = H(N | g), x = H(salt | H(poolName | userIdForSrp |
":" | password)) where poolName is the part of the pool id after "_", u = H(A | B), the
session key HKDF-SHA256(S, salt=u, info="Caldera Derived Key") cut to 16 bytes, and the
signature HMAC-SHA256(key, poolName | userIdForSrp | secretBlock | timestamp), base64.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass

N = int(
    (
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
        "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33"
        "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864"
        "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
        "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
    ),
    16,
)
G = 2
_INFO = b"Caldera Derived Key\x01"


def _pad(value: int | str) -> str:
    """Hex of a number, padded so that it reads as a positive big-endian integer."""
    text = value if isinstance(value, str) else f"{value:x}"
    if len(text) % 2 == 1:
        return "0" + text
    return "00" + text if text[0] in "89abcdefABCDEF" else text


def _hash_hex(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest().rjust(64, "0")


K = int(_hash_hex("00" + f"{N:x}" + "0" + f"{G:x}"), 16)


def _x(pool_name: str, user_id: str, password: str, salt_hex: str) -> int:
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).hexdigest().rjust(64, "0")
    return int(_hash_hex(_pad(salt_hex) + inner), 16)


@dataclass(frozen=True)
class SrpChallenge:
    """The server's half of one sign-in, kept until the client answers."""

    pool_name: str
    user_id: str
    salt_hex: str
    verifier: int
    small_b: int
    big_a: int
    big_b: int

    @property
    def srp_b_hex(self) -> str:
        return f"{self.big_b:x}"


def start_challenge(
    pool_id: str, user_id: str, password: str, srp_a_hex: str
) -> SrpChallenge | None:
    """A new PASSWORD_VERIFIER challenge for a client's SRP_A (None if SRP_A is invalid)."""
    try:
        big_a = int(srp_a_hex, 16)
    except ValueError:
        return None
    if big_a % N == 0:
        return None
    pool_name = pool_id.split("_", 1)[1]
    salt_hex = os.urandom(16).hex()
    verifier = pow(G, _x(pool_name, user_id, password, salt_hex), N)
    small_b = int.from_bytes(os.urandom(128), "big") % N
    big_b = (K * verifier + pow(G, small_b, N)) % N
    return SrpChallenge(pool_name, user_id, salt_hex, verifier, small_b, big_a, big_b)


def expected_signature(challenge: SrpChallenge, secret_block: bytes, timestamp: str) -> str:
    u = int(_hash_hex(_pad(challenge.big_a) + _pad(challenge.big_b)), 16)
    s = pow(challenge.big_a * pow(challenge.verifier, u, N), challenge.small_b, N)
    prk = hmac.new(bytes.fromhex(_pad(f"{u:x}")), bytes.fromhex(_pad(s)), hashlib.sha256).digest()
    key = hmac.new(prk, _INFO, hashlib.sha256).digest()[:16]
    message = (
        challenge.pool_name.encode()
        + challenge.user_id.encode()
        + secret_block
        + timestamp.encode()
    )
    return base64.standard_b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def signature_matches(
    challenge: SrpChallenge, secret_block: bytes, timestamp: str, signature: str
) -> bool:
    return hmac.compare_digest(expected_signature(challenge, secret_block, timestamp), signature)


class SrpSessions:
    """Open challenges by their SECRET_BLOCK, each with moto's session id; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, tuple[SrpChallenge, str]] = {}

    def open(self, challenge: SrpChallenge, moto_session: str) -> str:
        secret_block = base64.standard_b64encode(os.urandom(96) + moto_session.encode()).decode()
        with self._lock:
            self._open[secret_block] = (challenge, moto_session)
        return secret_block

    def take(self, secret_block: str) -> tuple[SrpChallenge, str] | None:
        with self._lock:
            return self._open.pop(secret_block, None)

    def clear(self) -> None:
        with self._lock:
            self._open.clear()

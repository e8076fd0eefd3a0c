"""Proving ownership: the emulator answers a client's fresh nonce with an HMAC keyed by its
secret access key, which only its owner can read (in the owner's 0600 credentials file).

A client reuses an emulator only when the answer matches what its own credentials give
(helpers/backend.py); "it answered 200" proves nothing on a shared host. The HMAC's message
starts with a label of its own, so an answer can never stand in for a SigV4 signature (whose
key is ``AWS4`` + secret, chained over a date and scope).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PROOF_PATH = "/_emulator/proof"
_LABEL = b"cognito-authorizer-workbook emulator ownership proof\n"
NONCE = re.compile(r"^[0-9a-f]{32,128}$")


def new_nonce() -> str:
    return secrets.token_hex(32)


def answer(secret_access_key: str, nonce: str) -> str:
    return hmac.new(secret_access_key.encode(), _LABEL + nonce.encode(), hashlib.sha256).hexdigest()


def matches(secret_access_key: str, nonce: str, proof: object) -> bool:
    return isinstance(proof, str) and hmac.compare_digest(answer(secret_access_key, nonce), proof)

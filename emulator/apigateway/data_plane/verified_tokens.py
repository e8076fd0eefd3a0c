"""Tokens whose signature the emulator has verified, so a token is verified once, not on
every request.

Only the RS256 check is remembered (it is the costly part, about 0.3 ms), keyed by the whole
token and the key it verified against; every other check of the Cognito authorizer (the
issuer, ``exp`` against the emulator clock, ``token_use`` and the method's scopes) still runs
on every request, so a cached token that has expired is refused like any other. A failed
check is not remembered. The cache is bounded (least recently used first out) and cleared by
``POST /_emulator/reset``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from awsrules.apigateway.cognito_authorizer import signature_verifies

MAX_TOKENS = 10_000


class VerifiedTokens:
    def __init__(self, max_tokens: int = MAX_TOKENS) -> None:
        self._max = max_tokens
        self._lock = threading.Lock()
        self._verified: OrderedDict[tuple[str, str, str], None] = OrderedDict()

    def verify(self, token: str, jwk: Mapping[str, Any]) -> bool:
        key = (token, str(jwk.get("kid")), str(jwk.get("n")))
        with self._lock:
            if key in self._verified:
                self._verified.move_to_end(key)
                return True
        if not signature_verifies(token, jwk):
            return False
        with self._lock:
            self._verified[key] = None
            while len(self._verified) > self._max:
                self._verified.popitem(last=False)
        return True

    def clear(self) -> None:
        with self._lock:
            self._verified.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._verified)

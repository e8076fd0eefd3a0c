"""The Lambda authorizer result cache (``authorizerResultTtlInSeconds``).

[doc] CreateAuthorizer: "The TTL in seconds of cached authorizer results. If it equals 0,
authorization caching is disabled ... the default value is 300. The maximum value is 3600";
the identity sources "will be used to derive the authorization caching key". What is cached
is the authorizer's *output* (principal, policy, context): the policy is evaluated again for
every method ARN, so a policy that allows only ``GET/users`` and was cached on a GET denies a
later ``POST /users`` with the same token (the well-known gotcha; API Gateway Developer Guide,
apigateway-use-lambda-authorizer, and many community reports).

Keys are (api, stage, authorizer id, identity values) [inferred: the stage is part of the key
so one stage's result never serves another]. Time is the emulator clock, so tests can expire
entries with ``POST /_emulator/clock``. Entries are dropped on ``/_emulator/reset`` and when
the API is deployed again [inferred: a deployment gives the stage a fresh authorizer].
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from awsrules.apigateway.lambda_authorizer_policy import AuthorizerResult

CacheKey = tuple[str, str, str, tuple[str | None, ...]]


@dataclass(frozen=True)
class _Entry:
    result: AuthorizerResult
    expires_at: float


class LambdaAuthorizerCache:
    """Thread-safe; expired entries are dropped when they are read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[CacheKey, _Entry] = {}

    def get(self, key: CacheKey, now: float) -> AuthorizerResult | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires_at <= now:
                del self._entries[key]
                return None
            return entry.result

    def put(self, key: CacheKey, result: AuthorizerResult, now: float, ttl_seconds: int) -> None:
        with self._lock:
            self._entries[key] = _Entry(result, now + ttl_seconds)

    def clear_api(self, api_id: str) -> None:
        with self._lock:
            for key in [k for k in self._entries if k[0] == api_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

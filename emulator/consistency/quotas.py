"""Request-rate quotas as token buckets, one per quota row and scope (the account, a pool).

A bucket holds ``burst`` tokens and refills at ``requests`` per scaled window; a request
takes one token from every bucket it is held to, or, if any is empty, takes none and is
refused. Times come from the monotonic clock, so nothing sleeps. A bucket that has filled
up again is dropped: memory holds only the quotas in use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from emulator.consistency.behaviours import Quota
from emulator.consistency.settings import Settings


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Quotas:
    def __init__(self, settings: Settings, now: Callable[[], float]) -> None:
        self._settings = settings
        self._now = now
        self._lock = threading.Lock()
        self._buckets: dict[tuple[Quota, str], _Bucket] = {}

    def admit(self, holds: Sequence[tuple[Quota, str]]) -> bool:
        """Take a token for each (quota, scope) in ``holds``; False (and take none) when
        any is exhausted. Always True in immediate mode."""
        if not self._settings.eventual:
            return True
        now = self._now()
        with self._lock:
            buckets = [self._bucket(quota, scope, now) for quota, scope in holds]
            if any(bucket.tokens < 1 for bucket in buckets):
                return False
            for bucket in buckets:
                bucket.tokens -= 1
            self._drop_full(now)
            return True

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)

    def _rate(self, quota: Quota) -> float:
        return quota.requests / self._settings.window(quota)

    def _bucket(self, quota: Quota, scope: str, now: float) -> _Bucket:
        bucket = self._buckets.setdefault((quota, scope), _Bucket(quota.burst, now))
        refill = (now - bucket.updated) * self._rate(quota)
        bucket.tokens = min(float(quota.burst), bucket.tokens + max(refill, 0.0))
        bucket.updated = now
        return bucket

    def _drop_full(self, now: float) -> None:
        """Forget buckets that would be full by now (they start full when next used)."""
        for (quota, scope), bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self._rate(quota) >= quota.burst:
                del self._buckets[(quota, scope)]

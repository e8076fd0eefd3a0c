"""Records of things still propagating: each ends at a time, and is dropped once it has.

A hook starts a record when AWS would start propagating (a new role, a deployment, a
function ...) and asks, later, whether it is still pending. Nothing sleeps: the answer is
read from the record's end time and the monotonic clock. Expired records are dropped on
every write, so memory holds only what is pending now. In immediate mode nothing is
recorded at all.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from emulator.consistency.behaviours import Delay
from emulator.consistency.consistency import Consistency

K = TypeVar("K")
V = TypeVar("V")


class Pending(Generic[K, V]):
    """Things pending for one ``Delay`` of the table, by key, each with a value."""

    def __init__(self, consistency: Consistency, delay: Delay) -> None:
        self._consistency = consistency
        self.delay = delay
        self._lock = threading.Lock()
        self._records: dict[K, tuple[float, V]] = {}

    def start(self, key: K, value: V) -> None:
        """``key`` is pending from now for the delay (a no-op without one)."""
        ends_at = self._consistency.ends_at(self.delay)
        if ends_at is None:
            return
        with self._lock:
            self._drop_expired(self._consistency.now())
            self._records[key] = (ends_at, value)

    def get(self, key: K) -> V | None:
        """The value of ``key`` while it is pending, else None."""
        with self._lock:
            record = self._records.get(key)
            if record is None:
                return None
            if record[0] <= self._consistency.now():
                del self._records[key]
                return None
            return record[1]

    def pending(self, key: K) -> bool:
        return self.get(key) is not None

    def items(self) -> list[tuple[K, V]]:
        """Everything pending now."""
        with self._lock:
            self._drop_expired(self._consistency.now())
            return [(key, value) for key, (_, value) in self._records.items()]

    def forget(self, key: K) -> None:
        with self._lock:
            self._records.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def _drop_expired(self, now: float) -> None:
        for key in [key for key, (ends_at, _) in self._records.items() if ends_at <= now]:
            del self._records[key]

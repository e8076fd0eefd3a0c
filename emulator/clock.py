"""The emulator's clock: wall time plus an offset that tests may move forward.

Token expiry is checked against this clock, so a 1-hour token can expire in a test without a
1-hour wait. ``monotonic()`` is the time eventual consistency counts in
(emulator/consistency/): it moves forward with ``advance`` too, but ``reset`` never moves it
back, so a delay never restarts.
"""

from __future__ import annotations

import math
import threading
import time


class Clock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._advanced = 0.0

    def now(self) -> float:
        return time.time() + self._offset

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back: the process's monotonic clock plus
        every ``advance`` so far."""
        return time.monotonic() + self._advanced

    def advance(self, seconds: float) -> float:
        if not math.isfinite(seconds):  # NaN would make every later time NaN
            raise ValueError(f"the clock moves by a finite number of seconds, not {seconds}")
        with self._lock:
            self._offset += seconds
            self._advanced += max(seconds, 0.0)
            return self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0

    @property
    def offset(self) -> float:
        return self._offset

"""Fakes for the waits: a clock that moves only when slept on, and a captured wait line."""

from __future__ import annotations

import io

import pytest
from botocore.exceptions import ClientError

from helpers import waits


class FakeClock:
    """``monotonic()`` and ``sleep()``: sleeping moves the time on, nothing really waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def captured_progress() -> tuple[waits.Progress, io.StringIO]:
    stream = io.StringIO()
    return waits.Progress(stream), stream


def use_fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Make every wait in the helpers use a fake clock (and keep the learner's line quiet)."""
    clock = FakeClock()
    monkeypatch.setattr(waits, "CLOCK", clock)
    monkeypatch.setattr(waits, "PROGRESS", waits.Progress(io.StringIO()))
    return clock


def client_error(code: str, message: str = "", operation: str = "Operation") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)

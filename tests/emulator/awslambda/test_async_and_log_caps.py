"""Event invocations on a bounded pool (docs/aws-behaviour.md 24.7); the log-group cap
(24.9) is tested with the bridge, tests/emulator/moto_bridge/test_logs.py."""

from __future__ import annotations

import threading

import pytest

from emulator.awslambda.async_invoke import AsyncInvoker
from emulator.errors import AwsError


def test_event_invocations_beyond_the_queue_are_too_many_requests() -> None:
    release = threading.Event()
    invoker = AsyncInvoker(threads=1, queue_size=1)
    invoker.submit(release.wait)  # taken by the one thread
    while invoker.pending():
        pass
    invoker.submit(release.wait)  # waits in the queue
    with pytest.raises(AwsError) as caught:
        invoker.submit(release.wait)
    release.set()
    assert (caught.value.status, caught.value.code, caught.value.message) == (
        429,
        "TooManyRequestsException",
        "Rate Exceeded.",
    )


def test_event_invocations_run_on_a_fixed_number_of_threads() -> None:
    release = threading.Event()
    names: set[str] = set()
    invoker = AsyncInvoker(threads=2, queue_size=50)
    done = threading.Semaphore(0)

    def job() -> None:
        names.add(threading.current_thread().name)
        done.release()

    for _ in range(40):
        invoker.submit(job)
    for _ in range(40):
        done.acquire(timeout=5)
    release.set()
    assert len(names) <= 2

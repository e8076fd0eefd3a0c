"""Event invocations on a bounded pool, and log groups capped in memory
(docs/aws-behaviour.md 22.7, 22.9)."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest
from moto.logs.models import logs_backends

from emulator.awslambda.async_invoke import AsyncInvoker
from emulator.errors import AwsError
from emulator.moto_bridge import ACCOUNT_ID
from emulator.moto_bridge.logs import put_log_lines, trim_group


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


def test_log_group_keeps_its_newest_events_within_the_cap() -> None:
    group, region = "/aws/lambda/cap-test", "eu-west-3"
    base = int(time.time() * 1000)
    for batch in range(5):
        events = [(base + batch * 100 + n, f"line {batch * 100 + n}") for n in range(100)]
        put_log_lines(region, group, f"stream-{batch % 2}", events)
    log_group = logs_backends[ACCOUNT_ID][region].groups[group]
    dropped = trim_group(log_group, max_events=150)
    kept = sorted(e.timestamp - base for s in log_group.streams.values() for e in s.events)
    logs_backends[ACCOUNT_ID][region].delete_log_group(group)
    assert (dropped, len(kept), kept[0], kept[-1]) == (350, 150, 350, 499)


def test_log_events_dropped_by_the_cap_are_freed() -> None:
    """moto tracks every model instance it creates; the bridge lets the dropped ones go."""
    group, region = "/aws/lambda/freed-test", "eu-west-3"
    base = int(time.time() * 1000)
    put_log_lines(region, group, "s", [(base, "first")])
    log_group = logs_backends[ACCOUNT_ID][region].groups[group]
    first = weakref.ref(log_group.streams["s"].events[0])
    put_log_lines(region, group, "s", [(base + 1, "second")])
    trim_group(log_group, max_events=1)
    gc.collect()
    logs_backends[ACCOUNT_ID][region].delete_log_group(group)
    assert first() is None

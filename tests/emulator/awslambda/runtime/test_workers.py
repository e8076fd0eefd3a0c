"""Warm workers: reuse, replacement on new code, growth under load, reset and shutdown."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter

import pytest

from emulator.awslambda.runtime import FunctionSpec, LambdaRuntime

from .conftest import SpecFactory

PID_APP = """
import os, time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return os.getpid()
"""


def _pid(runtime: LambdaRuntime, spec: FunctionSpec, payload: bytes = b"{}") -> int:
    result = runtime.invoke(spec, payload)
    pid: int = json.loads(result.payload)
    return pid


def test_warm_worker_is_reused_across_invocations(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PID_APP})

    assert _pid(runtime, spec) == _pid(runtime, spec)


def test_new_code_for_the_same_function_runs_on_a_new_worker(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    old_pid = _pid(runtime, make_spec({"app.py": PID_APP}))

    new_pid = _pid(runtime, make_spec({"app.py": PID_APP + "\n# v2\n"}))

    assert new_pid != old_pid


def test_new_code_stops_the_old_workers(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    old_pid = _pid(runtime, make_spec({"app.py": PID_APP}))

    _pid(runtime, make_spec({"app.py": PID_APP + "\n# v2\n"}))

    with pytest.raises(ProcessLookupError):
        os.kill(old_pid, 0)


def test_new_configuration_runs_on_a_new_worker(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    old_pid = _pid(runtime, make_spec({"app.py": PID_APP}))

    new_pid = _pid(runtime, make_spec({"app.py": PID_APP}, environment=(("STAGE", "prod"),)))

    assert new_pid != old_pid


def test_busy_workers_make_the_pool_grow_up_to_its_limit(make_spec: SpecFactory) -> None:
    limited = LambdaRuntime(max_workers_per_spec=2)
    spec = make_spec({"app.py": PID_APP})
    pids: list[int] = []

    def call() -> None:
        pids.append(_pid(limited, spec, b'{"sleep": 0.3}'))

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    limited.shutdown()

    assert sorted(Counter(pids).values()) == [2, 2]


def test_concurrent_invocations_all_succeed(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    return event['n'] * 2\n"})
    outcomes: list[tuple[int, str | None, bytes]] = []

    def call_many(thread_number: int) -> None:
        for n in range(thread_number * 100, thread_number * 100 + 50):
            result = runtime.invoke(spec, json.dumps({"n": n}).encode())
            outcomes.append((n, result.function_error, result.payload))

    threads = [threading.Thread(target=call_many, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(
        (n, None, str(n * 2).encode()) for t in range(8) for n in range(t * 100, t * 100 + 50)
    )


def test_reset_stops_workers_and_the_runtime_stays_usable(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PID_APP})
    old_pid = _pid(runtime, spec)

    runtime.reset()

    assert _pid(runtime, spec) != old_pid


def test_invoke_after_shutdown_raises(make_spec: SpecFactory) -> None:
    lambda_runtime = LambdaRuntime()
    lambda_runtime.shutdown()

    with pytest.raises(RuntimeError, match="after shutdown"):
        lambda_runtime.invoke(make_spec({"app.py": PID_APP}), b"{}")


def test_unknown_runtime_returns_runtime_invalid_entrypoint(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PID_APP}, runtime="java21")

    result = runtime.invoke(spec, b"{}", request_id="r")
    error = json.loads(result.payload)

    assert (result.function_error, error["errorType"]) == ("Unhandled", "Runtime.InvalidEntrypoint")
    assert error["errorMessage"].startswith("RequestId: r Error: The emulator cannot run runtime")

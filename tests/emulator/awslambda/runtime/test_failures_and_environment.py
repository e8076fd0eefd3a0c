"""Timeouts, exiting runtimes and the function's environment, as Lambda has them."""

from __future__ import annotations

import json
import os
import time

import pytest

from emulator.awslambda.runtime import LambdaRuntime

from .conftest import SpecFactory

SLEEPY = """
import time
def handler(event, context):
    if event.get("sleep"):
        time.sleep(event["sleep"])
    return "awake"
"""

EXITING = """
import os, sys
def handler(event, context):
    if event.get("os_exit") is not None:
        os._exit(event["os_exit"])
    if event.get("sys_exit") is not None:
        sys.exit(event["sys_exit"])
    return os.getpid()
"""

ENV_APP = """
import os
def handler(event, context):
    return {name: os.environ.get(name) for name in event}
"""


def test_timeout_returns_sandbox_timedout_after_the_configured_timeout(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": SLEEPY}, timeout_seconds=1)
    runtime.invoke(spec, b"{}")  # warm up, so the measure is the invoke phase only

    started = time.monotonic()
    result = runtime.invoke(spec, b'{"sleep": 30}', request_id="req-slow")
    elapsed = time.monotonic() - started

    assert (result.function_error, json.loads(result.payload)) == (
        "Unhandled",
        {
            "errorMessage": "RequestId: req-slow Error: Task timed out after 1.00 seconds",
            "errorType": "Sandbox.Timedout",
        },
    )
    assert 0.95 < elapsed < 1.5


def test_timeout_writes_task_timed_out_line_and_report_status(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": SLEEPY}, timeout_seconds=1)

    lines = runtime.invoke(spec, b'{"sleep": 30}', request_id="req-slow").log_lines

    assert lines[-3].endswith(" req-slow Task timed out after 1.00 seconds")
    assert lines[-1].endswith("\tStatus: timeout")


def test_invocation_after_a_timeout_succeeds(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": SLEEPY}, timeout_seconds=1)
    runtime.invoke(spec, b'{"sleep": 30}')

    result = runtime.invoke(spec, b"{}")

    assert (result.function_error, result.payload) == (None, b'"awake"')


def test_os_exit_returns_runtime_exit_error_with_exit_status(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": EXITING})

    result = runtime.invoke(spec, b'{"os_exit": 3}', request_id="req-exit")

    assert (result.function_error, json.loads(result.payload)) == (
        "Unhandled",
        {
            "errorMessage": "RequestId: req-exit Error: Runtime exited with error: exit status 3",
            "errorType": "Runtime.ExitError",
        },
    )


def test_invocation_after_os_exit_runs_on_a_new_worker(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": EXITING})
    first_pid = json.loads(runtime.invoke(spec, b"{}").payload)
    runtime.invoke(spec, b'{"os_exit": 1}')

    result = runtime.invoke(spec, b"{}")

    assert result.function_error is None
    assert json.loads(result.payload) != first_pid


def test_sys_exit_returns_runtime_exit_error_with_exit_status(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": EXITING})

    error = json.loads(runtime.invoke(spec, b'{"sys_exit": 2}', request_id="r").payload)

    assert error["errorMessage"] == "RequestId: r Error: Runtime exited with error: exit status 2"


def test_sys_exit_zero_returns_runtime_exited_without_providing_a_reason(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": EXITING})

    error = json.loads(runtime.invoke(spec, b'{"sys_exit": 0}', request_id="r").payload)

    assert error["errorMessage"] == "RequestId: r Error: Runtime exited without providing a reason"


def test_exit_error_report_line_has_error_status(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": EXITING})

    lines = runtime.invoke(spec, b'{"os_exit": 1}').log_lines

    assert lines[-1].endswith("\tStatus: error\tError Type: Runtime.ExitError")


def test_lambda_environment_variables_are_set(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    names = [
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_EXECUTION_ENV",
        "_HANDLER",
        "TZ",
        "AWS_ENDPOINT_URL",
    ]
    spec = make_spec({"app.py": ENV_APP})

    seen = json.loads(runtime.invoke(spec, json.dumps(names).encode()).payload)

    assert seen == {
        "AWS_LAMBDA_FUNCTION_NAME": "alice-users",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/alice-users",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
        "_HANDLER": "app.handler",
        "TZ": ":UTC",
        "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
    }


def test_task_root_is_working_directory_and_lambda_task_root(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    app = (
        "import os\ndef handler(e, c):\n    return [os.getcwd(), os.environ['LAMBDA_TASK_ROOT']]\n"
    )
    spec = make_spec({"app.py": app})

    cwd, task_root = json.loads(runtime.invoke(spec, b"{}").payload)

    assert os.path.samefile(cwd, task_root)


def test_function_variables_override_emulator_variables(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec(
        {"app.py": ENV_APP},
        environment=(("AWS_ENDPOINT_URL", "http://elsewhere"), ("TABLE", "users")),
    )

    seen = json.loads(runtime.invoke(spec, b'["AWS_ENDPOINT_URL", "TABLE"]').payload)

    assert seen == {"AWS_ENDPOINT_URL": "http://elsewhere", "TABLE": "users"}


def test_host_aws_credentials_are_not_visible_to_the_function(
    runtime: LambdaRuntime, make_spec: SpecFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "host-secret")
    monkeypatch.setenv("AWS_PROFILE", "host-profile")
    spec = make_spec({"app.py": ENV_APP})

    seen = json.loads(runtime.invoke(spec, b'["AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]').payload)

    assert seen == {"AWS_SECRET_ACCESS_KEY": "emulator-fake-secret-access-key", "AWS_PROFILE": None}

"""Node.js functions, as AWS's Node.js runtime client runs them (skipped without node)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from emulator.awslambda.runtime import LambdaRuntime

from .conftest import SpecFactory

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

ASYNC_APP = """
exports.handler = async (event, context) => {
  console.log('hello', event.name);
  return { greeting: `hi ${event.name}` };
};
"""

CONTEXT_APP = """
exports.handler = async (event, context) => ({
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  invokedFunctionArn: context.invokedFunctionArn,
  memoryLimitInMB: context.memoryLimitInMB,
  awsRequestId: context.awsRequestId,
  logGroupName: context.logGroupName,
  remainingOk: context.getRemainingTimeInMillis() > 0,
});
"""


@needs_node
def test_node_async_handler_result_is_json_payload(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"index.js": ASYNC_APP}, handler="index.handler", runtime="nodejs20.x")

    result = runtime.invoke(spec, b'{"name": "alice"}')

    assert (result.function_error, result.payload) == (None, b'{"greeting":"hi alice"}')


@needs_node
def test_node_console_log_line_has_time_request_id_and_level(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"index.js": ASYNC_APP}, handler="index.handler", runtime="nodejs20.x")

    lines = runtime.invoke(spec, b'{"name": "alice"}', request_id="r1").log_lines

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tr1\tINFO\thello alice", lines[1])


@needs_node
def test_node_callback_handler_result_is_json_payload(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    app = "exports.handler = (event, context, callback) => callback(null, event.n + 1);\n"
    spec = make_spec({"index.js": app}, handler="index.handler", runtime="nodejs20.x")

    assert runtime.invoke(spec, b'{"n": 41}').payload == b"42"


@needs_node
def test_node_esm_module_handler_is_imported(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    app = "export const handler = async (event) => ({ esm: true, event });\n"
    spec = make_spec({"app.mjs": app}, handler="app.handler", runtime="nodejs20.x")

    assert json.loads(runtime.invoke(spec, b"7").payload) == {"esm": True, "event": 7}


@needs_node
def test_node_handler_that_throws_returns_unhandled_with_error_object(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    app = "exports.handler = async () => { throw new TypeError('bad input'); };\n"
    spec = make_spec({"index.js": app}, handler="index.handler", runtime="nodejs20.x")

    result = runtime.invoke(spec, b"{}")
    error = json.loads(result.payload)

    assert (result.function_error, list(error), error["errorType"], error["errorMessage"]) == (
        "Unhandled",
        ["errorType", "errorMessage", "trace"],
        "TypeError",
        "bad input",
    )


@needs_node
def test_node_missing_module_returns_runtime_import_module_error(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"other.js": ""}, handler="index.handler", runtime="nodejs20.x")

    error = json.loads(runtime.invoke(spec, b"{}").payload)

    assert error["errorType"] == "Runtime.ImportModuleError"
    assert error["errorMessage"].startswith("Error: Cannot find module 'index'")


@needs_node
def test_node_missing_export_returns_runtime_handler_not_found(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"index.js": ASYNC_APP}, handler="index.missing", runtime="nodejs20.x")

    error = json.loads(runtime.invoke(spec, b"{}").payload)

    assert (error["errorType"], error["errorMessage"]) == (
        "Runtime.HandlerNotFound",
        "index.missing is undefined or not exported",
    )


@needs_node
def test_node_context_has_camel_case_fields(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    spec = make_spec({"index.js": CONTEXT_APP}, handler="index.handler", runtime="nodejs20.x")

    context = json.loads(runtime.invoke(spec, b"{}", request_id="req-ctx").payload)

    assert context == {
        "functionName": "alice-users",
        "functionVersion": "$LATEST",
        "invokedFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:alice-users",
        "memoryLimitInMB": "128",
        "awsRequestId": "req-ctx",
        "logGroupName": "/aws/lambda/alice-users",
        "remainingOk": True,
    }


def test_node_runtime_without_node_returns_runtime_invalid_entrypoint(
    runtime: LambdaRuntime, make_spec: SpecFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("emulator.awslambda.runtime.environment.shutil.which", lambda name: None)
    spec = make_spec({"index.js": ASYNC_APP}, handler="index.handler", runtime="nodejs20.x")

    result = runtime.invoke(spec, b"{}", request_id="r")
    error = json.loads(result.payload)

    assert (result.function_error, error["errorType"]) == ("Unhandled", "Runtime.InvalidEntrypoint")
    assert "no 'node' executable was found on PATH" in error["errorMessage"]


@needs_node
def test_nodejs20_runs_with_lambdas_no_experimental_require_module_flag_docs_27_2() -> None:
    from emulator.awslambda.runtime.environment import lambda_node_flags

    node = shutil.which("node")
    assert node is not None

    assert lambda_node_flags("nodejs20.x", node) == ["--no-experimental-require-module"]


@needs_node
def test_nodejs22_also_disables_module_detection_docs_27_2() -> None:
    from emulator.awslambda.runtime.environment import lambda_node_flags

    node = shutil.which("node")
    assert node is not None

    assert lambda_node_flags("nodejs22.x", node) == [
        "--no-experimental-require-module",
        "--no-experimental-detect-module",
    ]


@needs_node
def test_node_options_re_enable_flag_removes_lambdas_disable_flag_docs_27_2() -> None:
    from emulator.awslambda.runtime.environment import lambda_node_flags

    node = shutil.which("node")
    assert node is not None

    assert lambda_node_flags("nodejs22.x", node, "--experimental-detect-module") == [
        "--no-experimental-require-module"
    ]


def test_sandboxed_node_that_others_cannot_read_falls_back_or_answers_unsupported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from emulator.awslambda.runtime import environment

    monkeypatch.setattr(
        "emulator.awslambda.runtime.environment.shutil.which", lambda name: "/root/.nvm/bin/node"
    )
    monkeypatch.setattr(environment, "sandbox_node", lambda node: None)

    with pytest.raises(environment.UnsupportedRuntime, match="no 'node' executable readable"):
        environment.launch_command("nodejs20.x", sandboxed=True)

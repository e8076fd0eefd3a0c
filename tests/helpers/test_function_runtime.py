"""WORKBOOK_FUNCTION_RUNTIME chooses the users function (helpers/config.py,
helpers/awslambda.py)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile

import pytest

from helpers import awslambda, iam
from helpers.backend import Workbook
from helpers.config import FunctionRuntime, load_config
from helpers.errors import WorkbookError


def test_function_runtime_defaults_to_python312() -> None:
    assert load_config({}).function_runtime == "python3.12"


def test_function_runtime_nodejs20_is_read_from_the_environment() -> None:
    assert load_config({"WORKBOOK_FUNCTION_RUNTIME": "nodejs20.x"}).function_runtime == (
        "nodejs20.x"
    )


def test_unknown_function_runtime_is_a_workbook_error_listing_the_choices() -> None:
    with pytest.raises(WorkbookError) as caught:
        load_config({"WORKBOOK_FUNCTION_RUNTIME": "ruby3.3"})

    assert str(caught.value) == (
        "WORKBOOK_FUNCTION_RUNTIME='ruby3.3' is not a runtime the workbook deploys. Set it to "
        "'python3.12' or 'nodejs20.x' (lambda_src/users/app.py, the default, or "
        "lambda_src/users_node/index.mjs), or unset it."
    )


def test_node_source_is_index_mjs_with_handler_index_handler() -> None:
    source = awslambda.FUNCTION_SOURCES["nodejs20.x"]
    names = zipfile.ZipFile(io.BytesIO(awslambda.package_function(source.source_dir))).namelist()

    assert (source.runtime, source.handler, names) == ("nodejs20.x", "index.handler", ["index.mjs"])


def test_python_source_is_app_py_with_handler_app_lambda_handler() -> None:
    source = awslambda.FUNCTION_SOURCES["python3.12"]
    names = zipfile.ZipFile(io.BytesIO(awslambda.package_function(source.source_dir))).namelist()

    assert (source.runtime, source.handler, names) == (
        "python3.12",
        "app.lambda_handler",
        ["app.py"],
    )


def _with_runtime(wb: Workbook, runtime: FunctionRuntime) -> Workbook:
    return dataclasses.replace(wb, config=dataclasses.replace(wb.config, function_runtime=runtime))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_rerun_with_another_runtime_updates_code_and_configuration(wb: Workbook) -> None:
    role = iam.create_execution_role(wb)
    first = awslambda.create_function(_with_runtime(wb, "python3.12"), role.arn)
    node_wb = _with_runtime(wb, "nodejs20.x")

    second = awslambda.create_function(node_wb, role.arn)
    result = awslambda.invoke_function(node_wb, {"httpMethod": "GET", "path": "/users"})

    assert (first.runtime, second.runtime, second.handler, second.arn == first.arn) == (
        "python3.12",
        "nodejs20.x",
        "index.handler",
        True,
    )
    assert (second.code_sha256 != first.code_sha256, result.payload) == (
        True,
        {
            "statusCode": 200,
            "headers": {"Content-Type": "application/json"},
            "body": '"Testing Lambda from API Gateway"',
        },
    )

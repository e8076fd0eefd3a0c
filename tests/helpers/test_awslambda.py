"""Lambda helpers against the session's emulator."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from helpers import apigateway, awslambda, iam, sweep
from helpers.awslambda import FunctionInfo
from helpers.backend import Workbook
from helpers.errors import WorkbookError


@pytest.fixture
def function(wb: Workbook) -> FunctionInfo:
    role = iam.create_execution_role(wb)
    return awslambda.create_function(wb, role.arn)


def test_package_is_reproducible_and_holds_only_app_py() -> None:
    first, second = awslambda.package_function(), awslambda.package_function()
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist() == ["app.py"]


def test_find_function_returns_none_when_absent(wb: Workbook) -> None:
    assert awslambda.find_function(wb) is None


def test_create_function_waits_until_active(function: FunctionInfo) -> None:
    assert (function.state, function.runtime, function.handler) == (
        "Active",
        "python3.12",
        "app.lambda_handler",
    )


def test_create_function_twice_reuses_the_function(wb: Workbook, function: FunctionInfo) -> None:
    again = awslambda.create_function(wb, function.role)
    assert again.arn == function.arn
    listed = sweep.list_function_names_and_arns(wb)
    assert [name for name, _ in listed if name == function.name] == [function.name]


def test_invoke_returns_the_tutorial_body(wb: Workbook, function: FunctionInfo) -> None:
    result = awslambda.invoke_function(wb, {"httpMethod": "GET", "path": "/users"})
    assert (result.status_code, result.function_error) == (200, None)
    assert json.loads(result.payload["body"]) == "Testing Lambda from API Gateway"


def test_invoke_of_a_missing_function_says_which_notebook_to_run(wb: Workbook) -> None:
    with pytest.raises(
        WorkbookError,
        match=r"does not exist \(ResourceNotFoundException\)\. Run notebook 01_lambda",
    ):
        awslambda.invoke_function(wb, {})


def test_add_permission_is_get_or_create(wb: Workbook, function: FunctionInfo) -> None:
    source_arn = apigateway.execute_api_source_arn(
        "us-east-1", "123456789012", "abc1234567", "GET", "/users"
    )
    awslambda.add_permission(wb, source_arn)
    awslambda.add_permission(wb, source_arn)
    assert [s.source_arn for s in awslambda.get_permissions(wb)] == [source_arn]


def test_add_permission_replaces_a_statement_for_another_api(
    wb: Workbook, function: FunctionInfo
) -> None:
    old = apigateway.execute_api_source_arn(
        "us-east-1", "123456789012", "old1234567", "GET", "/users"
    )
    new = apigateway.execute_api_source_arn(
        "us-east-1", "123456789012", "new1234567", "GET", "/users"
    )
    awslambda.add_permission(wb, old)
    statement = awslambda.add_permission(wb, new)
    assert (statement.principal, statement.action, statement.source_arn) == (
        "apigateway.amazonaws.com",
        "lambda:InvokeFunction",
        new,
    )
    assert len(awslambda.get_permissions(wb)) == 1

"""Shared fixtures for the unit tests. The session's emulator comes from the root conftest.py
(`emulator_url`); `wb` is a Workbook on it with a prefix of its own, cleaned up after."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# tests/helpers/ must never shadow the real `helpers` package.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from helpers import apigateway, awslambda, cleanup, connect, iam, load_config  # noqa: E402
from helpers.backend import Workbook  # noqa: E402
from tests.course import OpenApi  # noqa: E402


@pytest.fixture
def wb(emulator_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workbook]:
    """A Workbook on the session's emulator with a prefix of its own; cleaned up after."""
    monkeypatch.setenv("WORKBOOK_PREFIX", f"t{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("WORKBOOK_REGION", "us-east-1")
    workbook = connect(load_config())
    yield workbook
    cleanup.delete_everything(workbook)


@pytest.fixture
def open_api(wb: Workbook) -> OpenApi:
    role = iam.create_execution_role(wb)
    function = awslambda.create_function(wb, role.arn)
    api = apigateway.create_rest_api(wb)
    users_id = apigateway.create_resource(wb, api)
    apigateway.put_method(wb, api.id, users_id)
    apigateway.put_lambda_integration(wb, api.id, users_id, function.arn)
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id))
    apigateway.create_deployment(wb, api.id, "open")
    return OpenApi(api, users_id, function)

"""Shared fixtures for the unit tests. The session's emulator comes from the root conftest.py
(`emulator_url`); `wb` is a Workbook on it with a prefix of its own, cleaned up after.

`shared_wb` and `shared_stack` are built once per test module, for the tests that only read
them: building a stack is most of a unit test's time. Each has a prefix (or suffix) of its own
and is cleaned up after the module's last test; `shared_stack` checks at teardown that no test
changed it (tests/helpers/readonly.py), and a module's own shared fixtures built on `shared_wb`
do the same. A test that changes its stack takes the function-scoped `wb` or `stack`."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# tests/helpers/ must never shadow the real `helpers` package.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from helpers import apigateway, awslambda, cleanup, connect, iam, load_config  # noqa: E402
from helpers.backend import Workbook  # noqa: E402
from tests.course import OpenApi  # noqa: E402
from tests.helpers import readonly  # noqa: E402

if TYPE_CHECKING:
    from tests.emulator.conftest import Stack


@pytest.fixture
def wb(emulator_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workbook]:
    """A Workbook on the session's emulator with a prefix of its own; cleaned up after."""
    monkeypatch.setenv("WORKBOOK_PREFIX", f"t{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("WORKBOOK_REGION", "us-east-1")
    workbook = connect(load_config())
    yield workbook
    cleanup.delete_everything(workbook)


def _build_open_api(wb: Workbook) -> OpenApi:
    role = iam.create_execution_role(wb)
    function = awslambda.create_function(wb, role.arn)
    api = apigateway.create_rest_api(wb)
    users_id = apigateway.create_resource(wb, api)
    apigateway.put_method(wb, api.id, users_id)
    apigateway.put_lambda_integration(wb, api.id, users_id, function.arn)
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id))
    apigateway.create_deployment(wb, api.id, "open")
    return OpenApi(api, users_id, function)


@pytest.fixture
def open_api(wb: Workbook) -> OpenApi:
    return _build_open_api(wb)


def _workbook(prefix: str) -> Workbook:
    """A Workbook as `wb` makes it, with another prefix, without changing os.environ."""
    return connect(
        load_config({**os.environ, "WORKBOOK_PREFIX": prefix, "WORKBOOK_REGION": "us-east-1"})
    )


@pytest.fixture(scope="module")
def shared_wb(emulator_url: str) -> Iterator[Workbook]:
    """A Workbook for one module's shared, read-only stack: a prefix of its own (``s...``),
    cleaned up after the module's last test."""
    workbook = _workbook(f"s{uuid.uuid4().hex[:8]}")
    yield workbook
    cleanup.delete_everything(workbook)


@pytest.fixture(scope="module")
def shared_open_api(shared_wb: Workbook) -> OpenApi:
    """`open_api` on `shared_wb`, for a module's shared fixtures to build on; they guard it."""
    return _build_open_api(shared_wb)


def _delete_stack(stack: Stack) -> None:
    clients: dict[str, Any] = stack.clients
    role_arn = clients["lambda"].get_function_configuration(FunctionName=stack.function_name)[
        "Role"
    ]
    clients["apigateway"].delete_rest_api(restApiId=stack.api_id)
    clients["lambda"].delete_function(FunctionName=stack.function_name)
    clients["iam"].delete_role(RoleName=role_arn.rsplit("/", 1)[1])
    clients["cognito-idp"].delete_user_pool(UserPoolId=stack.pool_id)
    group = f"/aws/lambda/{stack.function_name}"
    if clients["logs"].describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
        clients["logs"].delete_log_group(logGroupName=group)


def _shared_stack(emulator_url: str, secured: bool) -> Iterator[Stack]:
    from tests.emulator.conftest import build_stack

    session = _workbook("shared").session
    clients = {name: session.client(name, endpoint_url=emulator_url) for name in readonly.SERVICES}
    stack = build_stack(emulator_url, clients)
    if secured:
        stack.attach_authorizer()
        stack.deploy()
    shared = readonly.SharedResources((stack.api_id,), (stack.function_name,), (stack.pool_id,))
    try:
        with readonly.guarded(clients, shared):
            yield stack
    finally:
        _delete_stack(stack)


@pytest.fixture(scope="module")
def shared_stack(emulator_url: str) -> Iterator[Stack]:
    """`stack` (tests/emulator/conftest.py::build_stack) built once for one module's tests
    that only read it; fails at teardown if one of them changed it, then deletes it."""
    yield from _shared_stack(emulator_url, secured=False)


@pytest.fixture(scope="module")
def shared_secured(emulator_url: str) -> Iterator[Stack]:
    """`secured` (the Cognito authorizer attached and redeployed) built once for one module's
    tests that only read it; checked and deleted like `shared_stack`."""
    yield from _shared_stack(emulator_url, secured=True)

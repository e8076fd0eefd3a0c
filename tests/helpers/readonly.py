"""A guard for stacks that several tests share and must only read.

A module- or session-scoped fixture builds a stack once; ``fingerprint`` records its
configuration right after the build, and ``assert_unchanged`` compares it again at teardown,
so a test that changes a shared stack (redeploys, removes a permission, edits a client) fails
loudly instead of quietly changing what the tests after it see. A test that must change the
stack takes a function-scoped one of its own.

What is compared: each REST API's resources with their methods and integrations, its
authorizers, stages and deployments; each function's configuration and resource policy; each
user pool (less its user count: signing a user in creates it) and its clients, groups, resource
servers and domain. Users and invocations are not configuration: tests may add them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from helpers.backend import Workbook

SERVICES = ("iam", "lambda", "apigateway", "cognito-idp", "logs")


@dataclass(frozen=True)
class SharedResources:
    """What a shared stack is made of, by id or name."""

    api_ids: tuple[str, ...] = ()
    function_names: tuple[str, ...] = ()
    pool_ids: tuple[str, ...] = ()


def _without_metadata(response: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _api(apigw: Any, api_id: str) -> dict[str, Any]:
    resources = apigw.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]
    return {
        "resources": sorted(resources, key=lambda r: str(r["path"])),
        "authorizers": sorted(
            apigw.get_authorizers(restApiId=api_id)["items"], key=lambda a: str(a["id"])
        ),
        "stages": sorted(
            apigw.get_stages(restApiId=api_id)["item"], key=lambda s: str(s["stageName"])
        ),
        "deployments": sorted(
            d["id"] for d in apigw.get_deployments(restApiId=api_id, limit=500)["items"]
        ),
    }


def _function(lam: Any, name: str) -> dict[str, Any]:
    try:
        policy: Any = json.loads(lam.get_policy(FunctionName=name)["Policy"])
    except ClientError as err:
        if err.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
        policy = None
    return {
        "configuration": _without_metadata(lam.get_function_configuration(FunctionName=name)),
        "policy": policy,
    }


def _pool(idp: Any, pool_id: str) -> dict[str, Any]:
    pool = dict(idp.describe_user_pool(UserPoolId=pool_id)["UserPool"])
    pool.pop("EstimatedNumberOfUsers", None)
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    return {
        "pool": pool,
        "clients": [
            idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])[
                "UserPoolClient"
            ]
            for c in sorted(clients, key=lambda c: str(c["ClientId"]))
        ],
        "groups": idp.list_groups(UserPoolId=pool_id)["Groups"],
        "resource_servers": idp.list_resource_servers(UserPoolId=pool_id, MaxResults=50)[
            "ResourceServers"
        ],
    }


def fingerprint(clients: Mapping[str, Any], shared: SharedResources) -> str:
    """The shared stack's configuration as one JSON text (dates as text)."""
    state = {
        "apis": {i: _api(clients["apigateway"], i) for i in shared.api_ids},
        "functions": {n: _function(clients["lambda"], n) for n in shared.function_names},
        "pools": {p: _pool(clients["cognito-idp"], p) for p in shared.pool_ids},
    }
    return json.dumps(state, sort_keys=True, default=str, indent=1)


def _changed_lines(before: str, after: str) -> Iterable[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return (line for line in diff if not line.startswith(("---", "+++")))


def assert_unchanged(clients: Mapping[str, Any], shared: SharedResources, before: str) -> None:
    """Fail, naming what changed, when the shared stack is not as it was built."""
    after = fingerprint(clients, shared)
    if after != before:
        changed = "\n".join(list(_changed_lines(before, after))[:40])
        raise AssertionError(
            f"A test changed the shared read-only stack {shared}. Give that test a "
            f"function-scoped stack of its own. What changed:\n{changed}"
        )


@contextmanager
def guarded(clients: Mapping[str, Any], shared: SharedResources) -> Iterator[None]:
    """Fingerprint the shared stack now, and check it is unchanged when the block ends."""
    before = fingerprint(clients, shared)
    yield
    assert_unchanged(clients, shared, before)


def workbook_clients(wb: Workbook) -> dict[str, Any]:
    """The Workbook's own clients, by service name, for ``guarded``."""
    return {name: wb.session.client(name, endpoint_url=wb.endpoint_url) for name in SERVICES}

"""Find and delete everything one prefix created, from any partial state.

Resources are found by name (``<prefix>-...``), not from notebook variables, so cleanup works
after a kernel restart or a course abandoned half-way. Deletion goes from the outside in:
API (with its stages, deployments and authorizer), function (with its permission), log
group, role, user pool (with its client and users).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from helpers import apigateway, awslambda, cognito, iam, logs
from helpers.backend import Workbook

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Leftover:
    kind: str
    name: str
    id: str


def find_leftovers(wb: Workbook) -> list[Leftover]:
    """Everything with this prefix that still exists, in deletion order."""
    found = [
        Leftover("REST API", api.name, api.id) for api in apigateway.list_rest_apis_with_prefix(wb)
    ]
    found += [Leftover("Lambda function", n, n) for n in awslambda.list_functions_with_prefix(wb)]
    found += [Leftover("Log group", n, n) for n in logs.list_log_groups_with_prefix(wb)]
    found += [Leftover("IAM role", n, n) for n in iam.list_roles_with_prefix(wb)]
    found += [Leftover("User pool", p.name, p.id) for p in cognito.list_user_pools_with_prefix(wb)]
    return found


def delete_leftover(wb: Workbook, leftover: Leftover) -> bool:
    """Delete one resource; False when it was already gone."""
    if leftover.kind == "REST API":
        return apigateway.delete_rest_api(wb, leftover.id)
    if leftover.kind == "Lambda function":
        return awslambda.delete_function(wb, leftover.id)
    if leftover.kind == "Log group":
        return logs.delete_log_group(wb, leftover.id)
    if leftover.kind == "IAM role":
        return iam.delete_role(wb, leftover.id)
    if leftover.kind == "User pool":
        return cognito.delete_user_pool(wb, leftover.id)
    raise ValueError(f"Unknown resource kind {leftover.kind!r}")


def delete_everything(wb: Workbook) -> list[Leftover]:
    """Delete every resource with this prefix; returns what was deleted, in order."""
    deleted = []
    for leftover in find_leftovers(wb):
        if delete_leftover(wb, leftover):
            deleted.append(leftover)
    return deleted

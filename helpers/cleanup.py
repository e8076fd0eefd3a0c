"""Find and delete everything one prefix created, from any partial state.

Resources are found by name (``<prefix>-...``), not from notebook variables, so cleanup works
after a kernel restart or a course abandoned half-way. Deletion goes from the outside in:
API (with its stages, deployments and authorizer), the functions' API Gateway permissions,
function, log group, role, user pool domain (AWS deletes no pool that still has one), user
pool (with its clients, users, groups and resource server).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from helpers import apigateway, awslambda, cognito, iam, logs, oauth
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
    functions = awslambda.list_functions_with_prefix(wb)
    found += [
        Leftover("Lambda permission", f"{name}: {statement.sid}", f"{name}/{statement.sid}")
        for name in functions
        for statement in awslambda.get_permissions(wb, name)
        if statement.principal == "apigateway.amazonaws.com"
    ]
    found += [Leftover("Lambda function", n, n) for n in functions]
    found += [Leftover("Log group", n, n) for n in logs.list_log_groups_with_prefix(wb)]
    # Sorted: ListRoles' order is unspecified (moto sorts by the random role id).
    found += [Leftover("IAM role", n, n) for n in sorted(iam.list_roles_with_prefix(wb))]
    found += [
        Leftover("User pool domain", domain, f"{pool_id}/{domain}")
        for domain, pool_id in oauth.list_user_pool_domains_with_prefix(wb)
    ]
    found += [Leftover("User pool", p.name, p.id) for p in cognito.list_user_pools_with_prefix(wb)]
    return found


def delete_leftover(wb: Workbook, leftover: Leftover) -> bool:
    """Delete one resource; False when it was already gone."""
    if leftover.kind == "REST API":
        return apigateway.delete_rest_api(wb, leftover.id)
    if leftover.kind == "Lambda permission":
        function_name, statement_id = leftover.id.split("/", 1)
        return awslambda.remove_permission(wb, function_name, statement_id)
    if leftover.kind == "Lambda function":
        return awslambda.delete_function(wb, leftover.id)
    if leftover.kind == "Log group":
        return logs.delete_log_group(wb, leftover.id)
    if leftover.kind == "IAM role":
        return iam.delete_role(wb, leftover.id)
    if leftover.kind == "User pool domain":
        pool_id, domain = leftover.id.split("/", 1)
        return oauth.delete_user_pool_domain(wb, pool_id, domain)
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

"""Find and delete everything one prefix created, from any partial state.

Resources are found by name (``<prefix>-...``), not from notebook variables, so cleanup works
after a kernel restart or a course abandoned half-way. Deletion goes from the outside in:
API (with its stages, deployments and authorizer), the functions' API Gateway permissions,
function, log group, role, user pool domain (AWS deletes no pool that still has one), user
pool (with its clients, users, groups and resource server).

On AWS, cleanup meets what the rest of the course rarely does:

- a failure on one resource (a permission missing, a quota) must not leave the others: each
  deletion's error is recorded and the next resource is deleted;
- deletions are throttled (``DeleteRestApi``: one call every 30 s per account), so each one
  retries its throttling error;
- the listings lag behind the deletions (``ListRoles`` still shows a deleted role for a
  while; ``ListUserPools`` a deleted pool, whose ``DescribeUserPool`` then answers
  ``ResourceNotFoundException``): a pool that vanished while listing is skipped, and the final
  "nothing left" check waits until the deleted resources are gone from the listings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import ClientError

from helpers import apigateway, awslambda, cognito, iam, logs, oauth
from helpers.backend import Workbook
from helpers.errors import WorkbookError, error_code, error_message
from helpers.waits import NotYet, retry_on_error, wait_until

logger = logging.getLogger(__name__)

THROTTLING_CODES = ("TooManyRequestsException", "Throttling", "ThrottlingException")
DELETE_DEADLINE_S = 150.0  # DeleteRestApi: 1 per 30 s, and others may be deleting too
LISTINGS_DEADLINE_S = 90.0  # how long a listing may go on showing a deleted resource


@dataclass(frozen=True)
class Leftover:
    kind: str
    name: str
    id: str


@dataclass(frozen=True)
class Failure:
    """A resource that could not be deleted, and why (AWS's code and message)."""

    leftover: Leftover
    reason: str


@dataclass(frozen=True)
class CleanupResult:
    """What ``delete_everything`` deleted and what it could not, in deletion order."""

    deleted: tuple[Leftover, ...]
    failed: tuple[Failure, ...]


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


def _deleter(wb: Workbook, leftover: Leftover) -> Callable[[], bool]:
    if leftover.kind == "REST API":
        return lambda: apigateway.delete_rest_api(wb, leftover.id)
    if leftover.kind == "Lambda permission":
        function_name, statement_id = leftover.id.split("/", 1)
        return lambda: awslambda.remove_permission(wb, function_name, statement_id)
    if leftover.kind == "Lambda function":
        return lambda: awslambda.delete_function(wb, leftover.id)
    if leftover.kind == "Log group":
        return lambda: logs.delete_log_group(wb, leftover.id)
    if leftover.kind == "IAM role":
        return lambda: iam.delete_role(wb, leftover.id)
    if leftover.kind == "User pool domain":
        pool_id, domain = leftover.id.split("/", 1)
        return lambda: oauth.delete_user_pool_domain(wb, pool_id, domain)
    if leftover.kind == "User pool":
        # A domain deleted a moment ago may still be DELETING: the pool waits for it.
        return lambda: retry_on_error(
            lambda: cognito.delete_user_pool(wb, leftover.id),
            code="InvalidParameterException",
            message_contains="domain",
            what=f"Deleting user pool {leftover.name}",
            waiting_for="its domain to be deleted",
            next_step="The pool still has a domain: re-run this notebook in a minute.",
            deadline_s=DELETE_DEADLINE_S,
            first_delay_s=2.0,
        )
    raise ValueError(f"Unknown resource kind {leftover.kind!r}")


def delete_leftover(wb: Workbook, leftover: Leftover) -> bool:
    """Delete one resource, riding out throttling; False when it was already gone.

    (``apigateway.delete_rest_api`` paces itself for DeleteRestApi's one call per 30 s.)
    """
    return retry_on_error(
        _deleter(wb, leftover),
        code=THROTTLING_CODES,
        what=f"Deleting {leftover.kind} {leftover.name}",
        waiting_for="the request quota (throttled)",
        next_step="The account is being throttled; re-run this notebook in a minute.",
        deadline_s=DELETE_DEADLINE_S,
    )


def _reason(err: ClientError | WorkbookError) -> str:
    if isinstance(err, ClientError):
        return f"{error_code(err)}: {error_message(err)}"
    return str(err)


def delete_everything(wb: Workbook) -> CleanupResult:
    """Delete every resource with this prefix, going on past one that fails.

    Returns what was deleted and what could not be, each with the reason, in order.
    """
    deleted: list[Leftover] = []
    failed: list[Failure] = []
    for leftover in find_leftovers(wb):
        try:
            if delete_leftover(wb, leftover):
                deleted.append(leftover)
        except (ClientError, WorkbookError) as err:
            logger.warning("Could not delete %s %s: %s", leftover.kind, leftover.name, err)
            failed.append(Failure(leftover, _reason(err)))
    return CleanupResult(deleted=tuple(deleted), failed=tuple(failed))


def wait_until_gone(wb: Workbook, result: CleanupResult) -> list[Leftover]:
    """What is left with this prefix, once the listings have caught up with the deletions.

    Lists again (with backoff, for up to 90 s) while a resource that ``result`` deleted is
    still listed; what could not be deleted is reported at once, without waiting.
    """
    deleted = set(result.deleted)

    def check() -> list[Leftover] | NotYet:
        remaining = find_leftovers(wb)
        lagging = [leftover for leftover in remaining if leftover in deleted]
        if lagging:
            return NotYet(f"{lagging[0].kind} {lagging[0].name} still listed")
        return remaining

    return wait_until(
        check,
        what="the listings to show the deletions",
        next_step="AWS still lists what was deleted; re-run this cell in a minute.",
        deadline_s=LISTINGS_DEADLINE_S,
        first_delay_s=1.0,
    )

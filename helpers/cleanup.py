"""Find and delete everything one prefix created, from any partial state.

Resources are found by the exact names of ``ResourceNames(prefix)`` and by the workbook's
tags (helpers/ownership.py), not from notebook variables, so cleanup works after a kernel
restart or a course abandoned half-way, and never touches another prefix's resources
(``alice`` leaves ``alice-smith-users`` alone). A resource that has one of the names but not
our tags is reported ("not ours, left alone") and not deleted. Reads are by name where the
service has one (GetFunction, GetRole, DescribeLogGroups with the name); REST APIs and user
pools have none, so those are listed and filtered by name. Deletion goes from the outside in:
API (with its stages, deployments and authorizer), the functions' API Gateway permissions,
function, log group, role, user pool domain (AWS deletes no pool that still has one), user
pool (with its clients, users, groups and resource server).

On AWS, cleanup meets what the rest of the course rarely does:

- a failure on one resource (a permission missing, a quota) must not leave the others: each
  deletion's error is recorded and the next resource is deleted;
- deletions are throttled (``DeleteRestApi``: one call every 30 s per account), so each one
  retries its throttling error;
- the listings lag behind the deletions (``ListUserPools`` still shows a deleted pool, whose
  ``DescribeUserPool`` then answers ``ResourceNotFoundException``; ``ListRoles`` a deleted
  role, which the sweep meets): a pool that vanished while listing is skipped, and the final
  "nothing left" check waits until the deleted resources are gone from the listings.

``helpers/sweep.py`` deletes every prefix's tagged resources with the same deleters
(``delete_all``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import ClientError

from helpers import apigateway, awslambda, cognito, iam, logs, oauth
from helpers.backend import Workbook
from helpers.checks import check
from helpers.errors import WorkbookError, error_code, error_message
from helpers.ownership import Ownership, ownership_of
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


@dataclass(frozen=True)
class NotOurs:
    """A resource with one of this prefix's names that is not ours by its tags: left alone."""

    leftover: Leftover
    ownership: Ownership

    @property
    def reason(self) -> str:
        return self.ownership.describe()

    @property
    def line(self) -> str:
        """``Lambda function: alice-users (it does not carry the workbook's tags)``."""
        return f"{self.leftover.kind}: {self.leftover.name} ({self.reason})"


@dataclass(frozen=True)
class Survey:
    """What has this prefix's names: ours (in deletion order) and what is not ours."""

    ours: tuple[Leftover, ...]
    not_ours: tuple[NotOurs, ...]


class _Sorter:
    """Sorts each found resource into ours or not ours by its tags."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ours: list[Leftover] = []
        self.not_ours: list[NotOurs] = []

    def add(self, leftover: Leftover, tags: dict[str, str] | None) -> bool:
        """Record ``leftover``; True when it is ours."""
        ownership = ownership_of(tags, self.prefix)
        if ownership.is_ours:
            self.ours.append(leftover)
        else:
            self.not_ours.append(NotOurs(leftover, ownership))
        return ownership.is_ours


def permission_leftovers(wb: Workbook, function_name: str) -> list[Leftover]:
    """The function's API Gateway permissions (cleanup removes them before the function)."""
    return [
        Leftover("Lambda permission", f"{function_name}: {s.sid}", f"{function_name}/{s.sid}")
        for s in awslambda.get_permissions(wb, function_name)
        if s.principal == "apigateway.amazonaws.com"
    ]


def pool_deletion_order(pools: list[cognito.DescribedPool]) -> list[Leftover]:
    """The pools' domains first (AWS deletes no pool that still has one), then the pools."""
    domains = [
        Leftover("User pool domain", d.domain, f"{d.pool.id}/{d.domain}") for d in pools if d.domain
    ]
    return domains + [Leftover("User pool", d.pool.name, d.pool.id) for d in pools]


def survey(wb: Workbook) -> Survey:
    """Everything that has one of this prefix's exact names, sorted into ours and not ours."""
    names = wb.names
    sorter = _Sorter(wb.prefix)
    for api_name in names.rest_apis:
        for found in apigateway.rest_apis_named(wb, api_name):
            sorter.add(Leftover("REST API", found.api.name, found.api.id), found.tags)
    functions = []
    for function_name in names.functions:
        function = awslambda.find_function(wb, function_name)
        if function is not None:
            functions.append((function_name, awslambda.get_function_tags(wb, function.arn)))
    for function_name, tags in functions:  # permissions first: they go before the function
        if ownership_of(tags, wb.prefix).is_ours:
            sorter.ours += permission_leftovers(wb, function_name)
    for function_name, tags in functions:
        sorter.add(Leftover("Lambda function", function_name, function_name), tags)
    for group_name in sorted(names.log_groups):  # as DescribeLogGroups lists them
        arn = logs.find_log_group(wb, group_name)
        if arn is not None:
            sorter.add(
                Leftover("Log group", group_name, group_name), logs.get_log_group_tags(wb, arn)
            )
    for role_name in sorted(names.roles):
        role_tags = iam.get_role_tags(wb, role_name)
        if role_tags is not None:
            sorter.add(Leftover("IAM role", role_name, role_name), role_tags)
    pools = [
        found
        for pool_name in names.user_pools
        for found in cognito.describe_user_pools(wb, named=pool_name)
    ]
    ours_pools = [d for d in pools if ownership_of(d.tags, wb.prefix).is_ours]
    sorter.not_ours += [
        NotOurs(Leftover("User pool", d.pool.name, d.pool.id), ownership_of(d.tags, wb.prefix))
        for d in pools
        if d not in ours_pools
    ]
    sorter.ours += pool_deletion_order(ours_pools)
    return Survey(ours=tuple(sorter.ours), not_ours=tuple(sorter.not_ours))


def find_leftovers(wb: Workbook) -> list[Leftover]:
    """Everything of this prefix that still exists (its names and its tags), in deletion order."""
    return list(survey(wb).ours)


def find_not_ours(wb: Workbook) -> list[NotOurs]:
    """What has one of this prefix's names but not its tags: reported, never deleted."""
    return list(survey(wb).not_ours)


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


def delete_all(wb: Workbook, leftovers: list[Leftover]) -> CleanupResult:
    """Delete ``leftovers`` in order, going on past one that fails (the one home for
    deleting: cleanup and the sweep)."""
    deleted: list[Leftover] = []
    failed: list[Failure] = []
    for leftover in leftovers:
        try:
            if delete_leftover(wb, leftover):
                deleted.append(leftover)
        except (ClientError, WorkbookError) as err:
            logger.warning("Could not delete %s %s: %s", leftover.kind, leftover.name, err)
            failed.append(Failure(leftover, _reason(err)))
    return CleanupResult(deleted=tuple(deleted), failed=tuple(failed))


def delete_everything(wb: Workbook) -> CleanupResult:
    """Delete every resource of this prefix (its names and its tags), going on past one that
    fails. What is not ours is not touched (``find_not_ours``).

    Returns what was deleted and what could not be, each with the reason, in order.
    """
    return delete_all(wb, find_leftovers(wb))


def wait_until_listings_catch_up(
    list_remaining: Callable[[], list[Leftover]], result: CleanupResult
) -> list[Leftover]:
    """What ``list_remaining`` still finds once it no longer lists what ``result`` deleted.

    Lists again (with backoff, for up to 90 s) while a deleted resource is still listed;
    what could not be deleted is reported at once, without waiting.
    """
    deleted = set(result.deleted)

    def check() -> list[Leftover] | NotYet:
        remaining = list_remaining()
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


def wait_until_gone(wb: Workbook, result: CleanupResult) -> list[Leftover]:
    """What is left of this prefix, once the listings have caught up with the deletions."""
    return wait_until_listings_catch_up(lambda: find_leftovers(wb), result)


def check_nothing_left(wb: Workbook, remaining: list[Leftover], not_ours: list[NotOurs]) -> None:
    """99_cleanup's checkpoint: nothing of this prefix is left. Resources with its names but
    not its tags (``find_not_ours``) do not fail it: they are not ours, and the line says
    they were left alone."""
    left_alone = (
        f"; {len(not_ours)} resource(s) with your names but not your tags left alone"
        if not_ours
        else ""
    )
    check(
        remaining == [],
        f"Nothing with prefix '{wb.prefix}' is left{left_alone}",
        "Fix what Step 2 reported (its message says what to do), then re-run this notebook.",
    )

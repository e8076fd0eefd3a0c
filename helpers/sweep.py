"""The facilitator's sweep: delete everything the workbook tagged in a region, for every prefix.

    python -m helpers.sweep --dry-run [--region R]    # what it would delete, per prefix
    python -m helpers.sweep [--region R]              # delete it, then prove nothing is left

It runs with the facilitator's (administrator's) credentials and ``WORKBOOK_BACKEND`` as
usual (``local``: the learner's own emulator through ``connect()``). It needs no prefix: it
finds resources by the tag ``workbook=cognito-authorizer`` alone and groups them by their
``workbook-prefix`` tag (docs/aws-behaviour.md section 29):

- REST APIs (GetRestApis' ``tags``), functions (ListFunctions, then ListTags) with their API
  Gateway permissions, ``/aws/lambda/...`` log groups (ListTagsForResource), IAM roles
  (ListRoles, then GetRole: ListRoles returns no tags; IAM is global, so roles of every
  region's workbook are swept), user pools (ListUserPools, then DescribeUserPool) with their
  domains;
- a resource with a workbook name but without the tag is not the sweep's: it stays.

Deletion reuses cleanup's deleters (``cleanup.delete_all``: outside in, going on past a
failure, riding out throttling). DeleteRestApi allows one call per 30 s per account, and
``apigateway.delete_rest_api`` waits it out: a room of 20 APIs took 11.3 minutes on the
emulator at AWS's quota (docs 29.9), which the sweep estimates before it starts. Then it
lists again until the listings show the deletions
and prints ``0 tagged resources remain`` (exit 0) or what remains (exit 1).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from botocore.exceptions import ClientError

from helpers import apigateway, awslambda, cleanup, cognito, iam, logs
from helpers.backend import Workbook, connect
from helpers.cleanup import CleanupResult, Failure, Leftover
from helpers.config import WORKBOOK_TAG, load_config
from helpers.errors import WorkbookError, error_code
from helpers.ownership import workbook_prefix_of
from helpers.waits import retry_on_error

logger = logging.getLogger(__name__)

T = TypeVar("T")

DELETE_REST_API_INTERVAL_S = 30
"""DeleteRestApi: one call every 30 s per account (API Gateway quotas; 21.9)."""
READ_DEADLINE_S = 120.0
NO_PREFIX = "(no prefix tag)"

KIND_ORDER = (
    "REST API",
    "Lambda permission",
    "Lambda function",
    "Log group",
    "IAM role",
    "User pool domain",
    "User pool",
)
"""Outside in, as cleanup deletes."""


@dataclass(frozen=True)
class Tagged:
    """One resource the workbook tagged, and the prefix its ``workbook-prefix`` tag names."""

    prefix: str
    leftover: Leftover


def _read(call: Callable[[], T], what: str) -> T:
    """One read of the sweep, riding out throttling (a sweep reads every resource's tags)."""
    return retry_on_error(
        call,
        code=cleanup.THROTTLING_CODES,
        what=what,
        waiting_for="the request quota (throttled)",
        next_step="The account is being throttled; run the sweep again in a minute.",
        deadline_s=READ_DEADLINE_S,
    )


def _prefix(tags: dict[str, str] | None) -> str | None:
    tagged = workbook_prefix_of(tags)
    return None if tagged is None else (tagged or NO_PREFIX)


def _rest_apis(wb: Workbook) -> list[Tagged]:
    found = []
    for item in _read(lambda: apigateway.list_rest_apis(wb), "Listing REST APIs"):
        prefix = _prefix(item.tags)
        if prefix is not None:
            found.append(Tagged(prefix, Leftover("REST API", item.api.name, item.api.id)))
    return found


def list_function_names_and_arns(wb: Workbook) -> list[tuple[str, str]]:
    """Every function in the Region (the course itself never lists: it reads by exact name)."""
    pages = wb.client("lambda").get_paginator("list_functions").paginate()
    return [(f["FunctionName"], f["FunctionArn"]) for page in pages for f in page["Functions"]]


def list_role_names(wb: Workbook) -> list[str]:
    """Every role name in the account (IAM is global)."""
    pages = wb.client("iam").get_paginator("list_roles").paginate()
    return [r["RoleName"] for page in pages for r in page["Roles"]]


def _functions(wb: Workbook) -> list[Tagged]:
    found = []
    for name, arn in _read(lambda: list_function_names_and_arns(wb), "Listing functions"):
        try:
            tags = _read(
                partial(awslambda.get_function_tags, wb, arn),
                f"Reading the tags of function {name}",
            )
            prefix = _prefix(tags)
            if prefix is None:
                continue
            permissions = _read(
                partial(cleanup.permission_leftovers, wb, name),
                f"Reading the permissions of function {name}",
            )
        except ClientError as err:
            if error_code(err) == "ResourceNotFoundException":
                continue  # deleted since it was listed
            raise
        found += [Tagged(prefix, p) for p in permissions]
        found.append(Tagged(prefix, Leftover("Lambda function", name, name)))
    return found


def _log_groups(wb: Workbook) -> list[Tagged]:
    found = []
    for name, arn in _read(lambda: logs.list_lambda_log_groups(wb), "Listing log groups"):
        try:
            tags = _read(
                partial(logs.get_log_group_tags, wb, arn),
                f"Reading the tags of log group {name}",
            )
        except ClientError as err:
            if error_code(err) == "ResourceNotFoundException":
                continue
            raise
        prefix = _prefix(tags)
        if prefix is not None:
            found.append(Tagged(prefix, Leftover("Log group", name, name)))
    return found


def _roles(wb: Workbook) -> list[Tagged]:
    found = []
    for name in sorted(_read(lambda: list_role_names(wb), "Listing IAM roles")):
        tags = _read(
            partial(iam.get_role_tags, wb, name),
            f"Reading the tags of role {name}",
        )
        prefix = _prefix(tags)  # None also when the role is gone since ListRoles (21.4)
        if prefix is not None:
            found.append(Tagged(prefix, Leftover("IAM role", name, name)))
    return found


def _user_pools(wb: Workbook) -> list[Tagged]:
    found = []
    for described in _read(lambda: cognito.describe_user_pools(wb), "Listing user pools"):
        prefix = _prefix(described.tags)
        if prefix is not None:
            found += [Tagged(prefix, p) for p in cleanup.pool_deletion_order([described])]
    return found


def find_tagged(wb: Workbook) -> dict[str, list[Leftover]]:
    """Every resource tagged ``workbook=cognito-authorizer`` in the region (and IAM's roles,
    which are global), grouped by prefix, each group in deletion order (``KIND_ORDER``)."""
    tagged = _rest_apis(wb) + _functions(wb) + _log_groups(wb) + _roles(wb) + _user_pools(wb)
    grouped: dict[str, list[Leftover]] = {}
    for item in sorted(tagged, key=lambda t: (t.prefix, KIND_ORDER.index(t.leftover.kind))):
        grouped.setdefault(item.prefix, []).append(item.leftover)
    return grouped


def _all(grouped: dict[str, list[Leftover]]) -> list[Leftover]:
    return [leftover for group in grouped.values() for leftover in group]


def rest_api_estimate(grouped: dict[str, list[Leftover]]) -> str | None:
    """How long DeleteRestApi's quota makes the sweep take, when it has several APIs."""
    apis = sum(1 for leftover in _all(grouped) if leftover.kind == "REST API")
    if apis < 2:
        return None
    minutes = (apis - 1) * DELETE_REST_API_INTERVAL_S / 60
    return (
        f"{apis} REST APIs: API Gateway allows one DeleteRestApi every "
        f"{DELETE_REST_API_INTERVAL_S} s per account, so the sweep waits about "
        f"{minutes:.1f} min for them (more if others are deleting too)."
    )


@dataclass(frozen=True)
class SweepResult:
    deleted: tuple[Leftover, ...]
    failed: tuple[Failure, ...]
    remaining: tuple[Leftover, ...]


def sweep(wb: Workbook, grouped: dict[str, list[Leftover]] | None = None) -> SweepResult:
    """Delete every tagged resource, prefix by prefix; then list again until the listings show
    the deletions, and return what remains (empty when the sweep is complete)."""
    grouped = find_tagged(wb) if grouped is None else grouped
    deleted: list[Leftover] = []
    failed: list[Failure] = []
    for prefix, leftovers in grouped.items():
        logger.info("Sweeping prefix %s: %d resource(s)", prefix, len(leftovers))
        result = cleanup.delete_all(wb, leftovers)
        deleted += result.deleted
        failed += result.failed
    done = CleanupResult(deleted=tuple(deleted), failed=tuple(failed))
    remaining = cleanup.wait_until_listings_catch_up(lambda: _all(find_tagged(wb)), done)
    return SweepResult(done.deleted, done.failed, tuple(remaining))


def _print_grouped(grouped: dict[str, list[Leftover]], verb: str) -> None:
    for prefix, leftovers in grouped.items():
        print(f"prefix {prefix}: {len(leftovers)} resource(s) {verb}")
        for leftover in leftovers:
            print(f"  {leftover.kind}: {leftover.name}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.sweep",
        description=(
            f"Delete every resource tagged workbook={WORKBOOK_TAG} in a region, for all "
            "prefixes (IAM roles are global: every region's). Run with --dry-run first."
        ),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would be deleted; delete nothing"
    )
    parser.add_argument(
        "--region", help="the region to sweep (default: WORKBOOK_REGION, then AWS_REGION…)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command: 0 when nothing tagged remains (or a dry run listed), 1 when some does,
    2 on a usage error or a WorkbookError (its message says what to do)."""
    args = _parser().parse_args(argv)
    environ = dict(os.environ)
    if args.region:
        environ["WORKBOOK_REGION"] = args.region
    try:
        wb = connect(load_config(environ, refuse_generic_prefix=False))
        print(f"Sweeping {wb.backend} backend, region {wb.region} (IAM roles: account-wide)")
        grouped = find_tagged(wb)
        total = len(_all(grouped))
        print(f"{total} tagged resource(s) in {len(grouped)} prefix(es)")
        _print_grouped(grouped, "would be deleted" if args.dry_run else "to delete")
        estimate = rest_api_estimate(grouped)
        if estimate:
            print(estimate)
        if args.dry_run:
            print("Dry run: nothing deleted. Run again without --dry-run to delete it.")
            return 0
        result = sweep(wb, grouped)
    except WorkbookError as err:
        print(f"Sweep stopped: {err}", file=sys.stderr)
        return 2
    print(f"Deleted {len(result.deleted)} resource(s)")
    for failure in result.failed:
        print(f"Not deleted {failure.leftover.kind}: {failure.leftover.name} ({failure.reason})")
    if not result.remaining:
        print("0 tagged resources remain")
        return 0
    print(f"{len(result.remaining)} tagged resource(s) remain:")
    for leftover in result.remaining:
        print(f"  {leftover.kind}: {leftover.name}")
    return 1


if __name__ == "__main__":
    sys.exit(main())

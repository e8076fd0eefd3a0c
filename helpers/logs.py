"""CloudWatch Logs: the functions' log groups and the lines one invocation wrote."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from helpers.backend import Workbook
from helpers.config import workbook_tags
from helpers.errors import error_code
from helpers.ownership import require_ours
from helpers.waits import retry_until_found

if TYPE_CHECKING:
    from mypy_boto3_logs import CloudWatchLogsClient

logger = logging.getLogger(__name__)

RETENTION_DAYS = 7
LOG_ARRIVAL_DEADLINE_S = 90.0  # AWS: "It might take 5 to 10 minutes" at worst; usually seconds


def create_log_group(wb: Workbook, log_group_name: str | None = None) -> str:
    """Get or create ``/aws/lambda/<prefix>-users`` (or ``log_group_name``) with a 7-day
    retention and our tags.

    Creating it ourselves (rather than letting Lambda create it on first run) keeps the
    execution role smaller (no ``logs:CreateLogGroup``), sets a retention period, tags it
    and lets cleanup find it. Returns the log group's name. A log group with the name but not
    our tags is left alone: WorkbookError (helpers/ownership.py).
    """
    logs = wb.client("logs")
    name = log_group_name or wb.names.log_group
    try:
        logs.create_log_group(logGroupName=name, tags=workbook_tags(wb.prefix))
        logger.info("Created log group %s", name)
    except ClientError as err:
        if error_code(err) != "ResourceAlreadyExistsException":
            raise
        arn = find_log_group(wb, name)
        require_ours("Log group", name, get_log_group_tags(wb, arn) if arn else {}, wb.prefix)
        logger.info("Log group %s exists; reusing it", name)
    logs.put_retention_policy(logGroupName=name, retentionInDays=RETENTION_DAYS)
    return name


def _invocation_lines(
    logs: CloudWatchLogsClient, log_group_name: str, request_id: str
) -> list[str] | None:
    start_marker = f"START RequestId: {request_id}"
    report_marker = f"REPORT RequestId: {request_id}"
    pages = logs.get_paginator("filter_log_events").paginate(logGroupName=log_group_name)
    events = sorted(
        (event for page in pages for event in page["events"]),
        key=lambda e: (e["logStreamName"], e["timestamp"], e.get("eventId", "")),
    )
    lines: list[str] = []
    inside = False
    for event in events:
        message = str(event["message"]).rstrip("\n")
        if message.startswith(start_marker):
            inside = True
        if inside:
            lines.append(message)
            if message.startswith(report_marker):
                return lines
    return None  # not (completely) delivered yet


def get_invocation_log(wb: Workbook, request_id: str) -> list[str]:
    """The log lines of one invocation, START to REPORT, from the function's log group.

    On AWS the events arrive a few seconds after the call, so this waits for the REPORT line
    (up to 90 s); on the emulator they are there at once.
    """
    logs = wb.client("logs")
    group = wb.names.log_group
    return retry_until_found(
        lambda: _invocation_lines(logs, group, request_id),
        what=f"the log lines of request {request_id} in log group '{group}'",
        next_step="CloudWatch Logs can lag behind on AWS; re-run this cell in a minute.",
        deadline_s=LOG_ARRIVAL_DEADLINE_S,
    )


def delete_log_group(wb: Workbook, log_group_name: str) -> bool:
    """Delete a log group; False when it did not exist."""
    try:
        wb.client("logs").delete_log_group(logGroupName=log_group_name)
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return False
        raise
    logger.info("Deleted log group %s", log_group_name)
    return True


def _log_groups(wb: Workbook, name_prefix: str) -> list[tuple[str, str]]:
    """(name, ARN without ``:*``) of the log groups whose name starts with ``name_prefix``."""
    paginator = wb.client("logs").get_paginator("describe_log_groups")
    pages = paginator.paginate(logGroupNamePrefix=name_prefix)
    return [
        (g["logGroupName"], g.get("logGroupArn") or g["arn"].removesuffix(":*"))
        for page in pages
        for g in page["logGroups"]
    ]


def find_log_group(wb: Workbook, log_group_name: str) -> str | None:
    """The ARN of the log group called exactly ``log_group_name``, or None.

    ``DescribeLogGroups`` with the name as ``logGroupNamePrefix``: only groups whose name
    starts with it are read, and of those only the exact name counts.
    """
    return next(
        (arn for name, arn in _log_groups(wb, log_group_name) if name == log_group_name), None
    )


def get_log_group_tags(wb: Workbook, log_group_arn: str) -> dict[str, str]:
    """The log group's tags (``ListTagsForResource`` on its ARN; ListTagsLogGroup is on the
    path to deprecation, docs/aws-behaviour.md 29.3)."""
    response = wb.client("logs").list_tags_for_resource(resourceArn=log_group_arn)
    return dict(response.get("tags", {}))


def list_lambda_log_groups(wb: Workbook) -> list[tuple[str, str]]:
    """(name, ARN) of every ``/aws/lambda/...`` log group in the region (the sweep's listing:
    the workbook creates no other log groups)."""
    return _log_groups(wb, "/aws/lambda/")

"""CloudWatch Logs: the functions' log groups and the lines one invocation wrote."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from helpers.backend import Workbook
from helpers.config import workbook_tags
from helpers.errors import error_code
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
    and lets cleanup find it. Returns the log group's name.
    """
    logs = wb.client("logs")
    name = log_group_name or wb.names.log_group
    try:
        logs.create_log_group(logGroupName=name, tags=workbook_tags(wb.prefix))
        logger.info("Created log group %s", name)
    except ClientError as err:
        if error_code(err) != "ResourceAlreadyExistsException":
            raise
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


def list_log_groups_with_prefix(wb: Workbook) -> list[str]:
    """Names of the log groups of this prefix's functions (``/aws/lambda/<prefix>-...``)."""
    paginator = wb.client("logs").get_paginator("describe_log_groups")
    pages = paginator.paginate(logGroupNamePrefix=f"/aws/lambda/{wb.prefix}-")
    return [g["logGroupName"] for page in pages for g in page["logGroups"]]

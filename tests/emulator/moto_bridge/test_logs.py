"""emulator/moto_bridge/logs.py: where the Lambda runtime's log lines go."""

from __future__ import annotations

import time

import boto3
from moto import mock_aws

from emulator.moto_bridge import logs as moto_logs


@mock_aws
def test_put_log_lines_creates_group_and_stream() -> None:
    moto_logs.put_log_lines("us-east-1", "/aws/lambda/f", "s", [(int(time.time() * 1000), "hello")])
    events = boto3.client("logs", region_name="us-east-1").get_log_events(
        logGroupName="/aws/lambda/f", logStreamName="s"
    )["events"]
    assert [e["message"] for e in events] == ["hello"]


@mock_aws
def test_put_log_lines_appends_to_an_existing_stream_in_order() -> None:
    client = boto3.client("logs", region_name="us-east-1")
    client.create_log_group(logGroupName="/aws/lambda/f")
    client.create_log_stream(logGroupName="/aws/lambda/f", logStreamName="s")
    now = int(time.time() * 1000)
    moto_logs.put_log_lines("us-east-1", "/aws/lambda/f", "s", [(now, "one")])
    moto_logs.put_log_lines("us-east-1", "/aws/lambda/f", "s", [(now + 1, "two"), (now + 2, "3")])
    events = client.get_log_events(logGroupName="/aws/lambda/f", logStreamName="s")["events"]
    assert [(e["timestamp"] - now, e["message"]) for e in events] == [
        (0, "one"),
        (1, "two"),
        (2, "3"),
    ]

"""emulator/moto_bridge/logs.py: where the Lambda runtime's log lines go."""

from __future__ import annotations

import gc
import time
import weakref

import boto3
from moto import mock_aws
from moto.logs.models import logs_backends

from emulator.moto_bridge import ACCOUNT_ID
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


def test_log_group_keeps_its_newest_events_within_the_cap() -> None:
    group, region = "/aws/lambda/cap-test", "eu-west-3"
    base = int(time.time() * 1000)
    for batch in range(5):
        events = [(base + batch * 100 + n, f"line {batch * 100 + n}") for n in range(100)]
        moto_logs.put_log_lines(region, group, f"stream-{batch % 2}", events)
    log_group = logs_backends[ACCOUNT_ID][region].groups[group]
    dropped = moto_logs.trim_group(log_group, max_events=150)
    kept = sorted(e.timestamp - base for s in log_group.streams.values() for e in s.events)
    logs_backends[ACCOUNT_ID][region].delete_log_group(group)
    assert (dropped, len(kept), kept[0], kept[-1]) == (350, 150, 350, 499)


def test_log_events_dropped_by_the_cap_are_freed() -> None:
    """moto tracks every model instance it creates; the bridge lets the dropped ones go."""
    group, region = "/aws/lambda/freed-test", "eu-west-3"
    base = int(time.time() * 1000)
    moto_logs.put_log_lines(region, group, "s", [(base, "first")])
    log_group = logs_backends[ACCOUNT_ID][region].groups[group]
    first = weakref.ref(log_group.streams["s"].events[0])
    moto_logs.put_log_lines(region, group, "s", [(base + 1, "second")])
    moto_logs.trim_group(log_group, max_events=1)
    gc.collect()
    logs_backends[ACCOUNT_ID][region].delete_log_group(group)
    assert first() is None

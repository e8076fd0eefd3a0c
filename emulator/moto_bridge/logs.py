"""CloudWatch Logs in moto: where the Lambda runtime's log lines go.

CloudWatch Logs keeps a group's events for its retention period; the emulator keeps them in
memory, so each log group holds at most MAX_GROUP_EVENTS events and MAX_GROUP_BYTES bytes of
messages, and the oldest events are dropped first (docs/aws-behaviour.md 24.9: a deviation,
our choice).
"""

from __future__ import annotations

from typing import Any

from moto.logs.models import LogEvent, logs_backends

from emulator.moto_bridge import ACCOUNT_ID, field

MAX_GROUP_EVENTS = 10_000
MAX_GROUP_BYTES = 16 * 2**20


def put_log_lines(region: str, group: str, stream: str, events: list[tuple[int, str]]) -> None:
    """Append lines to a log stream, creating the group and stream as Lambda does; then keep
    the group within its caps."""
    backend = logs_backends[ACCOUNT_ID][region]
    if group not in backend.groups:
        backend.create_log_group(group, {})
    if stream not in backend.groups[group].streams:
        backend.create_log_stream(group, stream)
    backend.put_log_events(
        group, stream, [{"timestamp": ts, "message": message} for ts, message in events]
    )
    trim_group(backend.groups[group])
    # moto's BaseModel appends every instance to its class's ``instances_tracked`` (for
    # /moto-api/data.json), which would keep every log line ever written alive: 75 MB per
    # 20 MB of print in benchmarks/bench_soak.py. The groups' own lists are what count.
    field(LogEvent, "instances_tracked").clear()


def trim_group(
    log_group: Any, max_events: int = MAX_GROUP_EVENTS, max_bytes: int = MAX_GROUP_BYTES
) -> int:
    """Drop the group's oldest events (across its streams) until it is within the caps;
    return how many were dropped."""
    streams = list(field(log_group, "streams").values())
    total_events = sum(len(field(s, "events")) for s in streams)
    total_bytes = sum(int(field(s, "stored_bytes")) for s in streams)
    if total_events <= max_events and total_bytes <= max_bytes:
        return 0
    ordered = sorted(
        (
            (int(field(e, "timestamp")), index, s, e)
            for s in streams
            for index, e in enumerate(field(s, "events"))
        ),
        key=lambda item: (item[0], item[1]),
    )
    dropped: dict[int, set[int]] = {}
    count = 0
    for _, _, owner, event in ordered:
        if total_events <= max_events and total_bytes <= max_bytes:
            break
        dropped.setdefault(id(owner), set()).add(id(event))
        total_events -= 1
        total_bytes -= len(str(field(event, "message")))
        count += 1
    for owner in streams:
        gone = dropped.get(id(owner))
        if gone:
            owner.events = [e for e in field(owner, "events") if id(e) not in gone]
            owner.stored_bytes = sum(len(str(field(e, "message"))) for e in owner.events)
    return count

"""CloudWatch Logs in moto: where the Lambda runtime's log lines go."""

from __future__ import annotations

from moto.logs.models import logs_backends

from emulator.moto_bridge import ACCOUNT_ID


def put_log_lines(region: str, group: str, stream: str, events: list[tuple[int, str]]) -> None:
    """Append lines to a log stream, creating the group and stream as Lambda does."""
    backend = logs_backends[ACCOUNT_ID][region]
    if group not in backend.groups:
        backend.create_log_group(group, {})
    if stream not in backend.groups[group].streams:
        backend.create_log_stream(group, stream)
    backend.put_log_events(
        group, stream, [{"timestamp": ts, "message": message} for ts, message in events]
    )

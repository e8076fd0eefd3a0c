"""Lambda's log lines on their way to CloudWatch Logs.

Lambda sends each invocation's lines (START, the function's output, END, REPORT) to the log
group ``/aws/lambda/{function}`` in the function's region (docs/aws-behaviour.md 5.8). Writing
them into moto costs about 0.1 ms an invocation, on the request's path, and nobody reads most
of them; so an invocation only queues its lines (``LogDelivery`` is the runtime's log sink),
and they reach moto, all of them, in the order they were written, before any CloudWatch Logs
request is answered (``logs_request``, a row of emulator/urls.py). A reader therefore sees
every line of every invocation that has returned, as before; a reset drops what is queued.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.moto_bridge import server as moto_server
from emulator.moto_bridge.awslambda import function_region
from emulator.moto_bridge.logs import put_log_lines
from emulator.wire import DEFAULT_REGION

if TYPE_CHECKING:
    from emulator.state import EmulatorState

LogBatch = tuple[str, str, str, list[tuple[int, str]]]
"""(region, group, stream, [(timestamp in ms, line)]): one invocation's lines."""

LOGS_TARGET_PREFIX = "Logs_20140328."
"""``X-Amz-Target`` of every CloudWatch Logs API call (its JSON protocol)."""


class LogDelivery:
    """Queues invocations' log lines and writes them into moto when someone may read them."""

    def __init__(self) -> None:
        self._queued: list[LogBatch] = []
        self._queue_lock = threading.Lock()
        self._delivery_lock = threading.Lock()

    def __call__(self, group: str, stream: str, events: list[tuple[int, str]]) -> None:
        """The runtime's log sink: queue one invocation's lines, for the function's region
        (read now: the function may be gone when the lines are delivered)."""
        region = function_region(group.removeprefix("/aws/lambda/")) or DEFAULT_REGION
        with self._queue_lock:
            self._queued.append((region, group, stream, events))

    def deliver(self) -> None:
        """Write every queued line into moto, each stream's lines in the order they came.

        Deliveries run one at a time, so a reader that finds the queue empty also waits for
        the lines another reader took to be written."""
        with self._delivery_lock:
            with self._queue_lock:
                batches, self._queued = self._queued, []
            by_stream: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
            for region, group, stream, events in batches:
                by_stream.setdefault((region, group, stream), []).extend(events)
            for (region, group, stream), events in by_stream.items():
                # CloudWatch Logs keeps a stream's events in time order (a line a child
                # process wrote straight to fd 1 is stamped when it was read).
                events.sort(key=lambda event: event[0])
                put_log_lines(region, group, stream, events)

    def clear(self) -> None:
        """Drop what is queued (``POST /_emulator/reset``)."""
        with self._delivery_lock, self._queue_lock:
            self._queued = []

    def __len__(self) -> int:
        with self._queue_lock:
            return len(self._queued)


def is_logs_request(request: Request) -> bool:
    return request.headers.get("X-Amz-Target", "").startswith(LOGS_TARGET_PREFIX)


def logs_request(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """Any CloudWatch Logs API call: moto answers it once the queued lines are in."""
    state.log_delivery.deliver()
    return moto_server.call(request.environ, request.get_data())

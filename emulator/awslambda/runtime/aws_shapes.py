"""What Lambda itself (not the function's runtime) writes: platform errors and log lines.

Sources: the Lambda developer guide's "Monitoring > Using CloudWatch Logs" (START/END/REPORT
lines, one log stream per execution environment named ``YYYY/MM/DD/[version]<id>``), its
troubleshooting pages (``Sandbox.Timedout``, ``Runtime.ExitError``,
``Runtime.InvalidEntrypoint``) and Invoke responses seen from AWS, e.g.
``{"errorMessage":"RequestId: <id> Error: Runtime exited with error: exit status 1",
"errorType":"Runtime.ExitError"}``.
"""

from __future__ import annotations

import json
import math
import signal
import time
import uuid
from datetime import UTC, datetime

# Go's os.ProcessState.String() wording, which the Lambda platform puts in its messages.
_SIGNAL_WORDS = {
    signal.SIGKILL: "killed",
    signal.SIGTERM: "terminated",
    signal.SIGSEGV: "segmentation fault",
    signal.SIGABRT: "aborted",
    signal.SIGINT: "interrupt",
    signal.SIGBUS: "bus error",
}


def now_ms() -> int:
    return int(time.time() * 1000)


def log_group_name(function_name: str) -> str:
    """Lambda writes to the log group ``/aws/lambda/<function name>``."""
    return f"/aws/lambda/{function_name}"


def new_log_stream_name(version: str) -> str:
    """One stream per execution environment: ``2024/05/01/[$LATEST]<32 hex digits>``."""
    day = datetime.now(UTC).strftime("%Y/%m/%d")
    return f"{day}/[{version}]{uuid.uuid4().hex}"


def platform_error_payload(error_type: str, request_id: str, reason: str) -> bytes:
    """A platform error as Invoke returns it: compact JSON, errorMessage then errorType."""
    body = {"errorMessage": f"RequestId: {request_id} Error: {reason}", "errorType": error_type}
    return json.dumps(body, separators=(",", ":")).encode()


def timeout_payload(request_id: str, timeout_seconds: float) -> bytes:
    """A function that runs past its timeout: errorType ``Sandbox.Timedout``, message
    ``RequestId: <id> Error: Task timed out after 3.00 seconds``."""
    return platform_error_payload(
        "Sandbox.Timedout", request_id, f"Task timed out after {timeout_seconds:.2f} seconds"
    )


def timeout_log_line(request_id: str, timeout_seconds: float) -> str:
    """The line Lambda writes to the function's log stream when it stops a timed-out task."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return f"{stamp} {request_id} Task timed out after {timeout_seconds:.2f} seconds"


def exit_reason(returncode: int) -> str:
    """Why the runtime process ended, in the words Lambda uses for ``Runtime.ExitError``."""
    if returncode == 0:
        return "Runtime exited without providing a reason"
    if returncode > 0:
        return f"Runtime exited with error: exit status {returncode}"
    number = -returncode
    word = _SIGNAL_WORDS.get(signal.Signals(number), f"signal {number}")
    return f"Runtime exited with error: signal: {word}"


def start_line(request_id: str, version: str) -> str:
    return f"START RequestId: {request_id} Version: {version}"


def end_line(request_id: str) -> str:
    return f"END RequestId: {request_id}"


def report_line(
    request_id: str,
    *,
    duration_ms: float,
    memory_size_mb: int,
    max_memory_used_mb: int,
    init_duration_ms: float | None = None,
    status: str | None = None,
    error_type: str | None = None,
) -> str:
    """The REPORT line. Billing is per 1 ms, rounded up; ``Init Duration`` only on a cold
    start; ``Status: timeout`` / ``Status: error\\tError Type: ...`` when the platform ended
    the invocation (the format AWS writes since the 2023 logging update)."""
    parts = [
        f"REPORT RequestId: {request_id}",
        f"Duration: {duration_ms:.2f} ms",
        f"Billed Duration: {max(1, math.ceil(duration_ms))} ms",
        f"Memory Size: {memory_size_mb} MB",
        f"Max Memory Used: {max_memory_used_mb} MB",
    ]
    if init_duration_ms is not None:
        parts.append(f"Init Duration: {init_duration_ms:.2f} ms")
    if status is not None:
        parts.append(f"Status: {status}")
    if error_type is not None:
        parts.append(f"Error Type: {error_type}")
    return "\t".join(parts)

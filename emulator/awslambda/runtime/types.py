"""What the Lambda runtime takes and returns.

The contract between the runtime and the rest of the emulator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FunctionSpec:
    """One function version as the control plane (moto) knows it.

    A change to any field (new code, handler, timeout, environment) is a new spec, and the
    runtime must not reuse a worker started for another spec.
    """

    function_name: str
    function_arn: str  # unqualified ARN
    version: str  # "$LATEST" or a number
    runtime: str  # "python3.12", "nodejs20.x", ...
    handler: str  # "app.lambda_handler"
    code_zip: bytes
    code_sha256: str
    timeout_seconds: int
    memory_size_mb: int
    region: str
    account_id: str
    environment: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class InvokeResult:
    """What Lambda's Invoke API returns, ready to be turned into its HTTP response."""

    payload: bytes  # the JSON bytes the function returned, or the error object
    function_error: str | None  # "Unhandled" when the function failed, else None
    request_id: str
    log_lines: tuple[str, ...]  # START ... END ... REPORT, as written to CloudWatch Logs
    duration_ms: float


# Receives (log_group_name, log_stream_name, [(timestamp_ms, message), ...]).
LogSink = Callable[[str, str, list[tuple[int, str]]], None]

"""Lambda's Invoke API, served by the emulator's runtime instead of moto's Docker path.

Shapes follow the Lambda API reference (Invoke): 200 with the payload, `X-Amz-Function-Error:
Unhandled` when the function failed, `X-Amz-Log-Result` (base64 of the last 4 KB of the log)
with `LogType=Tail`, 202 for `Event`, 204 for `DryRun`, 404 ResourceNotFoundException
"Function not found: <arn>" (docs/aws-behaviour.md section 5). In eventual mode a Pending
function answers 409 ResourceConflictException, and during an update the previous code runs
(section 21.5, 21.6).

Before anything is looked up, FunctionName is checked as Lambda checks it (names.py, 24.8),
and the payload against Lambda's quotas (24.5): over 6,291,456 bytes for RequestResponse,
413 RequestEntityTooLargeException "Request must be smaller than 6291456 bytes for the
InvokeFunction operation"; over 262,144 bytes for Event, "<n> byte payload is too large for
the Event invocation type (limit 262144 bytes)" (both recorded in public issue reports).
Event invocations run on a bounded pool (async_invoke.py).
"""

from __future__ import annotations

import base64
import logging
import re
import uuid
from typing import TYPE_CHECKING
from urllib.parse import unquote

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.awslambda.async_invoke import AsyncInvoker
from emulator.awslambda.names import check_function_name
from emulator.awslambda.runtime import LambdaRuntime
from emulator.awslambda.runtime.types import InvokeResult
from emulator.awslambda.states import FunctionStates
from emulator.errors import AwsError, Protocol
from emulator.moto_bridge import ACCOUNT_ID
from emulator.moto_bridge.awslambda import FunctionRecord, find_function
from emulator.wire import region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

log = logging.getLogger(__name__)

LOG_TAIL_BYTES = 4096
MAX_SYNC_PAYLOAD_BYTES = 6 * 2**20
MAX_ASYNC_PAYLOAD_BYTES = 256 * 2**10


def _too_large(message: str) -> AwsError:
    return AwsError(413, "RequestEntityTooLargeException", message, Protocol.LAMBDA)


def check_payload(payload: bytes, invocation_type: str) -> None:
    """Lambda's invocation payload quotas (docs/aws-behaviour.md 24.5)."""
    if invocation_type == "Event" and len(payload) > MAX_ASYNC_PAYLOAD_BYTES:
        raise _too_large(
            f"{len(payload)} byte payload is too large for the Event invocation type "
            f"(limit {MAX_ASYNC_PAYLOAD_BYTES} bytes)"
        )
    if len(payload) > MAX_SYNC_PAYLOAD_BYTES:
        raise _too_large(
            f"Request must be smaller than {MAX_SYNC_PAYLOAD_BYTES} bytes for the "
            "InvokeFunction operation"
        )


class LambdaService:
    """Finds functions in moto and runs them in the emulator's runtime."""

    def __init__(self, runtime: LambdaRuntime, states: FunctionStates) -> None:
        self.runtime = runtime
        self.states = states
        self.async_invoker = AsyncInvoker()

    def find(self, region: str, name_or_arn: str, qualifier: str | None) -> FunctionRecord:
        """The function as it can be invoked now (FunctionStates.as_seen_now); a name Lambda
        would refuse is ValidationException before anything is looked up."""
        check_function_name(name_or_arn)
        function = find_function(region, name_or_arn, qualifier)
        if function is None:
            arn = name_or_arn
            if not arn.startswith("arn:"):
                arn = f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{name_or_arn}"
            if qualifier:
                arn = f"{arn}:{qualifier}"
            raise AwsError(
                404, "ResourceNotFoundException", f"Function not found: {arn}", Protocol.LAMBDA
            )
        return self.states.as_seen_now(function)

    def invoke(self, function: FunctionRecord, payload: bytes) -> InvokeResult:
        return self.runtime.invoke(function.spec, payload)

    def invoke_api(
        self,
        region: str,
        name_or_arn: str,
        qualifier: str | None,
        payload: bytes,
        invocation_type: str,
        log_type: str,
    ) -> Answer:
        """The Invoke API's answer."""
        check_function_name(name_or_arn)
        check_payload(payload, invocation_type)
        function = self.find(region, name_or_arn, qualifier)
        self.states.refuse_invoke(function)
        headers = [
            ("X-Amz-Executed-Version", function.spec.version),
            ("Content-Type", "application/json"),
        ]
        if invocation_type == "DryRun":
            return Answer(204, tuple(headers), b"")
        if invocation_type == "Event":
            request_id = str(uuid.uuid4())
            spec = function.spec
            self.async_invoker.submit(
                lambda: self.runtime.invoke(spec, payload, request_id=request_id)
            )
            return Answer(202, (("x-amzn-RequestId", request_id), headers[1]), b"")
        result = self.invoke(function, payload)
        headers.append(("x-amzn-RequestId", result.request_id))
        if result.function_error:
            headers.append(("X-Amz-Function-Error", result.function_error))
        if log_type == "Tail":
            tail = "\n".join(result.log_lines).encode()[-LOG_TAIL_BYTES:]
            headers.append(("X-Amz-Log-Result", base64.b64encode(tail).decode()))
        return Answer(200, tuple(headers), result.payload)


def invoke(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """``POST /2015-03-31/functions/{name}/invocations``."""
    return state.lambdas.invoke_api(
        region_of(request),
        unquote(match.group("name")),
        request.args.get("Qualifier"),
        request.get_data(),
        request.headers.get("X-Amz-Invocation-Type", "RequestResponse"),
        request.headers.get("X-Amz-Log-Type", "None"),
    )

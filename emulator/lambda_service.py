"""Lambda's Invoke API, served by the emulator's runtime instead of moto's Docker path.

Shapes follow the Lambda API reference (Invoke): 200 with the payload, `X-Amz-Function-Error:
Unhandled` when the function failed, `X-Amz-Log-Result` (base64 of the last 4 KB of the log)
with `LogType=Tail`, 202 for `Event`, 204 for `DryRun`, 404 ResourceNotFoundException
"Function not found: <arn>".
"""

from __future__ import annotations

import base64
import logging
import threading
import uuid

from moto.awslambda.models import LambdaFunction

from emulator import moto_bridge
from emulator.aws_errors import AwsError
from emulator.lambda_runtime.runtime import LambdaRuntime
from emulator.lambda_runtime.types import FunctionSpec, InvokeResult

log = logging.getLogger(__name__)

_LOG_TAIL_BYTES = 4096


def spec_for(region: str, function: LambdaFunction) -> FunctionSpec:
    """What the runtime needs to know about a function version moto stores."""
    return FunctionSpec(
        function_name=function.function_name,
        function_arn=function.function_arn,
        version=str(function.version),
        runtime=str(function.run_time),
        handler=str(function.handler),
        code_zip=moto_bridge.function_code_zip(function),
        code_sha256=str(function.code_sha_256),
        timeout_seconds=int(function.timeout),
        memory_size_mb=int(function.memory_size),
        region=region,
        account_id=moto_bridge.ACCOUNT_ID,
        environment=tuple(sorted((function.environment_vars or {}).items())),
    )


class LambdaService:
    """Finds functions in moto and runs them in the emulator's runtime."""

    def __init__(self, runtime: LambdaRuntime) -> None:
        self.runtime = runtime

    def find(self, region: str, name_or_arn: str, qualifier: str | None) -> LambdaFunction:
        function = moto_bridge.lambda_function(region, name_or_arn, qualifier)
        if function is None:
            arn = name_or_arn
            if not arn.startswith("arn:"):
                arn = f"arn:aws:lambda:{region}:{moto_bridge.ACCOUNT_ID}:function:{name_or_arn}"
            if qualifier:
                arn = f"{arn}:{qualifier}"
            raise AwsError(
                404, "ResourceNotFoundException", f"Function not found: {arn}", lambda_style=True
            )
        return function

    def invoke(self, region: str, function: LambdaFunction, payload: bytes) -> InvokeResult:
        result: InvokeResult = self.runtime.invoke(spec_for(region, function), payload)
        return result

    def invoke_api(
        self,
        region: str,
        name_or_arn: str,
        qualifier: str | None,
        payload: bytes,
        invocation_type: str,
        log_type: str,
    ) -> tuple[int, dict[str, str], bytes]:
        """The Invoke API: (status, headers, body)."""
        function = self.find(region, name_or_arn, qualifier)
        headers = {"X-Amz-Executed-Version": str(function.version)}
        if invocation_type == "DryRun":
            return 204, headers, b""
        if invocation_type == "Event":
            spec = spec_for(region, function)
            request_id = str(uuid.uuid4())
            threading.Thread(
                target=self.runtime.invoke,
                args=(spec, payload),
                kwargs={"request_id": request_id},
                daemon=True,
            ).start()
            return 202, {"x-amzn-RequestId": request_id}, b""
        result = self.invoke(region, function, payload)
        headers["x-amzn-RequestId"] = result.request_id
        if result.function_error:
            headers["X-Amz-Function-Error"] = result.function_error
        if log_type == "Tail":
            tail = "\n".join(result.log_lines).encode()[-_LOG_TAIL_BYTES:]
            headers["X-Amz-Log-Result"] = base64.b64encode(tail).decode()
        return 200, headers, result.payload

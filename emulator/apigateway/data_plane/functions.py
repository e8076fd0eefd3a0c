"""Calling a Lambda function by the URI an integration or an authorizer names.

Both integrations and Lambda authorizers name their function by a Lambda integration URI
(stage variables allowed); API Gateway then needs the function's resource-based policy to
allow its source ARN, else "Invalid permissions on Lambda function" (docs/aws-behaviour.md
section 5). The function runs in the emulator's warm runtime. In eventual mode a permission
counts only once it has propagated, and a Pending function cannot be called (500), as
Lambda refuses to invoke it (docs/aws-behaviour.md 21.5, 21.7).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

from awsrules.apigateway.invoke_permission import apigateway_may_invoke
from awsrules.arns import parse_lambda_integration_uri
from emulator.awslambda.invoke import LambdaService
from emulator.errors import AwsError
from emulator.moto_bridge.awslambda import FunctionRecord

_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class FunctionCall:
    """The function ran (successfully or not)."""

    payload: bytes
    function_error: str | None
    latency_ms: int


@dataclass(frozen=True)
class CallFailed:
    """The function could not be called (bad URI, not found, no permission)."""

    reason: str


class LambdaFunctions:
    """Finds a URI's function, checks API Gateway's permission, and invokes it."""

    def __init__(self, lambdas: LambdaService) -> None:
        self.lambdas = lambdas

    def call(
        self,
        uri: str,
        stage_variables: Mapping[str, str] | None,
        source_arn: str,
        payload: bytes,
        *,
        check_permission: bool = True,
    ) -> FunctionCall | CallFailed:
        resolved = _STAGE_VARIABLE.sub(lambda m: (stage_variables or {}).get(m.group(1), ""), uri)
        target = parse_lambda_integration_uri(resolved)
        if target is None:
            return CallFailed(f"Invalid Lambda function URI {uri}")
        try:
            function: FunctionRecord = self.lambdas.find(target.region, target.function, None)
        except AwsError:
            return CallFailed(f"Lambda function {target.function} not found")
        try:
            self.lambdas.states.refuse_invoke(function)
        except AwsError as refused:
            return CallFailed(f"Lambda invocation failed with status: 409 ({refused.message})")
        if check_permission and not apigateway_may_invoke(function.policy_statements, source_arn):
            return CallFailed("Invalid permissions on Lambda function")
        started = time.perf_counter()
        result = self.lambdas.invoke(function, payload)
        latency_ms = int((time.perf_counter() - started) * 1000)
        return FunctionCall(result.payload, result.function_error, latency_ms)

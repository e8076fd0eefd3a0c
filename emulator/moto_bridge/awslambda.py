"""Lambda in moto: the functions it stores, as the emulator's runtime needs them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moto.awslambda.exceptions import UnknownFunctionException
from moto.awslambda.models import LambdaFunction, lambda_backends

from emulator.awslambda.runtime.types import FunctionSpec
from emulator.moto_bridge import ACCOUNT_ID, field, loaded_regions


@dataclass(frozen=True)
class FunctionRecord:
    """One function version: what the runtime runs, and who may invoke it."""

    spec: FunctionSpec
    policy_statements: tuple[dict[str, Any], ...]
    """The resource-based policy statements (AddPermission)."""


def find_function(region: str, name_or_arn: str, qualifier: str | None) -> FunctionRecord | None:
    """The function (or version) moto stores, or None when there is none."""
    try:
        function = lambda_backends[ACCOUNT_ID][region].get_function(name_or_arn, qualifier)
    except UnknownFunctionException:
        return None
    return _record(region, function)


def _record(region: str, function: LambdaFunction) -> FunctionRecord:
    policy = field(function, "policy")
    # moto stores a published version's ARN qualified (...:function:f:1); the spec wants the
    # function's own ARN, and the runtime adds the version where Lambda does.
    arn_parts = str(field(function, "function_arn")).split(":")
    return FunctionRecord(
        spec=FunctionSpec(
            function_name=str(field(function, "function_name")),
            function_arn=":".join(arn_parts[:7]),
            version=str(field(function, "version")),
            runtime=str(field(function, "run_time")),
            handler=str(field(function, "handler")),
            code_zip=bytes(field(function, "code_bytes")),
            code_sha256=str(field(function, "code_sha_256")),
            timeout_seconds=int(field(function, "timeout")),
            memory_size_mb=int(field(function, "memory_size")),
            region=region,
            account_id=ACCOUNT_ID,
            environment=tuple(sorted((field(function, "environment_vars") or {}).items())),
        ),
        policy_statements=tuple(dict(s) for s in field(policy, "statements")),
    )


def function_region(name: str) -> str | None:
    """The region holding a function of this name (the first, if several do)."""
    for region, backend in loaded_regions(lambda_backends):
        if name in field(field(backend, "_lambdas"), "_functions"):
            return region
    return None

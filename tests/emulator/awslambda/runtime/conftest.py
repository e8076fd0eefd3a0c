"""Fixtures: deployment zips built from inline source, and a runtime that is shut down after."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from emulator.awslambda.runtime import FunctionSpec, LambdaRuntime

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"

SpecFactory = Callable[..., FunctionSpec]
SinkCalls = list[tuple[str, str, list[tuple[int, str]]]]


def build_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in files.items():
            archive.writestr(name, source)
    return buffer.getvalue()


@pytest.fixture
def make_spec(tmp_path: Any) -> SpecFactory:
    """Build a FunctionSpec whose code is a zip of ``files`` (name -> source)."""

    def factory(
        files: dict[str, str],
        *,
        handler: str = "app.handler",
        runtime: str = "python3.12",
        name: str = "alice-users",
        timeout_seconds: int = 3,
        environment: tuple[tuple[str, str], ...] = (),
        version: str = "$LATEST",
    ) -> FunctionSpec:
        code = build_zip(files)
        (tmp_path / f"{name}.zip").write_bytes(code)
        return FunctionSpec(
            function_name=name,
            function_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}",
            version=version,
            runtime=runtime,
            handler=handler,
            code_zip=code,
            code_sha256=base64.b64encode(hashlib.sha256(code).digest()).decode(),
            timeout_seconds=timeout_seconds,
            memory_size_mb=128,
            region=REGION,
            account_id=ACCOUNT_ID,
            environment=environment,
        )

    return factory


@pytest.fixture
def sink_calls() -> SinkCalls:
    return []


@pytest.fixture
def runtime(sink_calls: SinkCalls) -> Iterator[LambdaRuntime]:
    def sink(group: str, stream: str, events: list[tuple[int, str]]) -> None:
        sink_calls.append((group, stream, events))

    lambda_runtime = LambdaRuntime(
        log_sink=sink, function_env={"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"}
    )
    yield lambda_runtime
    lambda_runtime.shutdown()

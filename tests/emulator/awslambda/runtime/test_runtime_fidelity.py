"""What a Python function can import: its zip, the runtime's boto3, the standard library."""

from __future__ import annotations

import io
import json
import zipfile

from emulator.awslambda.runtime import FunctionSpec, LambdaRuntime

SOURCE = """
import importlib.util


def handler(event, context):
    return {name: importlib.util.find_spec(name) is not None for name in event["modules"]}
"""


def _spec() -> FunctionSpec:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("probe.py", SOURCE)
    return FunctionSpec(
        function_name="probe",
        function_arn="arn:aws:lambda:us-east-1:123456789012:function:probe",
        version="$LATEST",
        runtime="python3.12",
        handler="probe.handler",
        code_zip=buffer.getvalue(),
        code_sha256="probe-1",
        timeout_seconds=5,
        memory_size_mb=128,
        region="us-east-1",
        account_id="123456789012",
    )


def _importable(*modules: str) -> dict[str, bool]:
    runtime = LambdaRuntime()
    try:
        result = runtime.invoke(_spec(), json.dumps({"modules": list(modules)}).encode())
    finally:
        runtime.shutdown()
    return dict(json.loads(result.payload))


def test_host_packages_outside_the_zip_are_not_importable() -> None:
    assert _importable("jwt", "moto", "requests") == {
        "jwt": False,
        "moto": False,
        "requests": False,
    }


def test_boto3_shipped_by_the_runtime_is_importable() -> None:
    assert _importable("boto3", "botocore") == {"boto3": True, "botocore": True}


def test_standard_library_is_importable() -> None:
    assert _importable("json", "sqlite3") == {"json": True, "sqlite3": True}

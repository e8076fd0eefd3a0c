"""The runtime's bounds (docs/aws-behaviour.md 24.6, 24.7): extraction outside the runtime's
lock and within Lambda's unzipped quota, idle workers retiring, a cap on live workers."""

from __future__ import annotations

import io
import struct
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from emulator.awslambda.runtime import LambdaRuntime, code
from tests.emulator.awslambda.runtime.conftest import SinkCalls, SpecFactory

OK = {"app.py": "def handler(event, context):\n    return 'ok'\n"}


def _payload(runtime: LambdaRuntime, spec: Any) -> bytes:
    return runtime.invoke(spec, b"{}").payload


def test_slow_extraction_does_not_stall_another_functions_invoke(
    runtime: LambdaRuntime, make_spec: SpecFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = make_spec({**OK, "big.txt": "x"}, name="slow-one")
    fast = make_spec(OK, name="fast-one")
    real = code.extract_package

    def extract(code_zip: bytes, destination: str) -> None:
        if code_zip == slow.code_zip:
            time.sleep(2.0)
        real(code_zip, destination)

    monkeypatch.setattr(code, "extract_package", extract)
    slow_thread = threading.Thread(target=_payload, args=(runtime, slow))
    slow_thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    answer = _payload(runtime, fast)
    took = time.monotonic() - started
    slow_thread.join()
    assert (answer, took < 1.5) == (b'"ok"', True)


def _lying_zip(real_size: int, declared: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("app.py", OK["app.py"])
        archive.writestr("zeros.bin", bytes(real_size))
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 9] == b"zeros.bin":
                data[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(data)


def test_zip_whose_headers_understate_its_size_does_not_get_past_extraction(
    tmp_path: Path,
) -> None:
    lying = _lying_zip(5 * 2**20, 10)
    code.check_package(lying)  # what the central directory declares passes the quota
    with pytest.raises(code.PackageRejected):
        code.extract_package(lying, str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_extraction_counts_the_bytes_it_writes_against_the_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(code, "check_package", lambda code_zip: None)
    monkeypatch.setattr(code, "MAX_UNZIPPED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", bytes(5000))
    with pytest.raises(code.PackageRejected, match="Unzipped size must be smaller than"):
        code.extract_package(buffer.getvalue(), str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_symlink_pointing_outside_the_package_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("creds")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "../../root/.aws/credentials")
    with pytest.raises(code.PackageRejected, match="Could not unzip uploaded file"):
        code.check_package(buffer.getvalue())


def test_invoke_of_an_unextractable_package_is_a_platform_error(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec(OK, name="lying")
    spec = type(spec)(**{**spec.__dict__, "code_zip": _lying_zip(2**20, 10)})
    result = runtime.invoke(spec, b"{}")
    assert (result.function_error, b"Runtime.InvalidEntrypoint" in result.payload) == (
        "Unhandled",
        True,
    )


def test_idle_workers_retire_after_the_idle_time(
    make_spec: SpecFactory, sink_calls: SinkCalls
) -> None:
    runtime = LambdaRuntime(idle_seconds=0.3)
    try:
        _payload(runtime, make_spec(OK, name="idle-one"))
        alive = runtime.live_workers
        deadline = time.monotonic() + 5
        while runtime.live_workers and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (alive, runtime.live_workers) == (1, 0)
    finally:
        runtime.shutdown()


def test_live_workers_are_capped_least_recently_used_retires_first(
    make_spec: SpecFactory,
) -> None:
    runtime = LambdaRuntime(max_live_workers=2)
    specs = [make_spec(OK, name=f"lru-{n}") for n in range(3)]
    try:
        for spec in specs:
            _payload(runtime, spec)
        first_pool = runtime._pool_for(specs[0])
        assert (runtime.live_workers, first_pool.live_workers) == (2, 0)
    finally:
        runtime.shutdown()

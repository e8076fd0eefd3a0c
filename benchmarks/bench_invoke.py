"""Lambda invoke time for large payloads, through the emulator's runtime (no HTTP).

A warm worker runs two handlers on the same proxy event with a body of 1 MB and 5 MB: ``echo``
returns the event (so the payload crosses the pipe both ways) and ``size`` returns a number
(one way). The floor is what any runtime must do in the function's process: parse the event
and serialise the result (``json.loads`` then ``json.dumps``, timed here in this process);
the ratio says what the worker protocol adds on top. Node.js is measured when ``node`` is on
PATH. Prints a Markdown table.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import load_average, machine_description  # noqa: E402

from emulator.awslambda.runtime import FunctionSpec, LambdaRuntime  # noqa: E402

SIZES_MB = (1, 5)
REPEATS = 15
HANDLERS = {
    "python3.12": (
        "app.py",
        "def echo(event, context):\n    return event\n\n"
        "def size(event, context):\n    return len(event)\n",
    ),
    "nodejs20.x": (
        "app.js",
        "exports.echo = async (event) => event;\nexports.size = async (event) => event.length;\n",
    ),
}


def event_of(megabytes: int) -> bytes:
    """A Lambda proxy event whose body is a JSON document of ``megabytes`` (quotes and
    newlines in it, so the body is escaped inside the event, as a POSTed JSON body is)."""
    line = json.dumps({"id": 0, "note": 'said "hello"\nand left', "tags": ["a", "b"]})
    body = "\n".join([line] * (megabytes * 2**20 // (len(line) + 1)))
    event = {
        "resource": "/users",
        "path": "/users",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json"},
        "requestContext": {"stage": "dev", "requestId": "bench"},
        "body": body,
        "isBase64Encoded": False,
    }
    return json.dumps(event).encode()


def spec_for(runtime: str, handler: str) -> FunctionSpec:
    name, source = HANDLERS[runtime]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, source)
    code = buffer.getvalue()
    function = f"bench-{runtime.split('.')[0]}-{handler}"
    return FunctionSpec(
        function_name=function,
        function_arn=f"arn:aws:lambda:us-east-1:123456789012:function:{function}",
        version="$LATEST",
        runtime=runtime,
        handler=f"app.{handler}",
        code_zip=code,
        code_sha256=base64.b64encode(hashlib.sha256(code).digest()).decode(),
        timeout_seconds=30,
        memory_size_mb=1024,
        region="us-east-1",
        account_id="123456789012",
    )


def median_ms(runtime: LambdaRuntime, spec: FunctionSpec, payload: bytes) -> float:
    runtime.invoke(spec, payload)  # the cold start, not measured
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = runtime.invoke(spec, payload)
        times.append((time.perf_counter() - started) * 1000)
        if result.function_error:
            raise RuntimeError(f"{spec.handler} failed: {result.payload[:300]!r}")
    return statistics.median(times)


def floor_ms(payload: bytes, echo: bool) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        event = json.loads(payload)
        json.dumps(event if echo else len(event)).encode()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    load_before = load_average()
    runtimes = [r for r in HANDLERS if r.startswith("python") or shutil.which("node")]
    rows = []
    runtime = LambdaRuntime()
    try:
        for megabytes in SIZES_MB:
            payload = event_of(megabytes)
            for handler in ("echo", "size"):
                floor = floor_ms(payload, handler == "echo")
                for name in runtimes:
                    took = median_ms(runtime, spec_for(name, handler), payload)
                    rows.append((megabytes, handler, name, took, floor))
    finally:
        runtime.shutdown()
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}")
    print(f"Load average: {load_before} before, {load_average()} after\n")
    print("| event | handler | runtime | invoke, median of 15 warm | floor (loads+dumps) | ratio |")
    print("|---|---|---|---|---|---|")
    for megabytes, handler, name, took, floor in rows:
        print(
            f"| {megabytes} MB | {handler} | {name} | {took:.1f} ms | {floor:.1f} ms "
            f"| {took / floor:.2f}× |"
        )


if __name__ == "__main__":
    main()

"""Measure the emulator on this machine and print a Markdown table for results.md.

- ready: seconds from `python -m emulator` to a 200 from /_emulator/health
- warm authorized GET: p50 and p99 of sequential requests with an ID token
- cold invoke: the first request to a new function (starts its worker)
- throughput: 8 concurrent clients, authorized GETs per second, and the error count

Targets (issue 2): ready <= 2 s; warm p50 <= 5 ms, p99 <= 20 ms; cold <= 500 ms; >= 200 req/s.
"""

from __future__ import annotations

import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import machine_description  # noqa: E402

from emulator.process import EmulatorProcess  # noqa: E402
from tests.emulator.conftest import Stack, build_stack  # noqa: E402

WARM_REQUESTS = 1000
CLIENTS, PER_CLIENT = 8, 250


def build_secured_stack(url: str) -> Stack:
    """The tutorial's stack (the emulator tests' builder), secured and redeployed."""
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    clients = {
        name: session.client(name, endpoint_url=url)
        for name in ("iam", "lambda", "apigateway", "cognito-idp", "logs")
    }
    stack = build_stack(url, clients)
    stack.attach_authorizer()
    stack.deploy()
    return stack


def main() -> None:
    started = time.perf_counter()
    emulator = EmulatorProcess()
    ready = time.perf_counter() - started
    try:
        stack = build_secured_stack(emulator.url)
        token = stack.tokens()["id"]
        url, headers = stack.invoke_url(), {"Authorization": token}
        with requests.Session() as session:
            cold_started = time.perf_counter()
            assert session.get(url, headers=headers).status_code == 200
            cold = time.perf_counter() - cold_started
            latencies = []
            for _ in range(WARM_REQUESTS):
                t = time.perf_counter()
                session.get(url, headers=headers)
                latencies.append((time.perf_counter() - t) * 1000)
        latencies.sort()

        def client(_: int) -> list[int]:
            with requests.Session() as s:
                return [s.get(url, headers=headers).status_code for _ in range(PER_CLIENT)]

        t = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [code for batch in pool.map(client, range(CLIENTS)) for code in batch]
        elapsed = time.perf_counter() - t
    finally:
        emulator.stop()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    errors = sum(1 for code in statuses if code != 200)
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| start to healthy | {ready:.2f} s | <= 2 s |")
    print(f"| warm authorized GET p50 ({WARM_REQUESTS} sequential) | {p50:.2f} ms | <= 5 ms |")
    print(f"| warm authorized GET p99 | {p99:.2f} ms | <= 20 ms |")
    print(f"| first (cold) invoke through the stage | {cold * 1000:.0f} ms | <= 500 ms |")
    print(
        f"| throughput, {CLIENTS} clients x {PER_CLIENT} | {len(statuses) / elapsed:.0f} req/s, "
        f"{errors} errors | >= 200 req/s, 0 errors |"
    )


if __name__ == "__main__":
    main()

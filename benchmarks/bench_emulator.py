"""Measure the emulator against a floor server in the same run; print Markdown for results.md.

The floor is a constant WSGI app under the emulator's own cheroot configuration
(``serve_candidate.py cheroot floor``, emulator.server.wsgi_server): what any answer costs
here before the emulator does anything. Other work on the machine slows both alike, so the
ratios hold where the milliseconds do not; every section prints the load average it ran
under. All requests go over keep-alive connections.

- start to healthy: seconds from ``python -m emulator`` to a 200 from /_emulator/health
  (median of 5 starts), and the emulator process's peak RSS (VmHWM) when healthy and at the
  end of the run;
- warm authorized GET (the tutorial's secured GET /users, an ID token, the Lambda behind it):
  p50 and p99, emulator and floor interleaved, with http.client and with requests.Session;
- throughput: 8 and 32 clients, each on its own connection, requests per second and errors;
- routes: the time per GET on an API of 10, 100 and 1,000 resources (the last one created);
- invoke: Lambda's Invoke API with an event of 1 MB and 5 MB echoed back, against the floor
  echoing the same body.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import boto3
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from clients import (  # noqa: E402
    http_client_latencies,
    percentile,
    session_latencies,
    throughput,
)
from machine import load_average, machine_description, peak_rss_mb  # noqa: E402
from serve_candidate import start_candidate  # noqa: E402

from emulator.process import EmulatorProcess, auth_for, credentials_for  # noqa: E402
from tests.emulator.conftest import ACCOUNT, REGION, Stack, build_stack  # noqa: E402

STARTS = 5
WARM, ROUNDS = 200, 5
THROUGHPUT = ((8, 250), (32, 64))  # (clients, requests per client)
ROUTE_COUNTS = (10, 100, 1000)
ROUTE_REQUESTS, ROUTE_ROUNDS = 100, 5
INVOKE_MB, INVOKE_REPEATS = (1, 5), 7

ECHO_SOURCE = "def handler(event, context):\n    return event\n"


def clients_for(url: str) -> dict[str, Any]:
    session = boto3.Session(region_name=REGION, **credentials_for(url).boto3_kwargs())
    return {
        name: session.client(name, endpoint_url=url)
        for name in ("iam", "lambda", "apigateway", "cognito-idp", "logs")
    }


def build_secured_stack(url: str) -> Stack:
    """The tutorial's stack (the emulator tests' builder), secured and redeployed."""
    stack = build_stack(url, clients_for(url))
    stack.attach_authorizer()
    stack.deploy()
    return stack


def zip_echo() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("echo.py", ECHO_SOURCE)
    return buffer.getvalue()


def start_floor() -> tuple[subprocess.Popen[str], str]:
    return start_candidate("cheroot", "floor")


def measure_starts() -> tuple[list[float], float]:
    """Seconds to healthy for STARTS fresh emulators, and the peak RSS (MiB) of one when
    healthy."""
    seconds, idle_rss = [], 0.0
    for _ in range(STARTS):
        started = time.perf_counter()
        emulator = EmulatorProcess()
        seconds.append(time.perf_counter() - started)
        idle_rss = peak_rss_mb(emulator.process.pid)
        emulator.stop()
    return seconds, idle_rss


def interleaved(
    measures: dict[str, Callable[[], list[float]]], rounds: int
) -> dict[str, list[float]]:
    """Each measure once per round, in turn, so that a burst of other work hits all alike."""
    results: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, measure in measures.items():
            results[name] += measure()
    return results


def build_routes_api(stack: Stack, count: int) -> str:
    """An API of ``count`` resources /r0000 ..., each GET (NONE) proxied to the echo function;
    returns the invoke URL of the last one."""
    apigw = stack.clients["apigateway"]
    api_id = apigw.create_rest_api(
        name=f"routes-{count}", endpointConfiguration={"types": ["REGIONAL"]}
    )["id"]
    root_id = next(
        r["id"] for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/"
    )
    uri = (
        f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{stack.function_arn}/invocations"
    )

    def add(index: int) -> None:
        resource_id = apigw.create_resource(
            restApiId=api_id, parentId=root_id, pathPart=f"r{index:04d}"
        )["id"]
        apigw.put_method(
            restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE"
        )
        apigw.put_integration(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod="GET",
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=uri,
        )

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(count)))
    stack.clients["lambda"].add_permission(
        FunctionName=stack.function_name,
        StatementId=f"routes-{count}",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/*/GET/*",
    )
    apigw.create_deployment(restApiId=api_id, stageName="dev")
    return f"{stack.url}/restapis/{api_id}/dev/_user_request_/r{count - 1:04d}"


def invoke_ms(url: str, body: bytes, auth: requests.auth.AuthBase | None = None) -> list[float]:
    """Milliseconds for one POST of ``body`` whose answer is the same number of bytes
    (``auth`` signs it for the emulator, whose Invoke API needs SigV4 like Lambda's)."""
    started = time.perf_counter()
    response = requests.post(url, data=body, auth=auth, timeout=120)
    took = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or len(response.content) != len(body):
        raise RuntimeError(f"POST {url} answered {response.status_code}, {len(response.content)}")
    return [took]


def event_of(megabytes: int) -> bytes:
    """A proxy-like event of at most ``megabytes`` MiB, escaping included, whose body is a JSON
    document (escaped inside the event). 5 MiB stays under Lambda's 6 MB synchronous cap
    (docs/aws-behaviour.md section 24), which the emulator enforces."""
    line = json.dumps({"id": 0, "note": 'said "hello"\nand left', "tags": ["a", "b"]})
    escaped = len(json.dumps(line + "\n")) - 2  # one line and its newline, inside the event
    body = "\n".join([line] * ((megabytes * 2**20 - 64) // escaped))
    event = json.dumps({"httpMethod": "POST", "path": "/users", "body": body}).encode()
    assert len(event) <= megabytes * 2**20, len(event)
    return event


def ms(value: float) -> str:
    return f"{value:.2f} ms"


def main() -> None:
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}\n")
    rows: list[str] = []

    load = load_average()
    starts, idle_rss = measure_starts()
    rows.append(
        f"| start to healthy (median of {STARTS}; fastest {min(starts):.2f} s) "
        f"| {statistics.median(starts):.2f} s | | <= 1.2 s | {load} |"
    )

    floor_child, floor_url = start_floor()
    emulator = EmulatorProcess()
    try:
        stack = build_secured_stack(emulator.url)
        url, auth = stack.invoke_url(), {"Authorization": stack.tokens()["id"]}
        floor_get = floor_url + "/floor"
        session_latencies(url, auth, 20)  # the cold start and a warm-up, not measured

        load = load_average()
        latencies = interleaved(
            {
                "emulator http.client": lambda: http_client_latencies(url, auth, WARM),
                "floor http.client": lambda: http_client_latencies(floor_get, {}, WARM),
                "emulator requests": lambda: session_latencies(url, auth, WARM),
                "floor requests": lambda: session_latencies(floor_get, {}, WARM),
            },
            ROUNDS,
        )
        for client in ("http.client", "requests"):
            emu, floor = latencies[f"emulator {client}"], latencies[f"floor {client}"]
            for name, fraction in (("p50", 0.5), ("p99", 0.99)):
                e, f = percentile(emu, fraction), percentile(floor, fraction)
                target = "<= 1.5x the floor" if name == "p50" else ""
                rows.append(
                    f"| warm authorized GET {name}, {client} ({len(emu)} sequential) "
                    f"| {ms(e)} | {ms(f)} ({e / f:.2f}x) | {target} | {load} |"
                )

        for clients, per_client in THROUGHPUT:
            load = load_average()
            rate, errors = throughput(url, auth, clients, per_client)
            floor_rate, floor_errors = throughput(floor_get, {}, clients, per_client)
            target = ">= 1,000 req/s, 0 errors" if clients == 8 else ""
            rows.append(
                f"| throughput, {clients} clients x {per_client} (http.client) "
                f"| {rate:.0f} req/s, {errors} errors "
                f"| {floor_rate:.0f} req/s, {floor_errors} errors ({rate / floor_rate:.2f}x) "
                f"| {target} | {load} |"
            )

        route_urls = {count: build_routes_api(stack, count) for count in ROUTE_COUNTS}
        for route_url in route_urls.values():
            http_client_latencies(route_url, {}, 10)
        load = load_average()
        by_count = interleaved(
            {
                str(count): partial(http_client_latencies, route_url, {}, ROUTE_REQUESTS)
                for count, route_url in route_urls.items()
            },
            ROUTE_ROUNDS,
        )
        base = percentile(by_count[str(ROUTE_COUNTS[0])], 0.5)
        for count in ROUTE_COUNTS:
            p50 = percentile(by_count[str(count)], 0.5)
            rows.append(
                f"| GET p50 on an API of {count:,} resources (NONE, http.client) | {ms(p50)} "
                f"| {p50 / base:.2f}x the {ROUTE_COUNTS[0]}-resource API "
                f"| {'flat' if count == ROUTE_COUNTS[0] else ''} | {load} |"
            )

        lambdas = stack.clients["lambda"]
        role = lambdas.get_function(FunctionName=stack.function_name)["Configuration"]["Role"]
        lambdas.create_function(
            FunctionName="bench-echo",
            Runtime="python3.12",
            Role=role,
            Handler="echo.handler",
            Code={"ZipFile": zip_echo()},
            Timeout=60,
            MemorySize=1024,
        )
        invoke_url = f"{emulator.url}/2015-03-31/functions/bench-echo/invocations"
        lambda_auth = auth_for(emulator.url, "lambda")
        for megabytes in INVOKE_MB:
            body = event_of(megabytes)
            invoke_ms(invoke_url, body, lambda_auth)  # the cold start, not measured
            load = load_average()
            times = interleaved(
                {
                    "emulator": partial(invoke_ms, invoke_url, body, lambda_auth),
                    "floor": partial(invoke_ms, floor_url + "/echo", body),
                },
                INVOKE_REPEATS,
            )
            e, f = statistics.median(times["emulator"]), statistics.median(times["floor"])
            rows.append(
                f"| Invoke, {megabytes} MB event echoed (median of {INVOKE_REPEATS}) "
                f"| {e:.1f} ms | {f:.1f} ms (floor echo; {e / f:.2f}x) | | {load} |"
            )
        end_rss = peak_rss_mb(emulator.process.pid)
    finally:
        emulator.stop()
        floor_child.kill()
    rows.insert(
        1,
        f"| peak RSS of the emulator process (VmHWM): healthy / end of this run "
        f"| {idle_rss:.0f} MiB / {end_rss:.0f} MiB | | | |",
    )
    print("| measure | emulator | floor (ratio) | target | load average (1 / 5 / 15 min) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(row.replace(" (1 / 5 / 15 min)", ""))


if __name__ == "__main__":
    main()

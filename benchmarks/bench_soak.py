"""Soak: 20,000 requests against one emulator, sampling its memory and threads.

Not a timed test (issue 9: "memory and threads stay bounded over 20,000 requests"). The mix,
per round of 20: 12 authorized GETs through API Gateway (Cognito authorizer + Lambda proxy),
4 synchronous Invokes, 2 Event (asynchronous) Invokes, 2 Invokes of a function that prints
200 KB of log lines; every 500 requests one CloudWatch Logs call (so queued logs are
delivered into the capped groups) and one new function (so pools come and go, beside the
idle retirement). 4 client threads. Every 1,000 requests the emulator's RSS (VmRSS), its
thread count and its children (live workers) are sampled from /proc.

    .venv/bin/python benchmarks/bench_soak.py [--requests 20000]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_emulator import build_secured_stack  # noqa: E402
from machine import load_average, machine_description  # noqa: E402

from emulator.process import EmulatorProcess, auth_for  # noqa: E402

PRINTER = (
    "def handler(event, context):\n"
    "    for n in range(2000):\n"
    "        print('x' * 100, n)\n"
    "    return 'printed'\n"
)
ECHO = "def handler(event, context):\n    return event\n"
CLIENTS = 4


def _zip(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


def _status(pid: int) -> tuple[float, int]:
    rss, threads = 0.0, 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Threads:"):
            threads = int(line.split()[1])
    return rss, threads


def _children(pid: int) -> int:
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            count += int(fields[1]) == pid
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    total = parser.parse_args().requests
    emulator = EmulatorProcess()
    pid = emulator.process.pid
    try:
        stack = build_secured_stack(emulator.url)
        token = stack.tokens()["id"]
        lam = stack.clients["lambda"]
        role = lam.get_function(FunctionName=stack.function_name)["Configuration"]["Role"]

        def create(source: str) -> str:
            name = f"soak-{uuid.uuid4().hex[:8]}"
            lam.create_function(
                FunctionName=name,
                Runtime="python3.12",
                Role=role,
                Handler="app.handler",
                Code={"ZipFile": _zip(source)},
            )
            return name

        printer, echo = create(PRINTER), create(ECHO)
        session = requests.Session()
        session.auth = auth_for(emulator.url, "lambda")  # Lambda's Invoke API is SigV4-signed
        invoke_url = f"{emulator.url}/2015-03-31/functions/{{}}/invocations"

        def one(index: int) -> int:
            slot = index % 20
            if slot < 12:
                return stack.get(token=token).status_code
            if slot < 16:
                return session.post(invoke_url.format(echo), data=b'{"n": 1}').status_code
            if slot < 18:
                headers = {"X-Amz-Invocation-Type": "Event"}
                url = invoke_url.format(echo)
                return session.post(url, data=b"{}", headers=headers).status_code
            return session.post(invoke_url.format(printer), data=b"{}").status_code

        samples: list[tuple[int, float, int, int]] = [(0, *_status(pid), _children(pid))]
        statuses: dict[int, int] = {}
        started = time.monotonic()
        done = 0
        with ThreadPoolExecutor(CLIENTS) as pool:
            while done < total:
                batch = min(1000, total - done)
                for status in pool.map(one, range(done, done + batch)):
                    statuses[status] = statuses.get(status, 0) + 1
                done += batch
                if done % 500 == 0 or done == total:
                    stack.clients["logs"].describe_log_groups(limit=1)
                    create(ECHO)
                samples.append((done, *_status(pid), _children(pid)))
        elapsed = time.monotonic() - started
    finally:
        emulator.stop()
    print(f"Machine: {machine_description()}")
    print(f"Load: {load_average()}")
    print(f"{total} requests in {elapsed:.0f} s; statuses {json.dumps(statuses, sort_keys=True)}")
    print("| requests | RSS (MiB) | threads | child processes |")
    print("|---|---|---|---|")
    for requests_done, rss, threads, children in samples:
        print(f"| {requests_done} | {rss:.0f} | {threads} | {children} |")


if __name__ == "__main__":
    main()

"""Which WSGI server should serve the emulator? Measured side by side, interleaved.

For each candidate server (werkzeug's development server, waitress, cheroot) the emulator's
app and a constant app (the floor: the server's own cost) run in child processes; then, in
rounds, each gets WARM warm authorized GETs over one keep-alive connection (http.client) and
over a requests.Session, and THROUGHPUT_CLIENTS clients in parallel. Prints a Markdown table.
"""

from __future__ import annotations

import http.client
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_emulator import build_secured_stack  # noqa: E402
from machine import machine_description  # noqa: E402

SERVERS = ("werkzeug", "waitress", "cheroot")
WARM, ROUNDS = 300, 3
CLIENTS, PER_CLIENT = 8, 100


def start(server: str, app: str) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "serve_candidate.py"), server, app],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    url = child.stdout.readline().split("ready on ", 1)[1].strip()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/", timeout=1)
            return child, url
        except requests.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"{server}/{app} did not start")


def http_client_latencies(url: str, headers: dict[str, str], count: int) -> list[float]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    latencies = []
    for _ in range(count):
        t = time.perf_counter()
        connection.request("GET", parts.path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - t) * 1000)
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
    connection.close()
    return latencies


def session_latencies(url: str, headers: dict[str, str], count: int) -> list[float]:
    latencies = []
    with requests.Session() as session:
        for _ in range(count):
            t = time.perf_counter()
            session.get(url, headers=headers)
            latencies.append((time.perf_counter() - t) * 1000)
    return latencies


def throughput(url: str, headers: dict[str, str]) -> tuple[float, int]:
    def client(_: int) -> list[int]:
        with requests.Session() as s:
            return [s.get(url, headers=headers).status_code for _ in range(PER_CLIENT)]

    t = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        codes = [code for batch in pool.map(client, range(CLIENTS)) for code in batch]
    return len(codes) / (time.perf_counter() - t), sum(1 for c in codes if c != 200)


def main() -> None:
    children = []
    targets: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
    try:
        for server in SERVERS:
            child, url = start(server, "emulator")
            children.append(child)
            stack = build_secured_stack(url)
            targets[(server, "emulator")] = (
                stack.invoke_url(),
                {"Authorization": stack.tokens()["id"]},
            )
            child, url = start(server, "floor")
            children.append(child)
            targets[(server, "floor")] = (url + "/floor", {})
        results: dict[tuple[str, str], dict[str, list[float]]] = {
            key: {"http.client": [], "requests": []} for key in targets
        }
        for _ in range(ROUNDS):
            for key, (url, headers) in targets.items():
                results[key]["http.client"] += http_client_latencies(url, headers, WARM)
                results[key]["requests"] += session_latencies(url, headers, WARM)
        rates = {key: throughput(*targets[key]) for key in targets}
    finally:
        for child in children:
            child.kill()
    print(f"Machine: {machine_description()}\nDate: {time.strftime('%Y-%m-%d')}\n")
    print("| server | app | p50 http.client | p50 requests | p99 requests | req/s, 8 clients |")
    print("|---|---|---|---|---|---|")
    for key, by_client in results.items():
        p50_raw = statistics.median(by_client["http.client"])
        p50_req = statistics.median(by_client["requests"])
        p99_req = sorted(by_client["requests"])[int(len(by_client["requests"]) * 0.99) - 1]
        rate, errors = rates[key]
        print(
            f"| {key[0]} | {key[1]} | {p50_raw:.2f} ms | {p50_req:.2f} ms | {p99_req:.2f} ms "
            f"| {rate:.0f} ({errors} errors) |"
        )


if __name__ == "__main__":
    main()

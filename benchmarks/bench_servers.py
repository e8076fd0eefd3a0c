"""Which WSGI server should serve the emulator? Measured side by side, interleaved.

For each candidate server (werkzeug's development server, waitress, cheroot) the emulator's
app and a constant app (the floor: the server's own cost) run in child processes; then, in
rounds, each gets WARM warm authorized GETs over one keep-alive connection (http.client) and
over a requests.Session, and THROUGHPUT_CLIENTS clients in parallel. Prints a Markdown table.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_emulator import build_secured_stack  # noqa: E402
from clients import http_client_latencies, percentile, session_latencies, throughput  # noqa: E402
from machine import load_average, machine_description  # noqa: E402
from serve_candidate import start_candidate  # noqa: E402

SERVERS = ("werkzeug", "waitress", "cheroot")
WARM, ROUNDS = 300, 3
CLIENTS, PER_CLIENT = 8, 100


def start(server: str, app: str) -> tuple[subprocess.Popen[str], str]:
    return start_candidate(server, app)


def throughput_of(url: str, headers: dict[str, str]) -> tuple[float, int]:
    return throughput(url, headers, CLIENTS, PER_CLIENT)


def main() -> None:
    load_before = load_average()
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
        rates = {key: throughput_of(*targets[key]) for key in targets}
    finally:
        for child in children:
            child.kill()
    print(f"Machine: {machine_description()}\nDate: {time.strftime('%Y-%m-%d')}")
    print(f"Load average: {load_before} before, {load_average()} after\n")
    print("| server | app | p50 http.client | p50 requests | p99 requests | req/s, 8 clients |")
    print("|---|---|---|---|---|---|")
    for key, by_client in results.items():
        p50_raw = percentile(by_client["http.client"], 0.5)
        p50_req = percentile(by_client["requests"], 0.5)
        p99_req = percentile(by_client["requests"], 0.99)
        rate, errors = rates[key]
        print(
            f"| {key[0]} | {key[1]} | {p50_raw:.2f} ms | {p50_req:.2f} ms | {p99_req:.2f} ms "
            f"| {rate:.0f} ({errors} errors) |"
        )


if __name__ == "__main__":
    main()

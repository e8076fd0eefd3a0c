"""The benchmarks' HTTP clients: sequential latencies over one keep-alive connection, and
throughput from many such connections at once."""

from __future__ import annotations

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def _connection(url: str) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30), path


def http_client_latencies(url: str, headers: dict[str, str], count: int) -> list[float]:
    """Milliseconds per GET, ``count`` in a row over one keep-alive connection (http.client:
    the least a Python client adds)."""
    connection, path = _connection(url)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}")
    connection.close()
    return latencies


def session_latencies(url: str, headers: dict[str, str], count: int) -> list[float]:
    """Milliseconds per GET, ``count`` in a row with a requests.Session (keep-alive: what the
    notebooks use)."""
    latencies = []
    with requests.Session() as session:
        for _ in range(count):
            started = time.perf_counter()
            status = session.get(url, headers=headers, timeout=30).status_code
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"GET {url} answered {status}")
    return latencies


def throughput(
    url: str, headers: dict[str, str], clients: int, per_client: int
) -> tuple[float, int]:
    """(requests per second, non-200 answers) from ``clients`` keep-alive connections at once,
    each sending ``per_client`` GETs after one unmeasured GET; timed from the moment all are
    connected to the last answer."""
    ready = threading.Barrier(clients + 1)
    done: list[float] = []

    def client(_: int) -> list[int]:
        connection, path = _connection(url)
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
        ready.wait()
        statuses = []
        for _ in range(per_client):
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            except (OSError, http.client.HTTPException):
                statuses.append(0)
                connection.close()
                connection, path = _connection(url)
        done.append(time.perf_counter())
        connection.close()
        return statuses

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(client, index) for index in range(clients)]
        ready.wait()
        started = time.perf_counter()
        statuses = [status for future in futures for status in future.result()]
    elapsed = max(done) - started
    return len(statuses) / elapsed, sum(1 for status in statuses if status != 200)

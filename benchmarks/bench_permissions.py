"""The Lambda permission check as the number of distinct SourceArn patterns grows.

N functions each have the tutorial's policy (one statement, ``…/{apiId}/*/GET/users``), and
the checks cycle through them, so N distinct patterns are matched in turn, as an emulator
serving N learners' APIs would. Measured in the same run: the whole check
(``apigateway_may_invoke``), its matcher alone (``awsrules.iam_wildcards``, no regex), and the
matcher it replaced (a regex per pattern, compiled into an lru_cache of 4,096, which
recompiles every pattern once N is past its cache).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import load_average, machine_description  # noqa: E402

from awsrules.apigateway.invoke_permission import apigateway_may_invoke  # noqa: E402
from awsrules.iam_wildcards import wildcard_match  # noqa: E402

PATTERN_COUNTS = (10, 300, 1000, 5000)
CHECKS = 20_000
ROUNDS = 5
ACCOUNT_ARN = "arn:aws:execute-api:us-east-1:123456789012"


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL)


def cached_regex_match(pattern: str, value: str) -> bool:
    """The matcher before: a compiled regex per pattern, in an lru_cache of 4,096."""
    return _compiled(pattern).fullmatch(value) is not None


def policy(api_id: str) -> tuple[dict[str, object], ...]:
    return (
        {
            "Sid": "apigateway-get-users",
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "lambda:InvokeFunction",
            "Resource": f"arn:aws:lambda:us-east-1:123456789012:function:f-{api_id}",
            "Condition": {"ArnLike": {"AWS:SourceArn": f"{ACCOUNT_ARN}:{api_id}/*/GET/users"}},
        },
    )


def per_check_us(count: int, check: Callable[[int], bool]) -> float:
    """Median over ROUNDS of the time per check, cycling through ``count`` functions."""
    _compiled.cache_clear()
    rounds = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for index in range(CHECKS):
            if not check(index % count):
                raise AssertionError("the permission should allow the call")
        rounds.append((time.perf_counter() - started) / CHECKS * 1e6)
    return statistics.median(rounds)


def measure(count: int) -> tuple[float, float, float]:
    api_ids = [f"a{index:09d}" for index in range(count)]
    policies = [policy(api_id) for api_id in api_ids]
    patterns = [f"{ACCOUNT_ARN}:{api_id}/*/GET/users" for api_id in api_ids]
    arns = [f"{ACCOUNT_ARN}:{api_id}/dev/GET/users" for api_id in api_ids]
    return (
        per_check_us(count, lambda i: apigateway_may_invoke(policies[i], arns[i])),
        per_check_us(count, lambda i: wildcard_match(patterns[i], arns[i])),
        per_check_us(count, lambda i: cached_regex_match(patterns[i], arns[i])),
    )


def main() -> None:
    load_before = load_average()
    rows = [(count, *measure(count)) for count in PATTERN_COUNTS]
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}")
    print(f"Load average: {load_before} before, {load_average()} after\n")
    print(
        "| distinct SourceArn patterns | whole check (now) | matcher, no regex (now) "
        "| matcher, cached regex (before) |"
    )
    print("|---|---|---|---|")
    _, check_10, match_10, regex_10 = rows[0]
    for count, check, match, regex in rows:
        print(
            f"| {count:,} | {check:.2f} µs ({check / check_10:.2f}×) "
            f"| {match:.2f} µs ({match / match_10:.2f}×) "
            f"| {regex:.2f} µs ({regex / regex_10:.2f}×) |"
        )
    print("\n(×: the cost relative to 10 patterns in the same column)")


if __name__ == "__main__":
    main()

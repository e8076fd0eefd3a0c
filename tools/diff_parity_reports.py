"""Compare two parity reports checkpoint by checkpoint (tools/parity_report.py).

    make parity                                   # .workbook/parity/local.jsonl against aws.jsonl
    make parity A=old/local.jsonl B=.workbook/parity/local.jsonl
    python tools/diff_parity_reports.py A.jsonl B.jsonl       # what make parity runs

Checkpoints are matched by notebook and cell id. One differs when its result (pass, fail, not
run), its marks (✅/❌, line by line), its HTTP lines (status and body, line by line) or its
error differ; each difference is printed with what A and B show, as `A → B` (for a checkpoint
one run did not reach, only its result). Checkpoints in one report only are listed too.
Labels, the text beside a mark and what an HTTP line names are shown but not compared: they
describe the checkpoint, and a diagnosis line names things (an ARN, a pool) that are not
behaviour.

Exit status 0 when the reports agree, 1 when they differ, 2 when one cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.parity_report import (  # noqa: E402
    FAIL_MARK,
    NOT_RUN,
    PASS_MARK,
    Checkpoint,
    HttpShown,
    ReportError,
    read_report,
)

MISSING = "(none)"
Difference = tuple[str, list[str]]  # a checkpoint's name, and what differs (empty: one only)


def mark_of(line: str | None) -> str | None:
    return None if line is None else line.lstrip()[:1]


def show_mark(line: str | None) -> str:
    return MISSING if line is None else line.strip()


def http_value(shown: HttpShown | None) -> tuple[int | None, str] | None:
    return None if shown is None else (shown.status, shown.body)


def show_http(shown: HttpShown | None) -> str:
    if shown is None:
        return MISSING
    status = "-" if shown.status is None else str(shown.status)
    return f"{status} {shown.body}".rstrip()


def checkpoint_differences(a: Checkpoint, b: Checkpoint) -> list[str]:
    """What differs between the same checkpoint in two reports, one line each (empty: same)."""
    lines = []
    if a.result != b.result:
        lines.append(f"result: {a.result} → {b.result}")
    if NOT_RUN in (a.result, b.result) and a.result != b.result:
        return lines  # what it showed in the other run is in the other report
    for number, (mark_a, mark_b) in enumerate(zip_longest(a.marks, b.marks), start=1):
        if mark_of(mark_a) != mark_of(mark_b):
            lines.append(f"mark {number}: {show_mark(mark_a)} → {show_mark(mark_b)}")
    for number, (http_a, http_b) in enumerate(zip_longest(a.http, b.http), start=1):
        if http_value(http_a) != http_value(http_b):
            what = (http_a or http_b or HttpShown("", None, "")).what
            name = f"HTTP {number}" + (f" ({what})" if what else "")
            lines.append(f"{name}: {show_http(http_a)} → {show_http(http_b)}")
    if a.error != b.error:
        lines.append(f"error: {a.error or MISSING} → {b.error or MISSING}")
    return lines


def report_differences(
    a: list[Checkpoint], b: list[Checkpoint], a_name: str = "A", b_name: str = "B"
) -> list[Difference]:
    """Every checkpoint that differs between reports `a` and `b` or is in one of them only,
    in `a`'s order, then `b`'s own."""
    in_b = {checkpoint.key: checkpoint for checkpoint in b}
    in_a = {checkpoint.key for checkpoint in a}
    differences: list[Difference] = []
    for checkpoint in a:
        other = in_b.get(checkpoint.key)
        if other is None:
            differences.append((f"only in {a_name}: {checkpoint.name}", []))
            continue
        lines = checkpoint_differences(checkpoint, other)
        if lines:
            differences.append((checkpoint.name, lines))
    differences += [(f"only in {b_name}: {c.name}", []) for c in b if c.key not in in_a]
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Print the checkpoints whose result, marks or HTTP lines differ "
        f"between two parity reports ({PASS_MARK}/{FAIL_MARK}, status, body)."
    )
    parser.add_argument("a", type=Path, help="a parity report, e.g. .workbook/parity/local.jsonl")
    parser.add_argument("b", type=Path, help="another, e.g. .workbook/parity/aws.jsonl")
    args = parser.parse_args(argv)
    try:
        a, b = read_report(args.a), read_report(args.b)
    except ReportError as err:
        print(
            f"error: {err}. make notebooks writes the local report, make test-aws the AWS one.",
            file=sys.stderr,
        )
        return 2
    print(f"A: {args.a} ({len(a)} checkpoints)\nB: {args.b} ({len(b)} checkpoints)")
    differences = report_differences(a, b, "A", "B")
    for name, lines in differences:
        print(name)
        for line in lines:
            print(f"  {line}")
    if not differences:
        print("The reports agree: same results, marks, HTTP statuses and bodies.")
        return 0
    not_run = sum(1 for _, lines in differences if lines and lines[0].endswith(NOT_RUN))
    print(
        f"{len(differences)} checkpoint(s) differ (shown as A → B)"
        + (f", {not_run} of them not run in one report." if not_run else ".")
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Time the workbook: every notebook re-executed in order on a fresh local emulator.

    python benchmarks/bench_notebooks.py                                     # as today
    python benchmarks/bench_notebooks.py --consistency eventual --delay-scale 1

Targets: all notebooks in <= 60 s on the default emulator; with AWS's real delays and quotas
(`--consistency eventual --delay-scale 1`, docs/aws-behaviour.md section 21), an estimate of a
real-account run, <= 5 minutes, with no fixed sleeps (every wait polls until it is over).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import machine_description  # noqa: E402

from tools.execute_notebooks import execute_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Time every notebook on a fresh emulator.")
    parser.add_argument("--consistency", choices=("immediate", "eventual"), default=None)
    parser.add_argument("--delay-scale", type=float, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    timings = execute_all(save=False, consistency=args.consistency, delay_scale=args.delay_scale)
    wall = time.perf_counter() - started
    mode = args.consistency or "immediate"
    if args.delay_scale is not None:
        mode += f", delay scale {args.delay_scale:g}"
    target = 300 if args.consistency == "eventual" else 60
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}; load average {os.getloadavg()[0]:.2f}")
    print(f"Emulator: {mode}\n")
    print("| notebook | seconds (kernel start included) |")
    print("|---|---|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **all, with emulator start** | **{wall:.2f}** (target <= {target}) |")


if __name__ == "__main__":
    main()

"""Time the workbook: every notebook re-executed in order on a fresh local emulator.

Target (issue 3): all notebooks in <= 60 s on the 2-core machine. `make test` as a whole is
timed separately (see results.md), target <= 3 minutes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import machine_description  # noqa: E402

from tools.execute_notebooks import execute_all  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    timings = execute_all(save=False)
    wall = time.perf_counter() - started
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}\n")
    print("| notebook | seconds (kernel start included) |")
    print("|---|---|")
    for name, seconds in timings:
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **all, with emulator start** | **{wall:.2f}** (target <= 60) |")


if __name__ == "__main__":
    main()

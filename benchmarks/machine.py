"""The machine a benchmark ran on, and how busy it was, in one line each for results.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine_description() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model}), "
        f"{memory:.0f} GiB, Python {platform.python_version()}"
    )


def load_average() -> str:
    """``os.getloadavg()`` (1, 5, 15 minutes): other work on the machine skews timings, so
    every result carries the load it was taken under."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process (``VmHWM`` in /proc/<pid>/status), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")

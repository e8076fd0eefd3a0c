"""Time a fresh install from requirements.lock with pip and with uv, in one run, each into a new
venv with a new, empty download cache (a participant's first `make setup`), then once more
into another new venv with the cache the first install filled.

    python tools/bench_setup.py [--work DIR]

Both install the same lock with hash checking from the same index (PyPI; this machine's pip
configuration, which adds local wheel folders, is switched off for the pip runs so neither
gets files the other does not), then ``--no-deps -e .``; each venv is then checked against the
lock (tools/lockfile.py check). Prints one line per run and a Markdown table for
benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


@dataclass(frozen=True)
class Run:
    installer: str
    cache: str
    seconds: float
    exact: bool


def _environment(cache_dir: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    environment |= {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_CACHE_DIR": str(cache_dir / "pip"),
        "UV_CACHE_DIR": str(cache_dir / "uv"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    return environment


def _install(installer: str, venv: Path, environment: dict[str, str], work: Path) -> None:
    python = str(venv / "bin" / "python")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    quiet = ["--quiet"]
    if installer == "pip":
        pip = [python, "-m", "pip", "install", *quiet]
        subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True, env=environment)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True, env=environment)
        return
    uv_requirement = work / "uv-requirement.txt"
    uv_requirement.write_text(
        subprocess.run(
            [sys.executable, str(ROOT / "tools/lockfile.py"), "bootstrap"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    pip = [python, "-m", "pip", "install", *quiet]
    subprocess.run(
        [*pip, "--require-hashes", "--no-deps", "-r", str(uv_requirement)],
        check=True,
        env=environment,
    )
    uv = [str(venv / "bin" / "uv"), "pip", "install", "--quiet", "--python", python]
    subprocess.run([*uv, "--require-hashes", "-r", str(LOCK)], check=True, env=environment)
    subprocess.run([*uv, "--no-deps", "-e", str(ROOT)], check=True, env=environment)


def measure(installer: str, work: Path) -> list[Run]:
    cache = work / f"cache-{installer}"
    environment = _environment(cache)
    runs = []
    for label in ("empty cache", "warm cache"):
        venv = work / f"venv-{installer}-{label.split()[0]}"
        start = time.perf_counter()
        _install(installer, venv, environment, work)
        seconds = time.perf_counter() - start
        lockfile = str(ROOT / "tools/lockfile.py")
        check = subprocess.run(
            [str(venv / "bin/python"), lockfile, "check", "--strict"], check=False
        )
        runs.append(Run(installer, label, seconds, check.returncode == 0))
        print(f"{installer:>3} {label}: {seconds:.1f} s, exact: {check.returncode == 0}")
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="where the venvs and caches go (default: temp)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-setup-"))
    try:
        runs = measure("pip", work) + measure("uv", work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n| installer | cache | seconds | pip freeze == lock |\n|---|---|---|---|")
    for run in runs:
        print(f"| {run.installer} | {run.cache} | {run.seconds:.1f} | {run.exact} |")
    return 0 if all(run.exact for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())

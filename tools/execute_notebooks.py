"""Re-execute the notebooks in order against a fresh emulator, as nbval does.

    python tools/execute_notebooks.py           # execute and report seconds per notebook
    python tools/execute_notebooks.py --save    # ... and write the outputs into the files
    python tools/execute_notebooks.py --save --only 06 07   # run all, write only these

`--save` is how the committed outputs are made (local backend, prefix `alice`); nbval then
compares every later run with them. `benchmarks/notebooks.py` times this without saving.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from emulator.process import EmulatorProcess  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def execute_all(save: bool, only: tuple[str, ...] = ()) -> list[tuple[str, float]]:
    emulator = EmulatorProcess()
    os.environ.update(
        {
            "WORKBOOK_BACKEND": "local",
            "WORKBOOK_EMULATOR_URL": emulator.url,
            "WORKBOOK_PREFIX": "alice",
            "WORKBOOK_REGION": "us-east-1",
            "PYTHONPATH": str(ROOT),
        }
    )
    timings: list[tuple[str, float]] = []
    try:
        for path in NOTEBOOKS:
            notebook = nbformat.read(path, as_version=4)
            started = time.perf_counter()
            NotebookClient(
                notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            timings.append((path.name, time.perf_counter() - started))
            if save and (not only or path.name.startswith(only)):
                nbformat.write(notebook, path)
    finally:
        emulator.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", action="store_true", help="write the outputs into the notebooks")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="with --save: write only notebooks with these prefixes",
    )
    args = parser.parse_args()
    timings = execute_all(args.save, tuple(args.only))
    for name, seconds in timings:
        print(f"{name:32} {seconds:6.2f} s")
    print(f"{'total':32} {sum(s for _, s in timings):6.2f} s")


if __name__ == "__main__":
    main()

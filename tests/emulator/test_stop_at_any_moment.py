"""A SIGTERM that comes at any moment after the ready line stops the emulator.

cheroot's worker threads are not daemons: a stop that skipped ``server.stop()`` (a signal
between the ready line and the serving loop) left the process waiting for them forever, so
``EmulatorProcess.stop`` and a learner's ``kill`` hung (seen in CI, 3 of 8 starts here)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_sigterm_right_after_the_ready_lines_always_exits_within_five_seconds(
    tmp_path: Path,
) -> None:
    took: list[float] = []
    for attempt in range(8):
        process = subprocess.Popen(
            [sys.executable, "-m", "emulator", "--port", "0", "--quiet"],
            cwd=REPO,
            env={
                **os.environ,
                "WORKBOOK_STATE_DIR": str(tmp_path / str(attempt)),
                "PYTHONUNBUFFERED": "1",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        process.stdout.readline()  # emulator: ready on …
        process.stdout.readline()  # the credentials' usage line
        started = time.monotonic()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"start {attempt}: still running 5 s after SIGTERM") from None
        finally:
            process.stdout.close()
        took.append(time.monotonic() - started)
        assert process.returncode == 0, (attempt, process.returncode)
    assert len(took) == 8

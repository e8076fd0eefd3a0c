"""Stop the learner's own emulator: the one ``connect()`` started (``make stop``; ``make lab``
calls it when the Lab stops).

    python -m tools.stop_emulator

``connect()`` records the emulator it starts in the user's private state directory
(helpers/backend.py ``EmulatorFiles``: ``workbook-emulator/emulator.json`` ``{url, pid}``, the
credentials beside it). It is stopped only when it proves, at that URL, that it holds this
user's credentials (``emulator_owned``, the ownership proof of docs/aws-behaviour.md 25.7), and
the recorded process is an emulator of this user's: another user's emulator on a shared host,
or a process that reused the number, is never signalled. It gets SIGTERM, on which it stops its
Lambda workers and exits (emulator/server.py ``serve``); SIGKILL only if it is still there after
``deadline_s``. The emulator of ``make emulator`` runs in its terminal: Ctrl-C stops it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from emulator.gate.credentials import read_credentials_file
from helpers.backend import EMULATOR_PID, EmulatorFiles, emulator_owned, emulator_ready

STOP_DEADLINE_S = 10.0


@dataclass(frozen=True)
class Recorded:
    url: str
    pid: int


@dataclass(frozen=True)
class Stopped:
    """What ``stop_emulator`` did: ``ok`` is False only when something runs that it refused to
    stop."""

    message: str
    ok: bool = True
    stopped: bool = False


def read_recorded(files: EmulatorFiles) -> Recorded | None:
    try:
        recorded = json.loads(files.url_file.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict):
        return None
    url, pid = recorded.get("url"), recorded.get("pid")
    if not isinstance(url, str) or not isinstance(pid, int) or isinstance(pid, bool):
        return None
    return Recorded(url, pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to signal
        return True
    return True


def _is_users_emulator(pid: int) -> bool:
    """The process runs ``python -m emulator`` as this user (read from /proc where there is one;
    elsewhere the ownership proof alone decides)."""
    proc = Path("/proc") / str(pid)
    if not Path("/proc/self").exists():
        return True
    try:
        owner = proc.stat().st_uid
        arguments = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return owner == os.getuid() and b"emulator" in arguments


def _wait_gone(pid: int, deadline_s: float) -> bool:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        _reap(pid)
        time.sleep(0.05)
    return not _alive(pid)


def _reap(pid: int) -> None:
    """Collect the exit status when the emulator is our own child (a test's), so it is gone."""
    with suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop_emulator(
    files: EmulatorFiles | None = None, *, deadline_s: float = STOP_DEADLINE_S
) -> Stopped:
    files = files or EmulatorFiles.for_user()
    recorded = read_recorded(files)
    if recorded is None:
        return Stopped(f"No emulator to stop: connect() has recorded none in {files.directory}.")
    where = f"{recorded.url} (pid {recorded.pid})"
    if not emulator_ready(recorded.url):
        files.url_file.unlink(missing_ok=True)
        return Stopped(f"No emulator to stop: the one last started at {where} is not running.")
    credentials = read_credentials_file(files.credentials)
    if credentials is None or not emulator_owned(recorded.url, credentials):
        return Stopped(
            f"The emulator at {recorded.url} is not yours (it cannot prove it holds the "
            f"credentials in {files.credentials}); it was left running.",
            ok=False,
        )
    if not _is_users_emulator(recorded.pid):
        return Stopped(
            f"Your emulator answers at {recorded.url}, but process {recorded.pid} recorded in "
            f"{files.url_file} is not it; nothing was signalled. Stop it from its terminal, or "
            "find its process with: ps -u $USER -f | grep 'm emulator'",
            ok=False,
        )
    os.kill(recorded.pid, signal.SIGTERM)
    if not _wait_gone(recorded.pid, deadline_s):
        os.kill(recorded.pid, signal.SIGKILL)
        _wait_gone(recorded.pid, 2.0)
    files.url_file.unlink(missing_ok=True)
    _forget_pid_file(recorded.pid)
    return Stopped(f"Stopped your emulator at {where}.", stopped=True)


def _forget_pid_file(pid: int, path: Path = EMULATOR_PID) -> None:
    """``.workbook/emulator.pid`` (what connect() leaves in the checkout for ``kill``), when it
    names the process just stopped."""
    with suppress(OSError, ValueError):
        if int(path.read_text().strip()) == pid:
            path.unlink()


def main() -> int:
    result = stop_emulator()
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())

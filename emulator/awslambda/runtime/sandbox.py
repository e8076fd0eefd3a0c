"""How far the emulator keeps a function away from the host without Docker (emulator/README.md,
"Sandbox"; docs/aws-behaviour.md 24.1-24.4).

- ``harden_emulator_process()`` (called once by ``emulator.server.serve``): the emulator is
  not dumpable (``prctl(PR_SET_DUMPABLE, 0)``), so a process of the same uid cannot read its
  ``/proc/<pid>/environ`` or ``/mem``; and it is a child subreaper
  (``prctl(PR_SET_CHILD_SUBREAPER, 1)``), so a grandchild that left its worker's process group
  (``setsid`` after a double fork) is re-parented to the emulator, not to init, and
  ``reap_escaped()`` can still find and kill it. Both are Linux-only; elsewhere a no-op.
- Every worker is a session leader (``start_new_session``) and is killed as a group
  (``kill_group``): SIGTERM, a short grace, then SIGKILL to the whole group.
- ``SandboxIds``: when the emulator runs as root (CI, containers), each function gets its own
  unprivileged uid and gid from ``SANDBOX_UID_BASE`` upwards (numbers no user of the host
  holds, checked with ``pwd``/``grp``), with no supplementary groups and umask 077. Its code
  is root-owned and readable by its gid only, so a function can read neither another
  function's code nor a 0600 file of the emulator's user, and cannot write into the repo or
  the virtualenv. No user is created: the kernel needs no passwd entry to run as a uid, and a
  per-function uid also keeps functions from ptracing one another. When the emulator is not
  root, functions run as the emulator's user (the learner), which is what remains.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import grp
import logging
import os
import pwd
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36

SANDBOX_UID_BASE = 57000
"""First uid/gid tried for functions (below 65536, so it maps in a container's user
namespace too); numbers the host's passwd or group database knows are skipped."""
SANDBOX_UID_COUNT = 2000
KILL_GRACE_SECONDS = 0.5
"""How long a worker's group has after SIGTERM before SIGKILL."""

_subreaper = False
_tracked: set[int] = set()
_tracked_lock = threading.RLock()
"""Worker pids the runtime holds (their exit status belongs to their ``Popen``)."""


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return int(libc.prctl(option, value, 0, 0, 0)) == 0


def harden_emulator_process() -> None:
    """Not dumpable, and a child subreaper (Linux; a no-op elsewhere)."""
    global _subreaper
    if not _prctl(PR_SET_DUMPABLE, 0):
        log.info("emulator: not on Linux; a function can read the emulator's /proc entries")
    _subreaper = _prctl(PR_SET_CHILD_SUBREAPER, 1)


def is_dumpable() -> bool:
    """``/proc/self/status``'s view is not exposed; ask prctl (PR_GET_DUMPABLE = 3)."""
    if not sys.platform.startswith("linux"):
        return True
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return bool(libc.prctl(3, 0, 0, 0, 0))


def track(pid: int) -> None:
    with _tracked_lock:
        _tracked.add(pid)


def untrack(pid: int) -> None:
    with _tracked_lock:
        _tracked.discard(pid)


def spawn_lock() -> threading.RLock:
    """Held while a worker is started and tracked, so ``reap_escaped`` never takes a worker
    for an escaped grandchild."""
    return _tracked_lock


def kill_group(pgid: int, *, leader_exited: bool) -> None:
    """SIGTERM the group, wait up to KILL_GRACE_SECONDS for its leader, then SIGKILL it."""
    if not leader_exited:
        _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + KILL_GRACE_SECONDS
        while time.monotonic() < deadline and not _has_exited(pgid):
            time.sleep(0.01)
    _signal_group(pgid, signal.SIGKILL)


def _has_exited(pid: int) -> bool:
    """True once the child has exited, without reaping it (its Popen does that)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass
    except PermissionError:  # a member changed uid; nothing of ours is left to signal
        pass


def _children() -> list[int]:
    me = os.getpid()
    found: list[int] = []
    for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat_line = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat_line.rsplit(")", 1)[1].split()
        if int(fields[1]) == me:
            found.append(int(entry.name))
    return found


def reap_escaped() -> int:
    """Kill and reap the emulator's children that are not workers it holds: grandchildren
    re-parented here (subreaper) after their worker ended. Returns how many. Only when
    ``harden_emulator_process`` made this process a subreaper (else its children are not
    the runtime's to kill)."""
    if not _subreaper:
        return 0
    count = 0
    with _tracked_lock:
        strays = [pid for pid in _children() if pid not in _tracked]
        for pid in strays:
            for kill in (os.killpg, os.kill):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    kill(pid, signal.SIGKILL)
    for pid in strays:
        try:
            os.waitpid(pid, 0)
            count += 1
        except ChildProcessError:
            pass
    return count


class SandboxIds:
    """One unprivileged uid/gid per function when the emulator is root; None otherwise."""

    def __init__(self, *, enabled: bool | None = None) -> None:
        self.enabled = os.geteuid() == 0 if enabled is None else enabled
        self._by_function: dict[str, int] = {}
        self._next = SANDBOX_UID_BASE
        self._lock = threading.Lock()

    def for_function(self, function_arn: str) -> int | None:
        if not self.enabled:
            return None
        with self._lock:
            if function_arn not in self._by_function:
                self._by_function[function_arn] = self._allocate()
            return self._by_function[function_arn]

    def _allocate(self) -> int:
        while self._next < SANDBOX_UID_BASE + SANDBOX_UID_COUNT:
            candidate, self._next = self._next, self._next + 1
            if not _id_known(candidate):
                return candidate
        raise RuntimeError("no free sandbox uid left; restart the emulator")


def _id_known(number: int) -> bool:
    try:
        pwd.getpwuid(number)
        return True
    except KeyError:
        pass
    try:
        grp.getgrgid(number)
        return True
    except KeyError:
        return False


def reachable_by_others(path: str | os.PathLike[str]) -> bool:
    """Whether a uid with no relation to the file's owner can read it (and traverse to it)."""
    resolved = Path(os.path.realpath(path))
    for folder in resolved.parents:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return False
    mode = os.stat(resolved).st_mode
    return bool(mode & stat.S_IROTH) and (not resolved.is_dir() or bool(mode & stat.S_IXOTH))


def all_reachable_by_others(paths: Iterable[str]) -> bool:
    return all(reachable_by_others(path) for path in paths)


def lock_down_code(task_root: str, gid: int) -> None:
    """The extracted code: root-owned, readable (not writable) by the function's gid only."""
    for folder, dirs, files in os.walk(task_root):
        os.chown(folder, 0, gid, follow_symlinks=False)
        os.chmod(folder, 0o750)
        for name in files:
            target = os.path.join(folder, name)
            if os.path.islink(target):
                os.chown(target, 0, gid, follow_symlinks=False)
                continue
            executable = os.stat(target).st_mode & stat.S_IXUSR
            os.chown(target, 0, gid)
            os.chmod(target, 0o750 if executable else 0o640)
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                os.chown(os.path.join(folder, name), 0, gid, follow_symlinks=False)

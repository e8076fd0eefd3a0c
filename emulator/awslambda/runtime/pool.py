"""Warm workers for one function spec, as Lambda keeps execution environments warm.

Lambda reuses an idle execution environment for the next request and starts another one
only when every environment is busy (developer guide, "Lambda execution environment" and
"Understanding Lambda function scaling"). The pool starts empty, starts a worker on the
first call, reuses idle workers, grows up to ``max_workers`` while all are busy and makes
further callers wait. The deployment package is extracted once per spec into a directory
that plays the part of ``/var/task``: on the first ``acquire``, under this pool's own lock,
never the runtime's, so another function's invokes do not wait for it (code.py caps it).

Idle workers remember when they were last used: the runtime retires those idle longer than
its idle time, and the least recently used one when its cap on live workers is reached
(runtime.py). When the emulator is root, the workers run under the function's own uid and
the extracted code is readable by that uid's group only (sandbox.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from . import code, sandbox
from .aws_shapes import new_log_stream_name
from .code import PackageRejected
from .environment import worker_environment
from .types import FunctionSpec
from .worker import Worker


class PoolClosed(Exception):
    """The pool was retired (new code or configuration, or a runtime reset)."""


class WorkerPool:
    """Workers for one spec; ``acquire``/``release``/``discard`` are thread-safe."""

    def __init__(
        self,
        spec: FunctionSpec,
        *,
        command: Sequence[str],
        parent_dir: str,
        function_env: Mapping[str, str],
        max_workers: int,
        uid: int | None = None,
        before_start: Callable[[], None] = lambda: None,
    ) -> None:
        self.spec = spec
        self._command = list(command)
        self._function_env = dict(function_env)
        self._max_workers = max_workers
        self._uid = uid
        self._before_start = before_start
        # Never the function's name in a path (docs/aws-behaviour.md 24.8).
        self.task_root = tempfile.mkdtemp(prefix="task-", dir=parent_dir)
        self._extract_lock = threading.Lock()
        self._extracted: PackageRejected | bool = False
        self._cond = threading.Condition()
        self._idle: list[tuple[Worker, float]] = []
        self._all: set[Worker] = set()
        self._starting = 0
        self._closed = False
        self.last_used = time.monotonic()

    def extract(self) -> None:
        """Extract the package once (PackageRejected, every time, if it cannot be)."""
        with self._extract_lock:
            if self._extracted is False:
                try:
                    code.extract_package(self.spec.code_zip, self.task_root)
                    if self._uid is not None:
                        sandbox.lock_down_code(self.task_root, self._uid)
                    self._extracted = True
                except PackageRejected as rejected:
                    self._extracted = rejected
            if isinstance(self._extracted, PackageRejected):
                raise self._extracted

    def acquire(self) -> Worker:
        """An idle worker, or a new one (not yet initialised) when all are busy."""
        self.extract()
        with self._cond:
            while True:
                if self._closed:
                    raise PoolClosed()
                self.last_used = time.monotonic()
                if self._idle:
                    return self._idle.pop()[0]
                if len(self._all) + self._starting < self._max_workers:
                    self._starting += 1
                    break
                self._cond.wait()
        try:
            self._before_start()
            worker = self._start_worker()
        finally:
            with self._cond:
                self._starting -= 1
                self._cond.notify()
        with self._cond:
            self._all.add(worker)
            closed = self._closed
        if closed:
            self.discard(worker)
            raise PoolClosed()
        return worker

    def release(self, worker: Worker) -> None:
        """Give a healthy worker back for the next call."""
        with self._cond:
            if not self._closed:
                self._idle.append((worker, time.monotonic()))
                self._cond.notify()
                return
        self.discard(worker)

    @property
    def live_workers(self) -> int:
        with self._cond:
            return len(self._all) + self._starting

    def oldest_idle(self) -> float | None:
        """When the least recently used idle worker was released, or None."""
        with self._cond:
            return min((since for _, since in self._idle), default=None)

    def retire_idle(self, *, idle_before: float, limit: int | None = None) -> int:
        """Stop idle workers released before ``idle_before`` (at most ``limit``, oldest
        first); return how many."""
        with self._cond:
            self._idle.sort(key=lambda entry: entry[1])
            chosen = [w for w, since in self._idle if since < idle_before][:limit]
            self._idle = [(w, since) for w, since in self._idle if w not in chosen]
        for worker in chosen:
            self.discard(worker)
        return len(chosen)

    def discard(self, worker: Worker) -> None:
        """Stop a worker that timed out, exited or belongs to a retired pool."""
        worker.close()
        with self._cond:
            self._all.discard(worker)
            self._cond.notify()
            finished = self._closed and not self._all and not self._starting
        if finished:
            shutil.rmtree(self.task_root, ignore_errors=True)

    def close(self, *, kill_busy: bool = False) -> None:
        """Retire the pool: stop idle workers now and busy ones as soon as they finish.

        With ``kill_busy`` (shutdown), busy workers are killed at once and their callers get
        a Runtime.ExitError result; otherwise in-flight calls finish on the old code, as
        Lambda lets them finish after an update.
        """
        with self._cond:
            self._closed = True
            idle, self._idle = [w for w, _ in self._idle], []
            busy = [worker for worker in self._all if worker not in idle]
            self._cond.notify_all()
        for worker in busy if kill_busy else []:
            worker.terminate()
        for worker in idle:
            self.discard(worker)
        with self._cond:
            finished = not self._all and not self._starting
        if finished:
            shutil.rmtree(self.task_root, ignore_errors=True)

    def _start_worker(self) -> Worker:
        stream = new_log_stream_name(self.spec.version)
        env = worker_environment(
            self.spec,
            task_root=self.task_root,
            log_stream_name=stream,
            function_env=self._function_env,
        )
        return Worker(
            self._command, env=env, cwd=self.task_root, log_stream_name=stream, uid=self._uid
        )


def make_parent_dir() -> tempfile.TemporaryDirectory[str]:
    """The runtime's folder of extracted packages: traversable, not listable, by others."""
    root = tempfile.TemporaryDirectory(prefix="lambda-runtime-", ignore_cleanup_errors=True)
    os.chmod(root.name, 0o711)
    return root

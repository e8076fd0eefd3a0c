"""Warm workers for one function spec, as Lambda keeps execution environments warm.

Lambda reuses an idle execution environment for the next request and starts another one
only when every environment is busy (developer guide, "Lambda execution environment" and
"Understanding Lambda function scaling"). The pool starts empty, starts a worker on the
first call, reuses idle workers, grows up to ``max_workers`` while all are busy and makes
further callers wait. The deployment package is extracted once per spec into a directory
that plays the part of ``/var/task``.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Mapping, Sequence

from .aws_shapes import new_log_stream_name
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
    ) -> None:
        self.spec = spec
        self._command = list(command)
        self._function_env = dict(function_env)
        self._max_workers = max_workers
        self.task_root = tempfile.mkdtemp(prefix=f"{spec.function_name}-", dir=parent_dir)
        with zipfile.ZipFile(io.BytesIO(spec.code_zip)) as archive:
            archive.extractall(self.task_root)
        self._cond = threading.Condition()
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._starting = 0
        self._closed = False

    def acquire(self) -> Worker:
        """An idle worker, or a new one (not yet initialised) when all are busy."""
        with self._cond:
            while True:
                if self._closed:
                    raise PoolClosed()
                if self._idle:
                    return self._idle.pop()
                if len(self._all) + self._starting < self._max_workers:
                    self._starting += 1
                    break
                self._cond.wait()
        try:
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
                self._idle.append(worker)
                self._cond.notify()
                return
        self.discard(worker)

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
            idle, self._idle = self._idle, []
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
        return Worker(self._command, env=env, cwd=self.task_root, log_stream_name=stream)

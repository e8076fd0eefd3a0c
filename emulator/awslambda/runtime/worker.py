"""One worker process: the emulator's execution environment for one function spec.

The parent and the worker talk over two extra pipes (passed with ``pass_fds``) in
newline-delimited JSON, so the function's own stdout and stderr stay free to be captured as
logs, as Lambda captures them. A worker serves one invocation at a time and is reused for the
next one (a warm start), as Lambda reuses an execution environment.
"""

from __future__ import annotations

import json
import math
import os
import select
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

from .aws_shapes import now_ms

LogRecord = tuple[int, str]  # (timestamp in ms since the epoch, message)

_READ_SIZE = 1 << 16


class WorkerExited(Exception):
    """The worker process ended (the function called ``sys.exit``/``os._exit``, or crashed)."""

    def __init__(self, returncode: int) -> None:
        super().__init__(f"worker exited with status {returncode}")
        self.returncode = returncode


class WorkerTimedOut(Exception):
    """The worker did not answer before the deadline."""


class Worker:
    """A started worker process and its two protocol pipes.

    Only the thread that holds the worker (from ``WorkerPool.acquire``) may call ``call`` or
    ``close``; ``terminate`` may be called from any thread.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: str,
        log_stream_name: str,
    ) -> None:
        from_worker_r, from_worker_w = os.pipe()
        to_worker_r, to_worker_w = os.pipe()
        self._spawned_at = time.monotonic()
        try:
            self._proc = subprocess.Popen(
                [*argv, str(to_worker_r), str(from_worker_w)],
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=(to_worker_r, from_worker_w),
                start_new_session=True,
            )
        except BaseException:
            os.close(from_worker_r)
            os.close(to_worker_w)
            raise
        finally:
            os.close(to_worker_r)
            os.close(from_worker_w)
        self._rfd: int | None = from_worker_r
        self._wfd: int | None = to_worker_w
        self._poll = select.poll()
        self._poll.register(from_worker_r, select.POLLIN)
        self._buffer = bytearray()
        self._stray: list[LogRecord] = []
        self._stray_lock = threading.Lock()
        self._peak_mb = 0
        self.log_stream_name = log_stream_name
        self.initialised = False
        assert self._proc.stdout is not None
        threading.Thread(
            target=self._drain_output,
            args=(self._proc.stdout,),
            name=f"lambda-worker-{self._proc.pid}-output",
            daemon=True,
        ).start()

    @property
    def pid(self) -> int:
        return self._proc.pid

    def initialise(self, logs: list[LogRecord], *, timeout_seconds: float) -> float:
        """Wait for the init phase (loading the handler); return the Init Duration in ms."""
        self._read_until("ready", logs, time.monotonic() + timeout_seconds)
        self.initialised = True
        return (time.monotonic() - self._spawned_at) * 1000

    def call(
        self, request: Mapping[str, Any], logs: list[LogRecord], *, deadline: float
    ) -> dict[str, Any]:
        """Send one invocation and return the worker's result frame; log frames go to logs.

        Raises WorkerTimedOut at ``deadline`` (``time.monotonic()``) and WorkerExited when the
        process ends first.
        """
        data = memoryview((json.dumps(request) + "\n").encode())
        try:
            while data:
                assert self._wfd is not None
                data = data[os.write(self._wfd, data) :]
        except BrokenPipeError as err:
            raise WorkerExited(self._reap()) from err
        return self._read_until("result", logs, deadline)

    def take_stray_output(self) -> list[LogRecord]:
        """Lines written straight to file descriptors 1 and 2 (e.g. by a child process)."""
        with self._stray_lock:
            lines, self._stray = self._stray, []
        return lines

    def max_memory_used_mb(self) -> int:
        """Peak resident memory of the process (VmHWM), the REPORT line's Max Memory Used."""
        try:
            with open(f"/proc/{self._proc.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self._peak_mb = math.ceil(int(line.split()[1]) / 1024)
                        break
        except OSError:
            pass  # no /proc (not Linux) or the process is gone: keep the last value
        return self._peak_mb

    def terminate(self) -> None:
        """Kill the process; safe from any thread (the holder then sees WorkerExited)."""
        if self._proc.poll() is None:
            self._proc.kill()

    def close(self) -> None:
        """Kill the process and release its pipes."""
        self.terminate()
        self._proc.wait()
        for fd in (self._rfd, self._wfd):
            if fd is not None:
                os.close(fd)
        self._rfd = self._wfd = None

    def _read_until(self, kind: str, logs: list[LogRecord], deadline: float) -> dict[str, Any]:
        while True:
            frame = self._read_frame(deadline)
            if frame.get("t") == "log":
                logs.append((int(frame["ts"]), str(frame["m"])))
            elif frame.get("t") == kind:
                return frame

    def _read_frame(self, deadline: float) -> dict[str, Any]:
        assert self._rfd is not None
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self._buffer[:newline])
                del self._buffer[: newline + 1]
                frame: dict[str, Any] = json.loads(line)
                return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._poll.poll(math.ceil(remaining * 1000)):
                raise WorkerTimedOut()
            chunk = os.read(self._rfd, _READ_SIZE)
            if not chunk:
                raise WorkerExited(self._reap())
            self._buffer += chunk

    def _reap(self) -> int:
        try:
            return self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:  # closed its end of the pipe but kept running
            self._proc.kill()
            return self._proc.wait()

    def _drain_output(self, stream: IO[bytes]) -> None:
        with stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                with self._stray_lock:
                    self._stray.append((now_ms(), line))

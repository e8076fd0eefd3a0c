"""One worker process: the emulator's execution environment for one function spec.

The parent and the worker talk over two extra pipes (passed with ``pass_fds``), so the
function's own stdout and stderr stay free to be captured as logs, as Lambda captures them. A
worker serves one invocation at a time and is reused for the next one (a warm start), as
Lambda reuses an execution environment.

The protocol, in both directions, is a stream of frames; python_worker.py and node_worker.js
speak the same one:

    header length H, body length B   two unsigned 32-bit big-endian integers
    header                           H bytes: a small JSON object
    body                             B bytes, raw

The event and the function's result are bodies, as bytes: they are never escaped into a JSON
string inside the header, so a 5 MB event costs two pipe copies, not two JSON encodings and
two decodings on each side. The parent sends one frame per invocation (header ``{"id",
"deadline_ms", "arn"}``, body the event); the worker answers with ``{"t": "log", "ts"}``
frames (body: the message, UTF-8), one ``{"t": "ready"}`` after init and one
``{"t": "result", "ok", "max_rss_kb"}`` per invocation (body: the payload; ``max_rss_kb``: the
worker's peak resident memory, for the REPORT line).
"""

from __future__ import annotations

import json
import math
import os
import select
import struct
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

from . import sandbox
from .aws_shapes import now_ms

LogRecord = tuple[int, str]  # (timestamp in ms since the epoch, message)
Header = dict[str, Any]

FRAME_PREFIX = struct.Struct(">II")
"""(header length, body length) before every frame."""
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
        uid: int | None = None,
    ) -> None:
        from_worker_r, from_worker_w = os.pipe()
        to_worker_r, to_worker_w = os.pipe()
        self._spawned_at = time.monotonic()
        # Its own session and process group, killed as a group (sandbox.kill_group); under
        # the function's own uid when the emulator is root (sandbox.SandboxIds).
        identity: dict[str, Any] = {}
        if uid is not None:
            identity = {"user": uid, "group": uid, "extra_groups": [], "umask": 0o077}
        try:
            with sandbox.spawn_lock():
                self._proc = subprocess.Popen(
                    [*argv, str(to_worker_r), str(from_worker_w)],
                    cwd=cwd,
                    env=dict(env),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    pass_fds=(to_worker_r, from_worker_w),
                    start_new_session=True,
                    **identity,
                )
                sandbox.track(self._proc.pid)
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
        self, header: Mapping[str, Any], body: bytes, logs: list[LogRecord], *, deadline: float
    ) -> tuple[Header, bytes]:
        """Send one invocation (``body``: the event) and return the worker's result frame,
        header and body; log frames go to logs.

        Raises WorkerTimedOut at ``deadline`` (``time.monotonic()``) and WorkerExited when the
        process ends first.
        """
        encoded = json.dumps(header).encode()
        assert self._wfd is not None
        try:
            write_frame(self._wfd, FRAME_PREFIX.pack(len(encoded), len(body)) + encoded, body)
        except BrokenPipeError as err:
            raise WorkerExited(self._reap()) from err
        return self._read_until("result", logs, deadline)

    def take_stray_output(self) -> list[LogRecord]:
        """Lines written straight to file descriptors 1 and 2 (e.g. by a child process)."""
        with self._stray_lock:
            lines, self._stray = self._stray, []
        return lines

    def max_memory_used_mb(self, reported_kb: object = None) -> int:
        """Peak resident memory of the process, the REPORT line's Max Memory Used: as the
        worker reported it with its result (``max_rss_kb``, its own getrusage), else, after a
        timeout or an exit, read from /proc (VmHWM)."""
        if isinstance(reported_kb, int):
            self._peak_mb = math.ceil(reported_kb / 1024)
            return self._peak_mb
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
        """Kill the process and its group at once; safe from any thread (the holder then
        sees WorkerExited)."""
        if self._proc.returncode is None:
            sandbox.kill_group(self._proc.pid, leader_exited=True)

    def close(self) -> None:
        """Stop the whole process group (SIGTERM, a short grace, SIGKILL: whatever the
        function forked or started dies with it) and release the pipes."""
        sandbox.kill_group(self._proc.pid, leader_exited=self._proc.returncode is not None)
        self._proc.wait()
        sandbox.untrack(self._proc.pid)
        for fd in (self._rfd, self._wfd):
            if fd is not None:
                os.close(fd)
        self._rfd = self._wfd = None

    def _read_until(
        self, kind: str, logs: list[LogRecord], deadline: float
    ) -> tuple[Header, bytes]:
        while True:
            header, body = self._read_frame(deadline)
            if header.get("t") == "log":
                logs.append((int(header["ts"]), body.decode("utf-8", "surrogatepass")))
            elif header.get("t") == kind:
                return header, body

    def _read_frame(self, deadline: float) -> tuple[Header, bytes]:
        header_length, body_length = FRAME_PREFIX.unpack(
            self._read_exactly(FRAME_PREFIX.size, deadline)
        )
        header: Header = json.loads(self._read_exactly(header_length, deadline))
        return header, self._read_exactly(body_length, deadline)

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        """The next ``size`` bytes from the worker. Small frames come out of one buffered
        read; a large body is read into its own buffer, never copied chunk by chunk."""
        if size > len(self._buffer) + _READ_SIZE:
            return self._read_large(size, deadline)
        while len(self._buffer) < size:
            self._buffer += self._read_some(_READ_SIZE, deadline)
        taken = bytes(self._buffer[:size])
        del self._buffer[:size]
        return taken

    def _read_large(self, size: int, deadline: float) -> bytes:
        target = bytearray(size)
        filled = len(self._buffer)
        target[:filled] = self._buffer
        self._buffer.clear()
        view = memoryview(target)
        while filled < size:
            self._wait_readable(deadline)
            assert self._rfd is not None
            got = os.readv(self._rfd, [view[filled:]])
            if not got:
                raise WorkerExited(self._reap())
            filled += got
        return bytes(target)

    def _read_some(self, size: int, deadline: float) -> bytes:
        self._wait_readable(deadline)
        assert self._rfd is not None
        chunk = os.read(self._rfd, size)
        if not chunk:
            raise WorkerExited(self._reap())
        return chunk

    def _wait_readable(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not self._poll.poll(math.ceil(remaining * 1000)):
            raise WorkerTimedOut()

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


def write_frame(fd: int, head: bytes, body: bytes) -> None:
    """Write a frame's head and body in one system call where the pipe takes it whole, so
    that the reader wakes up once per frame, not once per part."""
    written = os.writev(fd, [head, body])
    if written < len(head):
        _write_all(fd, memoryview(head)[written:])
        written = len(head)
    _write_all(fd, memoryview(body)[written - len(head) :])


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]

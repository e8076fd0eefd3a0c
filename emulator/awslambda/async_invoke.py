"""Event (asynchronous) invocations on a bounded pool (docs/aws-behaviour.md 24.7).

Lambda puts an Event invocation on its internal queue and answers 202; here a fixed number of
threads (ASYNC_THREADS) take them from a queue of at most ASYNC_QUEUE events. When the queue
is full the Invoke answers 429 TooManyRequestsException "Rate Exceeded." (Lambda's
throttling error, API reference of Invoke) and the event is not run: our choice, where
Lambda's own queue is practically unbounded.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from emulator.errors import AwsError, Protocol

log = logging.getLogger(__name__)

ASYNC_THREADS = 4
ASYNC_QUEUE = 256

Job = Callable[[], object]


class AsyncInvoker:
    """A fixed pool of threads and a bounded queue of Event invocations."""

    def __init__(self, threads: int = ASYNC_THREADS, queue_size: int = ASYNC_QUEUE) -> None:
        self._queue: queue.Queue[Job] = queue.Queue(maxsize=queue_size)
        self._threads = threads
        self._started = False
        self._start_lock = threading.Lock()

    def submit(self, job: Job) -> None:
        """Queue ``job``; AwsError 429 when the queue is full."""
        self._start()
        try:
            self._queue.put_nowait(job)
        except queue.Full as full:
            raise AwsError(
                429, "TooManyRequestsException", "Rate Exceeded.", Protocol.LAMBDA
            ) from full

    def pending(self) -> int:
        return self._queue.qsize()

    def _start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            self._started = True
            for number in range(self._threads):
                threading.Thread(
                    target=self._run, name=f"lambda-async-{number}", daemon=True
                ).start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                job()
            except Exception:  # an async invocation's failure has no caller to reach
                log.exception("asynchronous invocation failed")

"""Running `python -m emulator` as a child process and waiting until it is healthy.

Used by the test session, the benchmarks, and anyone who wants a throwaway emulator on a free
port: the child prints its URL on its first line, which is how a `--port 0` caller learns it.
``consistency`` and ``delay_scale`` become ``--consistency`` and ``--delay-scale``; left at
None, the child follows WORKBOOK_EMULATOR_CONSISTENCY / WORKBOOK_EMULATOR_DELAY_SCALE, else
its defaults (immediate, 1.0). See docs/aws-behaviour.md section 21.

The child writes its credentials (``--credentials-file``) into a private temp dir of its own
(or ``credentials_file``); ``credentials`` reads them back, ``auth`` signs plain ``requests``
calls to ``/_emulator/*`` with them. The child gets the allowlisted environment
(emulator/gate/environment.py), never the caller's whole one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import requests

from emulator.gate.client import EmulatorAuth
from emulator.gate.credentials import Credentials, from_environment, read_credentials_file
from emulator.gate.environment import emulator_environment

_READY = re.compile(r"ready on (http://\S+) ")
_RUNNING: dict[str, Credentials] = {}
"""URL → credentials of every emulator this process started and has not stopped."""


def credentials_for(url: str) -> Credentials:
    """The credentials of the emulator at ``url``: one this process started, else the one
    ``AWS_SHARED_CREDENTIALS_FILE``/``AWS_PROFILE=emulator`` name (the test session's). The
    one place tests and benchmarks take emulator credentials from. ``url`` may have a path."""
    parts = urlsplit(url)
    credentials = _RUNNING.get(f"{parts.scheme}://{parts.netloc}") or from_environment()
    if credentials is None:
        raise RuntimeError(
            f"No credentials known for the emulator at {url}: start it with EmulatorProcess, "
            "or set AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE=emulator"
        )
    return credentials


def auth_for(url: str, service: str = "emulator") -> EmulatorAuth:
    """``requests`` auth that signs calls to the emulator at ``url`` (``/_emulator/*``, or the
    control plane of ``service``)."""
    return EmulatorAuth(credentials_for(url), service=service)


class EmulatorProcess:
    """`python -m emulator --port 0 --quiet` in a child process, healthy once constructed."""

    def __init__(
        self,
        consistency: str | None = None,
        delay_scale: float | None = None,
        *,
        credentials_file: Path | None = None,
        extra_args: tuple[str, ...] = (),
        environment: Mapping[str, str] | None = None,
        enforce_iam: bool = False,
    ) -> None:
        """``environment``, when given, is the child's whole environment instead of the
        allowlisted one (emulator/gate/environment.py): for tests of what a function can see
        of an emulator started carelessly, with secrets in its environment. ``enforce_iam``
        is ``--enforce-iam`` (docs/aws-behaviour.md section 28)."""
        self._temp_dir = None if credentials_file else Path(tempfile.mkdtemp(prefix="emulator-"))
        self.credentials_file = credentials_file or (self._temp_dir or Path()) / "credentials"
        chosen = emulator_environment(os.environ) if environment is None else environment
        env = {**chosen, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "emulator", "--port", "0", "--quiet"]
        command += ["--credentials-file", str(self.credentials_file), *extra_args]
        if enforce_iam:
            command.append("--enforce-iam")
        if consistency is not None:
            command += ["--consistency", consistency]
        if delay_scale is not None:
            command += ["--delay-scale", repr(float(delay_scale))]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        matched = _READY.search(line)
        if matched is None:
            self.process.kill()
            raise RuntimeError(f"The emulator did not start: {line!r}")
        self.usage = self.process.stdout.readline().strip()
        self.url = matched.group(1)
        credentials = read_credentials_file(self.credentials_file)
        if credentials is None:
            self.process.kill()
            raise RuntimeError(f"The emulator wrote no credentials to {self.credentials_file}")
        self.credentials: Credentials = credentials
        self.auth = EmulatorAuth(credentials)
        _RUNNING[self.url] = credentials
        deadline = time.monotonic() + 10
        while requests.get(f"{self.url}/_emulator/health", timeout=2).status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("The emulator did not become healthy in 10 s")
            time.sleep(0.05)

    def stop(self) -> None:
        _RUNNING.pop(self.url, None)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

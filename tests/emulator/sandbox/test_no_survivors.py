"""No process outlives the emulator's stop (issue 9: 54 processes were left after SIGTERM).

Each function carries an environment marker that its children inherit; handlers fork, Popen a
``sleep 1000``, escape with a double fork and ``setsid``, time out with a child running, or
call ``os._exit`` with a child running. While the emulator runs the marked processes exist;
after ``EmulatorProcess.stop()`` (SIGTERM) none is left (docs/aws-behaviour.md 24.2).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from tests.emulator.sandbox.conftest import sandboxed_client, start

HANDLERS = {
    "fork": """
import os, time
def handler(event, context):
    if os.fork() == 0:
        time.sleep(1000)
        os._exit(0)
    return "forked"
""",
    "popen": """
import subprocess
def handler(event, context):
    subprocess.Popen(["sleep", "1000"])
    return "started"
""",
    "escape": """
import os, subprocess
def handler(event, context):
    if os.fork() == 0:
        os.setsid()
        subprocess.Popen(["sleep", "1000"], start_new_session=True)
        os._exit(0)
    os.wait()
    return "escaped"
""",
    "timeout": """
import subprocess, time
def handler(event, context):
    subprocess.Popen(["sleep", "1000"])
    time.sleep(30)
""",
    "exit": """
import os, subprocess
def handler(event, context):
    subprocess.Popen(["sleep", "1000"])
    os._exit(3)
""",
}


def _marked(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ:
            found.append(int(entry.name))
    return found


def test_no_process_outlives_the_emulators_stop(tmp_path: Path) -> None:
    marker = f"SURVIVOR_MARK_{uuid.uuid4().hex}"
    emulator = start(tmp_path)
    try:
        sandboxed = sandboxed_client(emulator.url, tmp_path)
        for kind, source in HANDLERS.items():
            name = sandboxed.deploy(source, timeout=1, environment={"MARK": marker})
            sandboxed.client.invoke(FunctionName=name, Payload=b"{}")
            assert kind and name
        time.sleep(0.3)
        running = _marked(marker)
    finally:
        emulator.stop()
    deadline = time.monotonic() + 5
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    # fork, popen, escape (a sleep and its session), timeout and exit: at least 5 while running
    assert (len(running) >= 5, _marked(marker)) == (True, [])

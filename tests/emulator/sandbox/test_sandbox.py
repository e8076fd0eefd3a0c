"""What a function cannot reach (emulator/README.md "Sandbox"; docs/aws-behaviour.md 24.1-24.4).

Issue 9's findings, one test each: a function read the emulator's environment and memory
through /proc, a 0600 file of the emulator's user, another function's code, and wrote into
the repo. The uid tests need root (CI runs as root); elsewhere they are skipped with a message.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.emulator.sandbox.conftest import SECRET, Sandboxed

REPO = Path(__file__).resolve().parents[3]
needs_root = pytest.mark.skipif(
    os.geteuid() != 0,
    reason="functions run under their own uid only when the emulator runs as root (CI does); "
    "as an ordinary user a function runs as that user (emulator/README.md, Sandbox)",
)

TRY_READ = """
import os
def handler(event, context):
    out = {}
    for path in event["paths"]:
        try:
            with open(path, "rb") as handle:
                out[path] = handle.read(200).decode("utf-8", "replace")
        except OSError as err:
            out[path] = type(err).__name__
    return out
"""


def test_function_cannot_read_the_emulators_proc_environ_or_mem(sandboxed: Sandboxed) -> None:
    """prctl(PR_SET_DUMPABLE, 0) in the emulator: /proc/<parent>/environ and /mem refuse."""
    source = TRY_READ.replace(
        'for path in event["paths"]:',
        'for path in (f"/proc/{os.getppid()}/environ", f"/proc/{os.getppid()}/mem"):',
    )
    name = sandboxed.deploy(source)
    result = sandboxed.invoke(name)
    assert sorted(result.values()) == ["PermissionError", "PermissionError"]


def test_harden_makes_the_process_not_dumpable_and_a_subreaper() -> None:
    """What the emulator calls at start (Linux): PR_GET_DUMPABLE 0, PR_GET_CHILD_SUBREAPER 1."""
    code = (
        "import ctypes, ctypes.util\n"
        "from emulator.awslambda.runtime.sandbox import harden_emulator_process, is_dumpable\n"
        "before = is_dumpable()\n"
        "harden_emulator_process()\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'))\n"
        "flag = ctypes.c_int(0)\n"
        "libc.prctl(37, ctypes.byref(flag), 0, 0, 0)\n"
        "print(before, is_dumpable(), flag.value)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.split() == ["True", "False", "1"]


def test_function_environment_holds_none_of_the_emulators_variables(sandboxed: Sandboxed) -> None:
    """The worker's environment is built from scratch (19.3): GITHUB_TOKEN stays out."""
    name = sandboxed.deploy(
        "import os\ndef handler(event, context):\n    return sorted(os.environ)\n"
    )
    names = sandboxed.invoke(name)
    assert ("GITHUB_TOKEN" in names, "HOME" in names, "AWS_LAMBDA_FUNCTION_NAME" in names) == (
        False,
        False,
        True,
    )


@needs_root
def test_function_cannot_read_a_0600_file_of_the_emulators_user(sandboxed: Sandboxed) -> None:
    credentials = str(sandboxed.home / ".aws" / "credentials")
    assert SECRET in Path(credentials).read_text()  # the file is there, readable by its owner
    result = sandboxed.invoke(sandboxed.deploy(TRY_READ), {"paths": [credentials]})
    assert result == {credentials: "PermissionError"}


@needs_root
def test_function_cannot_read_another_functions_code(sandboxed: Sandboxed) -> None:
    owner = sandboxed.deploy(
        "import os\ndef handler(event, context):\n    return os.environ['LAMBDA_TASK_ROOT']\n"
    )
    task_root = sandboxed.invoke(owner)
    own_code = f"{task_root}/app.py"
    reader = sandboxed.deploy(TRY_READ)
    assert sandboxed.invoke(reader, {"paths": [own_code]}) == {own_code: "PermissionError"}


@needs_root
def test_function_cannot_write_into_the_repo_or_the_virtualenv(sandboxed: Sandboxed) -> None:
    targets = [str(REPO / "emulator" / "planted.py"), str(REPO / ".venv" / "planted.pth")]
    source = """
def handler(event, context):
    out = {}
    for path in event["paths"]:
        try:
            with open(path, "w") as handle:
                handle.write("x")
            out[path] = "written"
        except OSError as err:
            out[path] = type(err).__name__
    return out
"""
    result = sandboxed.invoke(sandboxed.deploy(source), {"paths": targets})
    assert result == dict.fromkeys(targets, "PermissionError")

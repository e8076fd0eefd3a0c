"""Two Unix users on one host (The Littlest JupyterHub, a lab server): B fails at every control
plane step against A's emulator, and B's connect() starts an emulator of B's own.

Runs only as root (CI runs the tests as root), creating two users with ``useradd`` and
removing them afterwards; elsewhere it is skipped with a message. A's emulator is started as
A through the workbook's own ``connect()``; B's attempts are ``B_STEPS``, each run as B with
B's own credentials (the only ones B can read). Lambda isolation (B's function reading A's
files) belongs to the workers' sandbox: add it as a step of ``B_STEPS`` once it exists.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

A_SETUP = r"""
import io, json, zipfile
from helpers import connect
wb = connect()
iam, lam, idp = wb.client("iam"), wb.client("lambda"), wb.client("cognito-idp")
role = iam.create_role(RoleName="a-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
code = io.BytesIO()
with zipfile.ZipFile(code, "w") as archive:
    archive.writestr("app.py", "def handler(event, context):\n    return 'a'\n")
lam.create_function(FunctionName="a-function", Runtime="python3.12", Role=role,
                    Handler="app.handler", Code={"ZipFile": code.getvalue()})
pool = idp.create_user_pool(PoolName="a-pool")["UserPool"]["Id"]
idp.admin_create_user(UserPoolId=pool, Username="alice")
print(json.dumps({"url": wb.endpoint_url, "pool": pool, "function": "a-function"}))
"""

A_CHECK = r"""
import json
from helpers import connect
wb = connect()
names = [f["FunctionName"] for f in wb.client("lambda").list_functions()["Functions"]]
pools = [p["Id"] for p in wb.client("cognito-idp").list_user_pools(MaxResults=10)["UserPools"]]
print(json.dumps({"url": wb.endpoint_url, "functions": names, "pools": pools}))
"""

B_STEPS = r"""
import json, os, sys
import boto3, requests
from botocore.exceptions import ClientError
from emulator.gate.client import EmulatorAuth
from emulator.gate.credentials import read_credentials_file
from helpers import connect
from helpers.backend import EmulatorFiles
from helpers.config import load_config

a = json.loads(sys.argv[1])
results = {}
mine = connect(load_config({**os.environ, "WORKBOOK_EMULATOR_URL": a["url"]}))
results["connect_url"] = mine.endpoint_url
keys = read_credentials_file(EmulatorFiles.for_user().credentials)
session = boto3.Session(region_name="us-east-1", **keys.boto3_kwargs())

def attempt(name, call):
    try:
        call()
        results[name] = "SUCCEEDED"
    except ClientError as err:
        results[name] = err.response["Error"]["Code"]

lam = session.client("lambda", endpoint_url=a["url"])
idp = session.client("cognito-idp", endpoint_url=a["url"])
attempt("list_functions", lambda: lam.list_functions())
attempt("list_user_pools", lambda: idp.list_user_pools(MaxResults=10))
attempt("list_users", lambda: idp.list_users(UserPoolId=a["pool"]))
attempt("reset_password", lambda: idp.admin_set_user_password(
    UserPoolId=a["pool"], Username="alice", Password="Pwned-123456", Permanent=True))
attempt("delete_function", lambda: lam.delete_function(FunctionName=a["function"]))
reset = requests.post(a["url"] + "/_emulator/reset", auth=EmulatorAuth(keys), timeout=10)
results["emulator_reset"] = reset.status_code
unsigned = requests.post(a["url"] + "/_emulator/reset", timeout=10)
results["emulator_reset_unsigned"] = unsigned.status_code
try:
    results["read_a_credentials"] = open(sys.argv[2]).read()[:0] or "READ"
except OSError as err:
    results["read_a_credentials"] = type(err).__name__
print(json.dumps(results))
"""


@dataclass(frozen=True)
class User:
    name: str
    home: Path

    def run(self, code: str, *args: str) -> dict[str, object]:
        env = {
            "HOME": str(self.home),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO),
            "LANG": "C.UTF-8",
        }
        result = subprocess.run(
            [
                "runuser",
                "-u",
                self.name,
                "--",
                "env",
                "-i",
                *(f"{k}={v}" for k, v in env.items()),
                sys.executable,
                "-c",
                code,
                *args,
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, f"{self.name}: {result.stderr[-3000:]}"
        loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
        return loaded

    @property
    def state(self) -> Path:
        return self.home / ".local" / "state" / "cognito-authorizer-workbook" / "workbook-emulator"


def _skip_unless_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("the two-user test creates Unix users: it runs as root (as in CI) only")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        pytest.skip("the two-user test needs useradd and runuser")


def _ancestors_without_traversal(*paths: Path) -> list[Path]:
    """The directories above ``paths`` that other users cannot enter (``o+x`` unset): on a
    CI machine the interpreter (pyenv) and the clone often sit under a 0700 ``/root``."""
    found: list[Path] = []
    for path in paths:
        for directory in path.resolve().parents:
            if not directory.stat().st_mode & stat.S_IXOTH and directory not in found:
                found.append(directory)
    return found


@contextmanager
def _traversable(*paths: Path) -> Iterator[None]:
    """Let other users enter (``o+x``, never read or list) the directories above ``paths``
    for the test's length, then put each mode back exactly as it was."""
    saved = {
        directory: directory.stat().st_mode for directory in _ancestors_without_traversal(*paths)
    }
    try:
        for directory, mode in saved.items():
            os.chmod(directory, stat.S_IMODE(mode) | stat.S_IXOTH)
        yield
    finally:
        for directory, mode in saved.items():
            os.chmod(directory, stat.S_IMODE(mode))


@pytest.fixture
def two_users() -> Iterator[tuple[User, User]]:
    _skip_unless_root()
    with _traversable(Path(sys.executable), REPO):
        yield from _two_users()


def _two_users() -> Iterator[tuple[User, User]]:
    tag = uuid.uuid4().hex[:6]
    users = []
    try:
        for letter in ("a", "b"):
            name = f"wbt{letter}{tag}"
            subprocess.run(["useradd", "--create-home", "--user-group", name], check=True)
            users.append(User(name, Path(pwd.getpwnam(name).pw_dir)))
        probe = subprocess.run(
            [
                shutil.which("runuser") or "runuser",
                "-u",
                users[0].name,
                "--",
                sys.executable,
                "-c",
                "import helpers",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(REPO), "PATH": os.environ.get("PATH", "")},
        )
        if probe.returncode != 0:
            pytest.skip(
                "another user cannot run this checkout's Python (the interpreter or the "
                f"checkout is not readable by other users): {probe.stderr.strip()[-300:]}"
            )
        yield users[0], users[1]
    finally:
        for user in users:
            _stop_emulator(user)
            subprocess.run(["userdel", "--remove", user.name], capture_output=True)


def _stop_emulator(user: User) -> None:
    try:
        pid = int(json.loads((user.state / "emulator.json").read_text())["pid"])
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError):
        pass


def test_b_fails_at_every_control_plane_step_on_as_emulator_and_gets_its_own(
    two_users: tuple[User, User],
) -> None:
    a, b = two_users
    setup = a.run(A_SETUP)
    refused = b.run(B_STEPS, json.dumps(setup), str(a.state / "credentials"))
    assert refused["connect_url"] != setup["url"]
    assert {
        refused[step]
        for step in (
            "list_functions",
            "list_user_pools",
            "list_users",
            "reset_password",
            "delete_function",
        )
    } == {"UnrecognizedClientException"}
    assert (refused["emulator_reset"], refused["emulator_reset_unsigned"]) == (403, 403)
    assert refused["read_a_credentials"] == "PermissionError"
    after = a.run(A_CHECK)
    assert after["url"] == setup["url"]  # A's connect() still finds, and proves, its own
    assert after["functions"] == ["a-function"] and after["pools"] == [setup["pool"]]

"""Per user: connect() reuses an emulator only when it proves it holds the user's own secret;
the credentials live 0600 in a 0700 state dir and work as an AWS profile; the emulator gets
an allowlisted environment (emulator/README.md, Security; docs/aws-behaviour.md section 25)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from emulator.gate.credentials import Credentials, read_credentials_file, write_credentials_file
from emulator.gate.environment import emulator_environment
from helpers import backend
from helpers.backend import EmulatorFiles, connect, ensure_emulator
from helpers.config import load_config

REPO = Path(__file__).resolve().parents[3]


def _stop_recorded(state: Path) -> None:
    recorded = EmulatorFiles(state / "workbook-emulator").url_file
    try:
        pid = json.loads(recorded.read_text())["pid"]
    except (OSError, ValueError, KeyError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


@pytest.fixture
def user_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Path]]:
    """Two users' state dirs; no emulator named by the environment (as in `make lab`)."""
    for name in ("WORKBOOK_EMULATOR_URL", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(backend, "EMULATOR_PID", tmp_path / "emulator.pid")
    dirs = {"a": tmp_path / "a", "b": tmp_path / "b"}
    yield dirs
    for state in dirs.values():
        _stop_recorded(state)


def _as_user(monkeypatch: pytest.MonkeyPatch, state: Path) -> None:
    monkeypatch.setenv("WORKBOOK_STATE_DIR", str(state))


def test_a_second_users_connect_does_not_reuse_an_emulator_that_cannot_prove_ownership(
    user_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B knows A's URL (as everyone knew 127.0.0.1:4577) and has credentials of its own: A's
    emulator answers B's nonce with an HMAC of A's secret, which B's secret does not give, so
    B starts an emulator of its own on another port; A's refuses B's keys."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_learners_token")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "learners-real-secret")
    _as_user(monkeypatch, user_env["a"])
    wb_a = connect(load_config({"WORKBOOK_PREFIX": "alice"}))
    a_files = EmulatorFiles(user_env["a"] / "workbook-emulator")
    assert stat.S_IMODE(a_files.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(a_files.credentials.stat().st_mode) == 0o600
    a_pid = json.loads(a_files.url_file.read_text())["pid"]
    environ = Path(f"/proc/{a_pid}/environ")
    if environ.exists():
        names = {entry.split(b"=", 1)[0] for entry in environ.read_bytes().split(b"\0") if entry}
        assert b"GITHUB_TOKEN" not in names and b"AWS_SECRET_ACCESS_KEY" not in names

    b_files = EmulatorFiles(user_env["b"] / "workbook-emulator")
    b_files.directory.mkdir(parents=True, mode=0o700)
    shutil.copy(a_files.url_file, b_files.url_file)
    write_credentials_file(b_files.credentials, Credentials.generate())
    _as_user(monkeypatch, user_env["b"])
    wb_b = connect(load_config({"WORKBOOK_PREFIX": "bob"}))
    assert wb_b.endpoint_url != wb_a.endpoint_url
    assert wb_a.client("lambda").list_functions()["Functions"] == []

    b_keys = read_credentials_file(b_files.credentials)
    assert b_keys is not None
    b_on_a = boto3.client(
        "lambda", endpoint_url=wb_a.endpoint_url, region_name="us-east-1", **b_keys.boto3_kwargs()
    )
    with pytest.raises(ClientError) as refused:
        b_on_a.list_functions()
    assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"

    # Named explicitly, A's URL is still not used: B gets its own emulator again.
    named = {"WORKBOOK_PREFIX": "bob", "WORKBOOK_EMULATOR_URL": str(wb_a.endpoint_url)}
    wb_b_again = connect(load_config(named))
    assert wb_b_again.endpoint_url == wb_b.endpoint_url


def test_concurrent_connects_of_one_user_end_with_one_emulator(
    user_env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _as_user(monkeypatch, user_env["a"])
    config = load_config({"WORKBOOK_PREFIX": "alice"})
    found: list[backend.LocalEmulator] = []

    def start() -> None:
        found.append(ensure_emulator(config))

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len({emulator.url for emulator in found}) == 1
    assert sum(emulator.started for emulator in found) == 1


def test_the_credentials_file_is_0600_and_works_as_the_emulator_profile_for_boto3(
    emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setenv("AWS_PROFILE", "emulator")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    identity = (
        boto3.Session(region_name="us-east-1")
        .client("sts", endpoint_url=emulator_url)
        .get_caller_identity()
    )
    assert identity["Account"]


def test_the_aws_cli_uses_the_emulator_profile(emulator_url: str) -> None:
    aws = shutil.which("aws")
    if aws is None:
        pytest.skip("the AWS CLI is not installed (not a project dependency)")
    env = {
        **os.environ,
        "AWS_PROFILE": "emulator",
        "AWS_ENDPOINT_URL": emulator_url,
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    result = subprocess.run(
        [aws, "sts", "get-caller-identity", "--endpoint-url", emulator_url, "--output", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"]


def test_without_credentials_file_they_go_to_the_state_dir_and_the_secret_is_never_printed(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    env = {
        **emulator_environment(os.environ),
        "WORKBOOK_STATE_DIR": str(state),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0", "--quiet"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = process.stdout.readline() + process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    credentials = read_credentials_file(state / "credentials")
    assert credentials is not None
    assert stat.S_IMODE((state / "credentials").stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert f"AWS_SHARED_CREDENTIALS_FILE={state / 'credentials'} AWS_PROFILE=emulator" in printed
    assert credentials.secret_access_key not in printed


def test_start_emulator_passes_only_the_allowlisted_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A GITHUB_TOKEN (or real AWS keys) in the learner's kernel never reaches the emulator,
    which runs code it is sent; PATH, HOME, LC_* and WORKBOOK_EMULATOR_* do."""
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREAL")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("WORKBOOK_EMULATOR_CONSISTENCY", "immediate")
    seen: dict[str, str] = {}

    class Started:
        pid, returncode = 1, None

        def poll(self) -> None:
            return None

    def popen(*args: object, env: dict[str, str], **kwargs: object) -> Started:
        seen.update(env)
        return Started()

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(backend, "emulator_ready", lambda url: True)
    backend.start_emulator(4599, credentials_file=tmp_path / "c", log_path=tmp_path / "log")
    assert "GITHUB_TOKEN" not in seen and "AWS_ACCESS_KEY_ID" not in seen
    assert seen["PATH"] == os.environ["PATH"]
    assert (seen["LC_ALL"], seen["WORKBOOK_EMULATOR_CONSISTENCY"]) == ("C.UTF-8", "immediate")

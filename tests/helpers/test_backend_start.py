"""Starting the emulator and 06's opt-in token-expiry wait: polls with a deadline, no fixed
sleeps (a fake clock stands in for time)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import boto3
import pytest

from helpers import attacks, backend, cognito
from helpers.backend import Workbook
from helpers.cognito import AppClient, Tokens, UserCredentials
from helpers.config import WorkbookConfig
from helpers.errors import WorkbookError
from tests.helpers.fakes import FakeClock, use_fake_time


class FakeProcess:
    def __init__(self, exits_with: int | None = None) -> None:
        self.returncode = exits_with
        self.pid = 4242
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated = True


def test_the_emulator_is_polled_with_backoff_until_it_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = use_fake_time(monkeypatch)
    answers = iter([False, False, False, True])
    monkeypatch.setattr(backend, "emulator_ready", lambda url: next(answers))
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: FakeProcess())
    backend.start_emulator(
        4599, credentials_file=tmp_path / "credentials", log_path=tmp_path / "emulator.log"
    )
    assert clock.sleeps == [0.1, 0.2, 0.4]


def test_an_emulator_that_exits_stops_the_wait_at_once_with_its_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = use_fake_time(monkeypatch)
    log = tmp_path / "emulator.log"
    log.write_text("OSError: [Errno 98] Address already in use\n")
    monkeypatch.setattr(backend, "emulator_ready", lambda url: False)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: FakeProcess(exits_with=1))
    with pytest.raises(WorkbookError, match=r"(?s)exited with status 1 .*Address already in use"):
        backend.start_emulator(4599, credentials_file=tmp_path / "credentials", log_path=log)
    assert clock.sleeps == []


def test_an_emulator_that_never_answers_is_stopped_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_fake_time(monkeypatch)
    process = FakeProcess()
    monkeypatch.setattr(backend, "emulator_ready", lambda url: False)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: process)
    with pytest.raises(WorkbookError, match=r"the local emulator to start .* after 30 s"):
        backend.start_emulator(
            4599, credentials_file=tmp_path / "credentials", log_path=tmp_path / "emulator.log"
        )
    assert process.terminated


def test_the_opt_in_expiry_wait_polls_until_the_short_token_has_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock: FakeClock = use_fake_time(monkeypatch)
    start = 1_800_000_000.0
    monkeypatch.setattr(time, "time", lambda: start + clock.now)
    monkeypatch.setenv(attacks.EXPIRY_OPT_IN, "1")
    monkeypatch.setattr(
        cognito,
        "create_app_client",
        lambda *a, **k: AppClient("c", "short", ("ALLOW_USER_SRP_AUTH",), False),
    )
    monkeypatch.setattr(cognito, "sign_in", lambda *a, **k: Tokens("short", "a", "r"))
    monkeypatch.setattr(cognito, "decode_claims", lambda token: {"exp": start + 300})
    wb = Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(aws_access_key_id="A", aws_secret_access_key="s", region_name="eu-west-1"),
    )
    with attacks.expired_id_token(wb, "pool", UserCredentials("alice", "pw"), "id") as token:
        assert token == "short"
    assert 315 <= clock.now <= 330 and max(clock.sleeps) == 15.0

"""tools/stop_emulator.py (`make stop`): stops the emulator connect() started, only when it
proves it is the user's (docs/aws-behaviour.md 25.7), and says so plainly when nothing runs."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.backend import EmulatorFiles, emulator_ready, start_emulator
from tools.stop_emulator import _forget_pid_file, read_recorded, stop_emulator


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[EmulatorFiles, subprocess.Popen[bytes], str]]:
    """An emulator started as connect() starts one, recorded in its own state directory."""
    files = EmulatorFiles(tmp_path / "workbook-emulator")
    files.directory.mkdir(mode=0o700)
    process, url = start_emulator(
        0, credentials_file=files.credentials, url_file=files.url_file, log_path=files.log
    )
    yield files, process, url
    if process.poll() is None:
        process.terminate()
        process.wait(10)


def test_stop_stops_the_users_own_emulator(
    started: tuple[EmulatorFiles, subprocess.Popen[bytes], str],
) -> None:
    files, process, url = started
    result = stop_emulator(files)
    assert result.message == f"Stopped your emulator at {url} (pid {process.pid})."
    assert result.stopped and result.ok
    process.wait(5)  # gone (tools/stop_emulator.py may have reaped it: no status to check)
    assert not emulator_ready(url)
    assert read_recorded(files) is None


def test_stop_with_nothing_recorded_says_there_is_nothing_to_stop(tmp_path: Path) -> None:
    files = EmulatorFiles(tmp_path / "workbook-emulator")
    result = stop_emulator(files)
    assert result.message == (
        f"No emulator to stop: connect() has recorded none in {files.directory}."
    )
    assert result.ok and not result.stopped


def test_stop_when_the_recorded_emulator_is_gone_says_so(
    started: tuple[EmulatorFiles, subprocess.Popen[bytes], str],
) -> None:
    files, process, url = started
    recorded = files.url_file.read_text()
    process.terminate()
    process.wait(10)
    files.url_file.write_text(recorded)  # as a crash would leave it
    result = stop_emulator(files)
    assert result.message == (
        f"No emulator to stop: the one last started at {url} (pid {process.pid}) is not running."
    )
    assert result.ok and not result.stopped


def test_stop_leaves_an_emulator_that_cannot_prove_it_is_yours_running(
    started: tuple[EmulatorFiles, subprocess.Popen[bytes], str], tmp_path: Path
) -> None:
    files, process, url = started
    other = EmulatorFiles(tmp_path / "another-user")
    other.directory.mkdir(mode=0o700)
    other.url_file.write_text(json.dumps({"url": url, "pid": process.pid}))
    other.credentials.write_text(
        "[emulator]\naws_access_key_id = AKIAOTHERUSER\naws_secret_access_key = not-theirs\n"
    )
    result = stop_emulator(other)
    assert result.message == (
        f"The emulator at {url} is not yours (it cannot prove it holds the credentials in "
        f"{other.credentials}); it was left running."
    )
    assert not result.ok
    assert process.poll() is None and emulator_ready(url)


def test_stop_never_signals_a_process_that_is_not_the_emulator(
    started: tuple[EmulatorFiles, subprocess.Popen[bytes], str],
) -> None:
    files, process, url = started
    bystander = subprocess.Popen(["sleep", "30"])
    try:
        files.url_file.write_text(json.dumps({"url": url, "pid": bystander.pid}))
        result = stop_emulator(files)
        assert not result.ok
        assert f"process {bystander.pid} recorded in {files.url_file} is not it" in result.message
        assert bystander.poll() is None and process.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_the_checkouts_pid_file_is_removed_only_when_it_names_the_stopped_emulator(
    tmp_path: Path,
) -> None:
    pid_file = tmp_path / "emulator.pid"
    pid_file.write_text("4242\n")
    _forget_pid_file(4343, pid_file)
    assert pid_file.read_text() == "4242\n"
    _forget_pid_file(4242, pid_file)
    assert not pid_file.exists()

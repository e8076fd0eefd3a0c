"""The switch (docs/aws-behaviour.md section 21): ``--consistency`` and ``--delay-scale`` on
the command line, WORKBOOK_EMULATOR_CONSISTENCY / _DELAY_SCALE in the environment,
EmulatorProcess's arguments, and what GET /_emulator/health reports."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from emulator.consistency import ENV_CONSISTENCY, ENV_DELAY_SCALE
from emulator.consistency.settings import parse_delay_scale, parse_mode
from emulator.process import EmulatorProcess, auth_for
from tests.emulator.consistency.conftest import SCALE, Eventual


def health(url: str) -> tuple[object, object]:
    body = requests.get(f"{url}/_emulator/health", auth=auth_for(url), timeout=5).json()
    return body["consistency"], body["delay_scale"]


def test_health_reports_eventual_mode_and_its_scale(eventual: Eventual) -> None:
    assert health(eventual.url) == ("eventual", SCALE)


def test_health_reports_immediate_mode_by_default(emulator_url: str) -> None:
    assert health(emulator_url) == ("immediate", 1.0)


def test_environment_sets_the_mode_and_scale_of_an_emulator_started_without_arguments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_CONSISTENCY, "eventual")
    monkeypatch.setenv(ENV_DELAY_SCALE, "0.5")
    emulator = EmulatorProcess()
    try:
        assert health(emulator.url) == ("eventual", 0.5)
    finally:
        emulator.stop()


@pytest.mark.parametrize("argument", [["--consistency", "sometimes"], ["--delay-scale", "0"]])
def test_a_bad_switch_exits_2_naming_the_argument(argument: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "--port", "0", *argument],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, argument[0] in done.stderr) == (2, True)


@pytest.mark.parametrize("text", ["0", "-1", "nan", "inf", "fast"])
def test_delay_scale_must_be_a_finite_number_above_zero(text: str) -> None:
    with pytest.raises(ValueError, match="delay scale"):
        parse_delay_scale(text)


def test_consistency_names_its_choices_when_unknown() -> None:
    with pytest.raises(ValueError, match="immediate, eventual"):
        parse_mode("sometimes")

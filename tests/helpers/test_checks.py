"""Checkpoints print one clear line and raise on failure."""

from __future__ import annotations

import pytest

from helpers.checks import check, check_equal
from helpers.errors import CheckpointFailed


def test_passing_check_prints_a_green_tick(capsys: pytest.CaptureFixture[str]) -> None:
    check(True, "The function is Active", "Re-run.")
    assert capsys.readouterr().out == "✅ The function is Active\n"


def test_failing_check_prints_a_cross_with_the_hint_and_raises(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(CheckpointFailed, match="The function is Active. Re-run the cell."):
        check(False, "The function is Active", "Re-run the cell.")
    assert capsys.readouterr().out == "❌ The function is Active\n   Re-run the cell.\n"


def test_failing_check_equal_shows_expected_and_actual(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(CheckpointFailed):
        check_equal("Pending", "Active", "The function is Active", "Wait.")
    assert "(expected 'Active', got 'Pending')" in capsys.readouterr().out

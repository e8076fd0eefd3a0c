"""Checkpoints: each prints one clear ✅ or ❌ line for the learner and raises on failure.

Checkpoints are the one place in ``helpers`` that prints, because their output is the
learner-facing result of a notebook cell.
"""

from __future__ import annotations

from helpers.errors import CheckpointFailed


def check(passed: bool, description: str, hint: str) -> None:
    """Print ``✅ description`` or ``❌ description``; on failure raise with ``hint``."""
    if passed:
        print(f"✅ {description}")
        return
    print(f"❌ {description}\n   {hint}")
    raise CheckpointFailed(f"Checkpoint failed: {description}. {hint}")


def check_equal(actual: object, expected: object, description: str, hint: str) -> None:
    """Checkpoint that ``actual == expected``; the failure line shows both."""
    if actual == expected:
        check(True, description, hint)
        return
    check(False, f"{description} (expected {expected!r}, got {actual!r})", hint)

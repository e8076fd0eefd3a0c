"""An emulator with IAM enforced (``--enforce-iam``) and two participants whose prefixes collide
as text (``alice``, ``alice-smith``), each holding only their participant policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.process import EmulatorProcess
from tests.workshop.participants import Participant, make_participant


@pytest.fixture(scope="module")
def iam_emulator() -> Iterator[EmulatorProcess]:
    emulator = EmulatorProcess(enforce_iam=True)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="module")
def participants_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("participants")


@pytest.fixture(scope="module")
def alice(iam_emulator: EmulatorProcess, participants_dir: Path) -> Participant:
    return make_participant(iam_emulator, "alice", participants_dir)


@pytest.fixture(scope="module")
def alice_smith(iam_emulator: EmulatorProcess, participants_dir: Path) -> Participant:
    return make_participant(iam_emulator, "alice-smith", participants_dir)

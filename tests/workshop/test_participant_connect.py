"""A participant's ``connect()`` on the facilitator's emulator (helpers/backend.py;
docs/aws-behaviour.md 28.11): WORKBOOK_EMULATOR_URL plus their own keys; anything else keeps
the ownership proof."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.gate.credentials import Credentials
from helpers import backend
from helpers.backend import LocalEmulator, connect, get_caller_identity, participant_credentials
from helpers.config import load_config
from tests.workshop.participants import ACCOUNT, Participant

KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in KEYS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WORKBOOK_STATE_DIR", str(tmp_path / "state"))


def test_participant_credentials_come_from_the_access_key_pair() -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAPARTICIPANT", "AWS_SECRET_ACCESS_KEY": "s"}
    assert participant_credentials(env) == Credentials("AKIAPARTICIPANT", "s")


def test_participant_credentials_come_from_a_profile_other_than_emulator(tmp_path: Path) -> None:
    path = tmp_path / "credentials"
    path.write_text("[bob]\naws_access_key_id = AKIABOB\naws_secret_access_key = s\n")
    env = {"AWS_SHARED_CREDENTIALS_FILE": str(path), "AWS_PROFILE": "bob"}
    assert participant_credentials(env) == Credentials("AKIABOB", "s")


def test_the_emulator_profile_is_no_participant(tmp_path: Path) -> None:
    path = tmp_path / "credentials"
    path.write_text("[emulator]\naws_access_key_id = AKIAEMU\naws_secret_access_key = s\n")
    env = {"AWS_SHARED_CREDENTIALS_FILE": str(path), "AWS_PROFILE": "emulator"}
    assert participant_credentials(env) is None


@pytest.mark.usefixtures("clean_environment")
def test_a_participant_connects_to_the_facilitators_emulator_as_their_iam_user(
    alice: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in alice.environment().items():
        monkeypatch.setenv(name, value)
    wb = connect()
    assert (wb.endpoint_url, get_caller_identity(wb).arn) == (
        alice.url,
        f"arn:aws:iam::{ACCOUNT}:user/alice",
    )


@pytest.mark.usefixtures("clean_environment")
def test_keys_the_emulator_does_not_know_fall_back_to_the_ownership_proof(
    alice: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A learner's real AWS profile left in the environment is not used on an emulator."""
    for name, value in alice.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALAWSKEY000000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    own = LocalEmulator("http://127.0.0.1:1", Credentials("AKIAOWN", "own-secret"))
    monkeypatch.setattr(backend, "ensure_emulator", lambda config: own)
    wb = connect(load_config())
    frozen = wb.session.get_credentials().get_frozen_credentials()
    assert (wb.endpoint_url, frozen.access_key) == ("http://127.0.0.1:1", "AKIAOWN")


@pytest.mark.usefixtures("clean_environment")
def test_without_workbook_emulator_url_participant_keys_are_ignored(
    alice: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in alice.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WORKBOOK_EMULATOR_URL")
    own = LocalEmulator("http://127.0.0.1:2", Credentials("AKIAOWN", "own-secret"))
    monkeypatch.setattr(backend, "ensure_emulator", lambda config: own)
    frozen = connect().session.get_credentials().get_frozen_credentials()
    assert frozen.access_key == "AKIAOWN"

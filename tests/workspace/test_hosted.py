"""On a shared host each user's single-user server gets its own emulator from connect(): its
state lives under that user's HOME (or XDG_STATE_HOME), private (emulator/gate/paths.py). A
JupyterHub single-user server runs with the user's own HOME (TLJH: /home/jupyter-NAME, Zero to
JupyterHub: /home/jovyan in each user's pod)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.backend import EmulatorFiles


def test_two_hub_users_keep_their_emulators_under_their_own_homes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WORKBOOK_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    directories = []
    for home in ("/home/jupyter-alice", "/home/jupyter-bob"):
        monkeypatch.setenv("HOME", home)
        directories.append(EmulatorFiles.for_user().directory)
    assert directories == [
        Path("/home/jupyter-alice/.local/state/cognito-authorizer-workbook/workbook-emulator"),
        Path("/home/jupyter-bob/.local/state/cognito-authorizer-workbook/workbook-emulator"),
    ]


def test_a_spawner_that_sets_xdg_state_home_moves_the_emulators_state_there() -> None:
    environ = {"HOME": "/home/jovyan", "XDG_STATE_HOME": "/srv/state/alice"}
    assert EmulatorFiles.for_user(environ).directory == Path(
        "/srv/state/alice/cognito-authorizer-workbook/workbook-emulator"
    )

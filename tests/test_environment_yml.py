"""One list of versions, requirements.lock, made from pyproject.toml's pins (`make lock`), with
the hashes of every transitive dependency; `make setup`, environment.yml (conda) and
binder/requirements.txt (repo2docker) all install from it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from tools import lockfile

REPO_ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)$")


def pyproject_pins() -> dict[str, str]:
    """name -> version of every requirement of pyproject.toml (dependencies and dev)."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    pins: dict[str, str] = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        match = PIN.match(requirement.replace(" ", ""))
        assert match, f"{requirement} is not pinned with =="
        pins[lockfile.canonical(match.group(1))] = match.group(2)
    return pins


def environment_yml() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    return loaded


def pip_section() -> list[str]:
    sections = [d["pip"] for d in environment_yml()["dependencies"] if isinstance(d, dict)]
    assert len(sections) == 1
    return list(sections[0])


def test_every_pyproject_pin_is_in_the_lock_at_the_same_version() -> None:
    locked = {entry.name: entry.version for entry in lockfile.read_lock()}
    assert {name: locked.get(name) for name in pyproject_pins()} == pyproject_pins()


def test_the_lock_names_each_package_once_per_environment_marker() -> None:
    keys = [(entry.name, entry.marker) for entry in lockfile.read_lock()]
    assert len(keys) == len(set(keys))


def test_every_locked_package_has_sha256_hashes() -> None:
    unhashed = [
        entry.name
        for entry in lockfile.read_lock()
        if not entry.hashes or not all(h.startswith("sha256:") for h in entry.hashes)
    ]
    assert unhashed == []


def test_the_lock_holds_uv_for_make_setup_to_bootstrap_from() -> None:
    entry = lockfile.bootstrap()
    assert entry.startswith(f"uv=={pyproject_pins()['uv']} ")
    assert "--hash=sha256:" in entry


def test_the_lock_says_it_is_remade_with_make_lock() -> None:
    header = lockfile.LOCK.read_text().splitlines()[:2]
    assert header[1].strip() == "#    make lock"


def test_environment_yml_installs_the_lock_and_nothing_else() -> None:
    assert pip_section() == ["-r requirements.lock"]


def test_binder_requirements_install_the_lock_and_nothing_else() -> None:
    lines = (REPO_ROOT / "binder" / "requirements.txt").read_text().splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == [
        "-r ../requirements.lock"
    ]


def test_environment_yml_python_matches_requires_python() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    conda_packages = [d for d in environment_yml()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda_packages
    assert project["requires-python"] == ">=3.11"
    assert (REPO_ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"

"""environment.yml (conda) lists exactly the packages pinned in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]


def normalise(requirement: str) -> str:
    """``PyJWT[crypto] == 2.15.1`` -> ``pyjwt[crypto]==2.15.1`` (PEP 503 names, no spaces)."""
    requirement = requirement.replace(" ", "")
    match = re.match(r"^([A-Za-z0-9._-]+)(.*)$", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() + match.group(2)


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    return {normalise(r) for r in requirements}


def environment_yml() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    return loaded


def pip_section() -> list[str]:
    sections = [d["pip"] for d in environment_yml()["dependencies"] if isinstance(d, dict)]
    assert len(sections) == 1
    return list(sections[0])


def test_environment_yml_pins_the_same_packages_as_pyproject() -> None:
    assert {normalise(r) for r in pip_section()} == pyproject_requirements()


def test_environment_yml_lists_each_package_once() -> None:
    names = [normalise(r) for r in pip_section()]
    assert len(names) == len(set(names))


def test_environment_yml_python_matches_requires_python() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    conda_packages = [d for d in environment_yml()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda_packages
    assert project["requires-python"] == ">=3.11"

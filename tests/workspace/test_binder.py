"""binder/: the repo2docker configuration that Binder, and a JupyterHub image built with
repo2docker, use. ``repo2docker --no-build --debug`` prints the Dockerfile of its build plan
without Docker; the plan must install from requirements.lock (hashes checked) after the whole
repository is in the image, then the project itself without dependencies.
Source: repo2docker docs, "Configuration files" (``binder/`` takes precedence over the root;
``requirements.txt``, ``runtime.txt``, ``postBuild``, ``start``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPO2DOCKER = Path(sys.executable).parent / "repo2docker"


@pytest.fixture(scope="module")
def build_plan() -> str:
    completed = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan"]
        + [str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return completed.stdout + completed.stderr


def test_the_plan_builds_a_python_3_11_environment(build_plan: str) -> None:
    assert "Building conda environment for python=3.11" in build_plan


def test_the_plan_installs_the_lock_after_the_whole_repository_is_copied(build_plan: str) -> None:
    copy = build_plan.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install = build_plan.index('/bin/pip install --no-cache-dir -r "binder/requirements.txt"')
    # binder/requirements.txt includes ../requirements.lock, which must be there by then
    assert copy < install


def test_the_plan_runs_postbuild_which_installs_the_project_without_dependencies(
    build_plan: str,
) -> None:
    assert "RUN ./binder/postBuild" in build_plan
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-cache-dir --no-deps -e ." in post_build


def test_the_plan_starts_the_server_through_binder_start(build_plan: str) -> None:
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in build_plan


def test_binder_start_seeds_the_workspace_then_runs_the_server(tmp_path: Path) -> None:
    """The start script, run as repo2docker's entrypoint runs it: seeds workspace/ (tools/
    workspace.py, which never overwrites) and then execs the command it was given."""
    repo = tmp_path / "repo"
    (repo / "binder").mkdir(parents=True)
    (repo / "tools").mkdir()
    (repo / "notebooks").mkdir()
    for name in ("binder/start", "tools/__init__.py", "tools/workspace.py"):
        (repo / name).write_bytes((ROOT / name).read_bytes())
    (repo / "notebooks" / "00_setup.ipynb").write_text("{}")
    environment = {
        **os.environ,
        "REPO_DIR": str(repo),
        "PATH": f"{Path(sys.executable).parent}:" + os.environ["PATH"],
    }
    completed = subprocess.run(
        ["bash", str(repo / "binder" / "start"), "echo", "server started"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        cwd=tmp_path,
    )
    assert completed.stdout.splitlines()[-1] == "server started"
    assert (repo / "workspace" / "00_setup.ipynb").read_text() == "{}"


def test_every_executable_binder_script_is_marked_executable() -> None:
    for name in ("postBuild", "start"):
        assert os.access(ROOT / "binder" / name, os.X_OK), name

"""Issue 12, "Done when": after a learner has run every notebook, ``git status`` is clean and the
committed notebooks are unchanged.

A copy of this checkout's tracked files becomes a git repository of its own; its workspace is
seeded as ``make lab`` seeds it (tools/workspace.py), and every workspace notebook is executed
in order, in its own folder, on a fresh kernel, and saved in place, as JupyterLab's autosave
would, with the learner's own prefix (``root``, not the committed outputs' ``alice``). The
kernels' ``connect()`` starts the learner's emulator itself, from the copy's code, with the
state directory of a learner of its own; ``make stop``'s code stops it at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.backend import EmulatorFiles
from tools import workspace
from tools.execute_notebooks import unexpected_error
from tools.stop_emulator import read_recorded, stop_emulator

ROOT = Path(__file__).resolve().parents[2]
LEARNER_PREFIX = "root"
# What the test session set for its own emulator: a learner's kernel has none of it, and
# finds (starts) its emulator through connect() alone.
SESSION_VARIABLES = (
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_PROFILE",
    "WORKBOOK_EMULATOR_URL",
    "WORKBOOK_STATE_DIR",
    "PYTHONPATH",
    "WORKBOOK_PARITY_REPORT",
)


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    )
    return completed.stdout


def tracked_copy(destination: Path) -> Path:
    """This checkout's tracked files, as they are on disk, committed in a new repository."""
    files = git(ROOT, "ls-files", "-z").split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_symlink() or not source.is_file():
            continue  # .venv is a symlink in a worktree; deleted files are not on disk
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    git(destination, "init", "--quiet")
    git(destination, "add", "--all")
    identity = ["-c", "user.name=learner", "-c", "user.email=learner@example.com"]
    git(destination, *identity, "commit", "--quiet", "--no-verify", "-m", "course")
    return destination


def learner_environment(repo: Path, state: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in SESSION_VARIABLES}
    environment |= {
        "WORKBOOK_BACKEND": "local",
        "WORKBOOK_PREFIX": LEARNER_PREFIX,
        "WORKBOOK_REGION": "us-east-1",
        "WORKBOOK_STATE_DIR": str(state),
        # 09's ports, other than make notebooks' and the participants' test's (local_port)
        "WORKBOOK_LOGIN_PORT": "18765",
        "WORKBOOK_BROWSER_APP_PORT": "18766",
        # the copy's helpers, as the copy's own `pip install -e .` would give
        "PYTHONPATH": str(repo),
    }
    return environment


def run_as_a_learner(repo: Path, environment: dict[str, str]) -> list[str]:
    """Execute every workspace notebook in place; returns the unexpected errors."""
    errors = []
    for path in sorted((repo / "workspace").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=300,
            allow_errors=True,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute(env=environment, cwd=str(path.parent))
        nbformat.write(notebook, path)  # autosave
        error = unexpected_error(notebook)
        if error is not None:
            errors.append(f"{path.name}: {error}")
    return errors


@pytest.fixture
def readable_dir() -> Iterator[Path]:
    """A folder others may read, as a clone's is: run as root, the emulator runs each function
    under its own uid (emulator/README.md, Security), which must read the copy's
    emulator/awslambda/runtime/; pytest's tmp_path is 0700."""
    path = Path(tempfile.mkdtemp(prefix="learner-run-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_learners_whole_run_leaves_git_status_clean_and_the_notebooks_unchanged(
    tmp_path: Path, readable_dir: Path
) -> None:
    repo = tracked_copy(readable_dir / "repo")
    committed = {p.name: p.read_bytes() for p in (repo / "notebooks").glob("*.ipynb")}
    seeded = workspace.seed(repo / "notebooks", repo / "workspace")
    assert sorted(seeded.copied) == sorted(committed)
    state = tmp_path / "state"
    environment = learner_environment(repo, state)
    try:
        errors = run_as_a_learner(repo, environment)
    finally:
        files = EmulatorFiles(state / "workbook-emulator")
        recorded = read_recorded(files)
        stopped = stop_emulator(files)
    assert errors == []
    # the kernels started the learner's emulator through connect(), and make stop's code
    # stopped it
    assert recorded is not None and stopped.stopped, stopped.message
    # the learner's outputs are theirs: their prefix is in their copies, not in notebooks/
    learner_copy = (repo / "workspace" / "00_setup.ipynb").read_text()
    assert f"'{LEARNER_PREFIX}'" in learner_copy or f"{LEARNER_PREFIX}-" in learner_copy
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert {p.name: p.read_bytes() for p in (repo / "notebooks").glob("*.ipynb")} == committed

"""Two participants whose prefixes collide as text (``alice``, ``alice-smith``) each run the whole
course (notebooks 00..09, the six break-and-fix exercises through their solutions, and 99) on
one emulator with IAM enforced, each as an IAM user that holds only their participant policy
(docs/aws-behaviour.md section 28; issue 12, "Done when").

The notebooks run with nbclient from a temporary copy, one fresh kernel each, as the
participant would (WORKBOOK_EMULATOR_URL and their own profile, helpers/backend.py
``connect``). The committed outputs are prefix ``alice``'s, so instead of comparing them the
test asks that no cell raises unless it is marked to, and that every checkpoint passes
(tools/parity_report.py decides both, as for the parity report).

One after the other, not at once: on one host two courses collide in notebook 09, whose
callback listener and browser app listen on fixed loopback ports ("Address already in use",
measured 2026-12-02: both at once took 177 s of wall time and failed 17 checkpoints of 09;
one after the other takes about 32 s each), and 06 moves the emulator's clock, which is the
whole emulator's (docs/aws-behaviour.md 28.10).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from emulator.process import EmulatorProcess
from tests.workshop.participants import ACCOUNT, REGION, Participant, make_participant
from tools.check_notebook_pairs import NOTEBOOKS, find_pairs
from tools.parity_report import (
    PASS,
    Environment,
    executed_outputs,
    normaliser,
    notebook_checkpoints,
    shown_text,
    unexecuted,
)

ROOT = Path(__file__).resolve().parents[2]
_CLEARED = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
MIN_CHECKPOINTS = 50
"""Fewer checkpoints than the course has would mean notebooks did not run."""


@dataclass
class CourseRun:
    failures: list[str] = field(default_factory=list)
    passed: int = 0
    shown: str = ""
    """Everything the cells showed, to see who the calls ran as."""


def kernel_environment(participant: Participant, state_dir: Path) -> dict[str, str]:
    """The environment a participant's kernels start with: no keys of the test session's
    (nor its emulator's profile), the participant's own settings (``environment()``)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in _CLEARED and not name.startswith(("AWS_", "WORKBOOK_"))
    }
    return {
        **inherited,
        **participant.environment(),
        "PYTHONPATH": str(ROOT),
        "WORKBOOK_STATE_DIR": str(state_dir),
        # 09's ports, other than make notebooks' and the learner-run test's: as each user of
        # a shared host would set them (helpers/config.py local_port)
        "WORKBOOK_LOGIN_PORT": "28765",
        "WORKBOOK_BROWSER_APP_PORT": "28766",
    }


SOLUTIONS = ROOT / "workshop" / "solutions"


def course_notebooks(upto: str) -> list[Path]:
    """The notebooks up to ``upto`` in order, with the break-and-fix exercises' solutions
    (workshop/solutions) where a learner does them: after the course, before 99_cleanup."""
    course = [pair.ipynb for pair in find_pairs(NOTEBOOKS) if pair.ipynb.name[:2] <= upto]
    if upto < "99":
        return course
    exercises = [pair.ipynb for pair in find_pairs(SOLUTIONS)]
    return course[:-1] + exercises + course[-1:]


def run_course(participant: Participant, workdir: Path, upto: str = "99") -> CourseRun:
    """Execute the notebooks up to ``upto`` (its number) as ``participant``, in order, each
    on a fresh kernel started with ``kernel_environment``."""
    env = kernel_environment(participant, workdir / ".state")
    shutil.copytree(NOTEBOOKS, workdir, ignore=shutil.ignore_patterns("*.md", ".*"))
    clean = normaliser(Environment(participant.name, ACCOUNT, REGION))
    run = CourseRun()
    for path in course_notebooks(upto):
        committed = nbformat.read(path, as_version=4)
        notebook = unexecuted(committed)
        NotebookClient(
            notebook,
            timeout=300,
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": str(workdir)}},
        ).execute(env=env)
        name = path.name
        outputs = executed_outputs(notebook)
        run.shown += "".join(shown_text(cell_outputs) for cell_outputs in outputs.values())
        for checkpoint in notebook_checkpoints(name, committed, outputs, clean):
            if checkpoint.result == PASS:
                run.passed += 1
            else:
                run.failures.append(
                    f"{participant.name} {name} {checkpoint.label!r}: {checkpoint.result} "
                    f"{checkpoint.marks} {checkpoint.error}"
                )
    return run


def test_two_participants_with_only_the_participant_policy_each_run_the_whole_course(
    alice: Participant, alice_smith: Participant, tmp_path: Path
) -> None:
    """Each participant's course passes every checkpoint, as their IAM user, with IAM
    enforced on every call."""
    failures, callers = [], []
    for participant in (alice_smith, alice):
        started = time.perf_counter()
        run = run_course(participant, tmp_path / participant.name)
        print(
            f"{participant.name}: the course in {time.perf_counter() - started:.1f} s, "
            f"{run.passed} checkpoints passed"
        )
        failures += run.failures
        callers.append(f"Caller:  arn:aws:iam::{ACCOUNT}:user/{participant.name}" in run.shown)
        assert run.passed >= MIN_CHECKPOINTS
    assert failures == []
    assert callers == [True, True]


def test_a_participant_whose_policy_lacks_lambda_create_function_fails_notebook_01(
    iam_emulator: EmulatorProcess, participants_dir: Path, tmp_path: Path
) -> None:
    """The run above can fail: without one action of helpers/permissions.py the course stops
    with the learner's PermissionDenied naming it (helpers/errors.py)."""
    carol = make_participant(
        iam_emulator, "carol", participants_dir, without=frozenset({"lambda:CreateFunction"})
    )
    run = run_course(carol, tmp_path / "carol", upto="01")
    assert "PermissionDenied: Your AWS identity may not call lambda:CreateFunction " in (
        "\n".join(run.failures)
    )

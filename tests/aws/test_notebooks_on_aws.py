"""Run the notebooks against a real AWS account: ``make test-aws`` (opt-in).

Skipped, with the reason, unless ``WORKBOOK_BACKEND=aws`` and the standard credential chain
finds credentials. Executes 00-08 in order, each in a fresh kernel, failing on the first
error, and always runs 99_cleanup afterwards, so nothing is left in the account. Outputs are
not compared (IDs, account and timings differ on AWS); the checkpoints assert the behaviour.

Whatever happens, the run ends by writing the parity report .workbook/parity/aws.jsonl
(tools/parity_report.py): every checkpoint of every notebook, with the result, marks, HTTP
statuses and bodies it showed on AWS, or "not run" after the first failure. Your prefix,
account and region are written as the committed outputs' (alice, 123456789012, us-east-1),
so ``make parity`` compares it line by line with the local run's report.
"""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import nbformat
import pytest
from botocore.exceptions import BotoCoreError
from nbclient import NotebookClient
from nbformat import NotebookNode

from helpers import connect, get_caller_identity, load_config
from tools import parity_report

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
COURSE = [
    "00_setup",
    "01_lambda",
    "02_rest_api",
    "03_deploy",
    "04_cognito_authorizer",
    "05_user_and_token",
    "06_attack_your_api",
    "07_groups_and_scopes",
    "08_lambda_authorizer",
]
CLEANUP = "99_cleanup"
REPORT = parity_report.report_path("aws")


def skip_reason() -> str | None:
    if os.environ.get("WORKBOOK_BACKEND", "").lower() != "aws":
        return "set WORKBOOK_BACKEND=aws (make test-aws does) to run the notebooks on AWS"
    try:
        credentials = boto3.Session().get_credentials()
    except BotoCoreError as err:
        return f"AWS credentials could not be loaded ({err}); set AWS_PROFILE or run aws sso login"
    if credentials is None:
        return "no AWS credentials found; set AWS_PROFILE (or AWS_ACCESS_KEY_ID) to run on AWS"
    return None


def read(name: str) -> NotebookNode:
    """The committed notebook `name`."""
    notebook: NotebookNode = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return notebook


def execute(notebook: NotebookNode) -> None:
    """Execute `notebook` in place on a fresh kernel; raises on the first error."""
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()


def learner_environment() -> parity_report.Environment:
    """This run's prefix, account and region, which the report writes as the committed ones."""
    wb = connect(load_config())
    account = get_caller_identity(wb).account
    region = wb.config.region or wb.session.region_name or parity_report.COMMITTED.region
    return parity_report.Environment(wb.config.prefix, account, region)


def run_course(report: Path, environment: parity_report.Environment) -> None:
    """Execute the course, then 99_cleanup whatever happened, then write the report (the
    outputs each cell got; a cell the run did not reach is "not run")."""
    committed = {name: read(name) for name in [*COURSE, CLEANUP]}
    runs = {name: parity_report.unexecuted(notebook) for name, notebook in committed.items()}
    try:
        for name in COURSE:
            execute(runs[name])
    finally:
        try:
            execute(runs[CLEANUP])
        finally:
            clean = parity_report.normaliser(environment)
            parity_report.write_report(
                report,
                (
                    checkpoint
                    for name, notebook in committed.items()
                    for checkpoint in parity_report.notebook_checkpoints(
                        name, notebook, parity_report.executed_outputs(runs[name]), clean
                    )
                ),
            )


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_course_runs_on_aws_and_cleans_up() -> None:
    run_course(REPORT, learner_environment())

"""Run the notebooks against a real AWS account: ``make test-aws`` (opt-in).

Skipped, with the reason, unless ``WORKBOOK_BACKEND=aws`` and the standard credential chain
finds credentials. Executes 00-05 in order, each in a fresh kernel, failing on the first
error, and always runs 99_cleanup afterwards, so nothing is left in the account. Outputs are
not compared (IDs, account and timings differ on AWS); the checkpoints assert the behaviour.
"""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import nbformat
import pytest
from botocore.exceptions import BotoCoreError
from nbclient import NotebookClient

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


def execute(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_course_runs_on_aws_and_cleans_up() -> None:
    try:
        for name in COURSE:
            execute(name)
    finally:
        execute("99_cleanup")

"""Project errors: each message names the resource, quotes the AWS code and says what to do next."""

from __future__ import annotations

from botocore.exceptions import ClientError


class WorkbookError(Exception):
    """Something the learner can act on. The message is written for them, not for a log."""


class CheckpointFailed(WorkbookError):
    """A checkpoint cell found the AWS state different from what the step should have made."""


def error_code(err: ClientError) -> str:
    """The AWS error code of a ClientError, e.g. ``"ResourceNotFoundException"``."""
    return str(err.response.get("Error", {}).get("Code", "Unknown"))


def error_message(err: ClientError) -> str:
    """The AWS error message of a ClientError ("" when AWS sent none)."""
    return str(err.response.get("Error", {}).get("Message", ""))


def aws_failure(what: str, err: ClientError, next_step: str) -> WorkbookError:
    """Wrap a ClientError: ``<what> failed (<Code>: <message>). <next step>``.

    Use as ``raise aws_failure("Creating role 'r'", err, "Re-run this cell.") from err``.
    """
    detail = error_message(err)
    code = error_code(err)
    quoted = f"{code}: {detail}" if detail else code
    return WorkbookError(f"{what} failed ({quoted}). {next_step}")

"""Project errors: each message names the resource, quotes the AWS code and says what to do next."""

from __future__ import annotations

import re

from botocore.exceptions import ClientError

from helpers.permissions import find_permission

ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
    }
)
"""The codes AWS services use when IAM denies a call. (Cognito's ``NotAuthorizedException`` is
a wrong password or token, not IAM, and is not among them.)"""

_DENIED_ACTION = re.compile(r"perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)")


class WorkbookError(Exception):
    """Something the learner can act on. The message is written for them, not for a log."""


class CheckpointFailed(WorkbookError):
    """A checkpoint cell found the AWS state different from what the step should have made."""


class PermissionDenied(WorkbookError):
    """IAM denied a call: the message names the action and what to ask an administrator for."""

    def __init__(self, message: str, *, action: str, code: str) -> None:
        super().__init__(message)
        self.action = action
        self.code = code


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


def denied_action(message: str, operation_action: str) -> str:
    """The action IAM denied: the one AWS's message names ("... is not authorized to perform:
    iam:PassRole on resource ..."; often not the operation's own, e.g. CreateFunction denied
    for iam:PassRole), else the operation's action."""
    named = _DENIED_ACTION.search(message)
    return named.group(1) if named else operation_action


def permission_denied(code: str, message: str, operation_action: str) -> PermissionDenied:
    """The learner's error for an IAM denial of ``operation_action`` (e.g. ``lambda:Invoke``
    is ``lambda:InvokeFunction``): the action, why the course needs it, whom to ask."""
    action = denied_action(message, operation_action)
    needed = find_permission(action)
    why = (
        f" The course needs it to {needed.why} (notebook {', '.join(needed.notebooks)})."
        if needed
        else ""
    )
    return PermissionDenied(
        f"Your AWS identity may not call {action} ({code}: {message}).{why} Ask your "
        f"account's administrator to allow {action} for your identity (README.md, "
        '"Permissions your AWS identity needs", lists every action the course uses), '
        "then re-run this cell.",
        action=action,
        code=code,
    )

"""00_setup's permission preflight: may your AWS identity call what the course calls?

It asks IAM's policy simulator (``iam:SimulatePrincipalPolicy``) about every action of
``helpers.permissions`` for the identity the credentials belong to, and names the ones it
denies. The simulation evaluates the identity's policies, its permissions boundary and the
organization's SCPs, on ``Resource: *``; it is an estimate, not a guarantee (a session
policy or a resource condition can still deny). When the simulator itself is denied, or the
identity cannot be simulated (the root user, a federated user), the report says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botocore.exceptions import ClientError

from helpers.backend import Workbook, get_caller_identity
from helpers.errors import PermissionDenied, error_code, error_message
from helpers.permissions import ACTIONS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PermissionReport:
    checked: bool
    """True when the simulator answered for every action."""
    missing: tuple[str, ...]
    """Actions the simulator denied (implicitly or explicitly)."""
    summary: str
    """One line for the learner."""


def principal_to_simulate(wb: Workbook, caller_arn: str) -> str | None:
    """The IAM ARN the simulator takes for the caller: a user as it is; for an assumed role
    (``arn:aws:sts::…:assumed-role/Name/session``), the role's ARN with its path
    (``iam:GetRole``). None for the root user and federated users."""
    resource = caller_arn.split(":", 5)[5] if caller_arn.count(":") >= 5 else ""
    if resource.startswith("user/"):
        return caller_arn
    if resource.startswith("assumed-role/"):
        role_name = resource.split("/")[1]
        return str(wb.client("iam").get_role(RoleName=role_name)["Role"]["Arn"])
    return None


def check_permissions(wb: Workbook) -> PermissionReport:
    """Simulate the course's actions for your identity; name the ones it may not call."""
    if wb.backend == "local":
        return PermissionReport(
            checked=False,
            missing=(),
            summary=(
                f"Local emulator: no IAM permissions to check (on AWS this simulates the "
                f"{len(ACTIONS)} actions README.md lists)"
            ),
        )
    caller = get_caller_identity(wb).arn
    try:
        principal = principal_to_simulate(wb, caller)
    except PermissionDenied as err:
        return _not_checked(f"{err.action} is denied, so the role cannot be simulated")
    if principal is None:
        if caller.endswith(":root"):
            return _not_checked(
                "you are the account's root user, who may do everything (prefer an IAM "
                "role or user)"
            )
        return _not_checked(f"{caller} is not a user or role the simulator can take")
    try:
        pages = wb.client("iam").get_paginator("simulate_principal_policy")
        decisions = {
            result["EvalActionName"]: result["EvalDecision"]
            for page in pages.paginate(PolicySourceArn=principal, ActionNames=list(ACTIONS))
            for result in page["EvaluationResults"]
        }
    except PermissionDenied:
        return _not_checked("iam:SimulatePrincipalPolicy itself is denied for your identity")
    except ClientError as err:  # e.g. a quota or an input the simulator refuses
        return _not_checked(f"the simulator answered {error_code(err)}: {error_message(err)}")
    missing = tuple(a for a in ACTIONS if decisions.get(a) != "allowed")
    if missing:
        summary = (
            f"{len(missing)} of {len(ACTIONS)} actions are denied for {principal}: "
            f"{', '.join(missing)}. Ask your account's administrator for them (README.md, "
            '"Permissions your AWS identity needs").'
        )
    else:
        summary = f"All {len(ACTIONS)} actions the course calls are allowed for {principal}"
    return PermissionReport(checked=True, missing=missing, summary=summary)


def _not_checked(reason: str) -> PermissionReport:
    return PermissionReport(
        checked=False,
        missing=(),
        summary=(
            f"Permissions not checked: {reason}. If a later cell says AccessDenied, it names "
            'the action; README.md, "Permissions your AWS identity needs", lists them all.'
        ),
    )

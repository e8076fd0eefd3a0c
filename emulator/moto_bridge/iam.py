"""IAM in moto: the inline policies of a role (IAM is global: one backend per partition)."""

from __future__ import annotations

from typing import Any

from moto.iam.models import iam_backends

from emulator.moto_bridge import ACCOUNT_ID, field

_PARTITION = "aws"


def _backend() -> Any:
    return iam_backends[ACCOUNT_ID][_PARTITION]


def inline_policy_names(role_name: str) -> frozenset[str] | None:
    """The names of a role's inline policies (PutRolePolicy), or None when there is no role."""
    for role in field(_backend(), "roles").values():
        if field(role, "name") == role_name:
            return frozenset(field(role, "policies"))
    return None

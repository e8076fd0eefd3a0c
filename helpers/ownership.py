"""Whose is a resource? The one rule, read from its tags (docs/aws-behaviour.md section 29).

Everything the workbook creates carries ``workbook=cognito-authorizer`` and
``workbook-prefix=<prefix>`` (helpers/config.py ``workbook_tags``). A resource that has one of
the exact names of ``ResourceNames(prefix)`` is **ours** only when both tags say so. Any other
resource with that name is someone else's: **untagged** (made by hand, by another tool, or by
an older workbook) or **another prefix's** (the tags name another learner). Reuse refuses to
adopt such a resource, and cleanup reports it and leaves it alone: the name alone proves
nothing in an account a room shares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from helpers.config import WORKBOOK_TAG
from helpers.errors import WorkbookError

if TYPE_CHECKING:
    from mypy_boto3_iam.type_defs import TagTypeDef

WORKBOOK_KEY = "workbook"
PREFIX_KEY = "workbook-prefix"


class Owner(Enum):
    OURS = "ours"
    OTHER_PREFIX = "another prefix's"
    UNTAGGED = "untagged"


@dataclass(frozen=True)
class Ownership:
    """Whose a resource is, and the prefix its tags name (None when they name none)."""

    owner: Owner
    tagged_prefix: str | None = None

    @property
    def is_ours(self) -> bool:
        return self.owner is Owner.OURS

    def describe(self) -> str:
        """``"untagged"`` or ``"tagged for prefix 'bob'"``: why it is not ours."""
        if self.owner is Owner.UNTAGGED:
            return "it does not carry the workbook's tags"
        if self.owner is Owner.OTHER_PREFIX:
            return f"its tags say it belongs to prefix '{self.tagged_prefix}'"
        return "it is yours"


def workbook_prefix_of(tags: Mapping[str, str] | None) -> str | None:
    """The prefix a workbook-tagged resource belongs to; None when ``workbook`` is not ours.

    A resource tagged ``workbook=cognito-authorizer`` without a ``workbook-prefix`` tag gives
    ``""`` (the sweep deletes it too, under "(no prefix tag)").
    """
    tags = tags or {}
    if tags.get(WORKBOOK_KEY) != WORKBOOK_TAG:
        return None
    return tags.get(PREFIX_KEY, "")


def ownership_of(tags: Mapping[str, str] | None, prefix: str) -> Ownership:
    """Ours when ``workbook=cognito-authorizer`` and ``workbook-prefix=<prefix>``, exactly."""
    tagged = workbook_prefix_of(tags)
    if tagged is None:
        return Ownership(Owner.UNTAGGED)
    if tagged == prefix:
        return Ownership(Owner.OURS, tagged)
    return Ownership(Owner.OTHER_PREFIX, tagged or None)


def tag_list_to_dict(items: Iterable[TagTypeDef]) -> dict[str, str]:
    """IAM's ``[{"Key": k, "Value": v}]`` as a dict."""
    return {item["Key"]: item["Value"] for item in items}


def not_ours_error(kind: str, name: str, ownership: Ownership, prefix: str) -> WorkbookError:
    """The learner's error when a resource of theirs by name is not theirs by its tags."""
    return WorkbookError(
        f"{kind} '{name}' already exists, but {ownership.describe()}, so the workbook will not "
        f"use or change it (your prefix is '{prefix}'). Either delete it yourself if it is "
        "yours, or pick another prefix: `export WORKBOOK_PREFIX=<your-name>` before starting "
        "JupyterLab (or `%env WORKBOOK_PREFIX=<your-name>`, then restart the kernel), and "
        "re-run from 00_setup."
    )


def require_ours(kind: str, name: str, tags: Mapping[str, str] | None, prefix: str) -> None:
    """Raise ``not_ours_error`` unless the tags make the resource ours."""
    ownership = ownership_of(tags, prefix)
    if not ownership.is_ours:
        raise not_ours_error(kind, name, ownership, prefix)

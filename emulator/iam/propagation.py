"""What IAM has not propagated yet: each record ends after its delay of the table.

IAM is eventually consistent ("Changes that I make are not always immediately visible",
IAM user guide): a new role cannot be assumed by Lambda at once (21.2), a new inline policy
cannot be read at once (21.3), and list calls keep showing what was deleted (21.4).
"""

from __future__ import annotations

from emulator.consistency import Consistency, Pending
from emulator.consistency.behaviours import (
    DELETED_STILL_LISTED,
    INLINE_POLICY_READABLE,
    ROLE_ASSUMABLE,
)


class IamPropagation:
    def __init__(self, consistency: Consistency) -> None:
        self.new_roles: Pending[str, bool] = Pending(consistency, ROLE_ASSUMABLE)
        """Role ARNs Lambda cannot assume yet."""
        self.new_inline_policies: Pending[tuple[str, str], bool] = Pending(
            consistency, INLINE_POLICY_READABLE
        )
        """(role name, policy name) of inline policies GetRolePolicy cannot read yet."""
        self.deleted_roles: Pending[str, bytes] = Pending(consistency, DELETED_STILL_LISTED)
        """Role name → its ListRoles ``<member>`` (XML), still listed."""
        self.deleted_inline_policies: Pending[tuple[str, str], bool] = Pending(
            consistency, DELETED_STILL_LISTED
        )
        """(role name, policy name) still listed by ListRolePolicies."""

    def clear(self) -> None:
        self.new_roles.clear()
        self.new_inline_policies.clear()
        self.deleted_roles.clear()
        self.deleted_inline_policies.clear()

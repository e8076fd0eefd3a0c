"""Lambda function states in eventual mode ("Lambda function states", Lambda developer guide).

- A new function is ``State: Pending`` (StateReasonCode ``Creating``) for a while (21.5);
  Invoke answers 409 ResourceConflictException "The operation cannot be performed at this
  time. The function is currently in the following state: Pending", and so do updates and
  PublishVersion, which "fail while function creation is pending".
- An update leaves ``LastUpdateStatus: InProgress`` for a while (21.6); another update or
  PublishVersion answers 409 "... An update is in progress for resource: {arn}", and
  "invocations go to the function's previous code and configuration".
- A new resource-based permission (AddPermission) takes effect after a while (21.7).

The records are keyed by (region, function name) and end after their delay of the table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from emulator.awslambda.runtime.types import FunctionSpec
from emulator.consistency import Consistency, Pending
from emulator.consistency.behaviours import (
    FUNCTION_PENDING,
    FUNCTION_UPDATING,
    PERMISSION_PROPAGATION,
)
from emulator.errors import AwsError, Protocol
from emulator.moto_bridge.awslambda import FunctionRecord

BEING_CREATED = "The function is being created."
CANNOT_NOW = "The operation cannot be performed at this time."

FunctionKey = tuple[str, str]


def key_of(function: FunctionRecord) -> FunctionKey:
    return (function.spec.region, function.spec.function_name)


def _conflict(message: str) -> AwsError:
    return AwsError(409, "ResourceConflictException", message, Protocol.LAMBDA, compact=True)


class FunctionStates:
    def __init__(self, consistency: Consistency) -> None:
        self.creating: Pending[FunctionKey, bool] = Pending(consistency, FUNCTION_PENDING)
        self.updating: Pending[FunctionKey, FunctionSpec] = Pending(consistency, FUNCTION_UPDATING)
        """The spec before the update: what invocations run until it is done."""
        self.new_permissions: Pending[tuple[str, str, str], bool] = Pending(
            consistency, PERMISSION_PROPAGATION
        )
        """(region, function name, statement id) not in effect yet."""

    def refuse_invoke(self, function: FunctionRecord) -> None:
        if self.creating.pending(key_of(function)):
            raise _conflict(
                f"{CANNOT_NOW} The function is currently in the following state: Pending"
            )

    def refuse_update(self, function: FunctionRecord) -> None:
        """UpdateFunctionCode, UpdateFunctionConfiguration, PublishVersion."""
        arn = function.spec.function_arn
        if self.creating.pending(key_of(function)):
            raise _conflict(
                f"{CANNOT_NOW} The resource {arn} is currently in the following state: "
                "'Pending'. StateReasonCode: 'Creating'"
            )
        if self.updating.pending(key_of(function)):
            raise _conflict(f"{CANNOT_NOW} An update is in progress for resource: {arn}")

    def as_seen_now(self, function: FunctionRecord) -> FunctionRecord:
        """The function as Invoke and API Gateway see it now: the previous spec while an
        update is in progress, and only the permissions that have propagated."""
        region, name = key_of(function)
        previous = self.updating.get((region, name))
        statements = tuple(
            statement
            for statement in function.policy_statements
            if not self.new_permissions.pending((region, name, str(statement.get("Sid", ""))))
        )
        return replace(function, spec=previous or function.spec, policy_statements=statements)

    def configuration(self, key: FunctionKey, config: dict[str, Any]) -> dict[str, Any]:
        """A FunctionConfiguration (GetFunction, GetFunctionConfiguration, the create and
        update answers) as it reads now."""
        if self.creating.pending(key):
            config.pop("LastUpdateStatus", None)
            config.update(State="Pending", StateReason=BEING_CREATED, StateReasonCode="Creating")
        elif self.updating.pending(key):
            config.update(
                LastUpdateStatus="InProgress",
                LastUpdateStatusReason=BEING_CREATED,
                LastUpdateStatusReasonCode="Creating",
            )
        return config

    def clear(self) -> None:
        self.creating.clear()
        self.updating.clear()
        self.new_permissions.clear()

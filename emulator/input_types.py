"""The member types of an operation's input, checked before a hook reads or stores them.

The services' models (botocore's ``service-2.json``) say what each member of an input is: a
string, an integer, a list of strings, a map of strings. boto3 checks that before it sends a
request; a raw client (curl, a fuzzer) does not, and a wrongly typed member that reached
moto's models would break every later call that reads it (an integration ``uri`` of ``123``,
a list inside ``authorizationScopes``). So each hook checks the members it reads or lets moto
store, and answers a wrong type with the service's 400 before anything changes
(docs/aws-behaviour.md 23.1). A member that is absent or ``null`` is not checked: null
means "not given" on the wire.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import AwsError


@dataclass(frozen=True)
class Kind:
    """A member's type in the service model: what ``accepts`` it, and its name in a message."""

    name: str
    accepts: Callable[[object], bool]


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_boolean(value: object) -> bool:
    return isinstance(value, bool)


def _is_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_map_of(check: Callable[[object], bool]) -> Callable[[object], bool]:
    def accepts(value: object) -> bool:
        return isinstance(value, dict) and all(check(item) for item in value.values())

    return accepts


def is_finite_number(value: object) -> bool:
    """A JSON number that is not a boolean, NaN or infinite (``1e400`` reads as infinity)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


STRING = Kind("a string", _is_string)
INTEGER = Kind("an integer", _is_integer)
BOOLEAN = Kind("a boolean", _is_boolean)
STRINGS = Kind("a list of strings", _is_strings)
STRING_MAP = Kind("a map of strings to strings", _is_map_of(_is_string))
BOOLEAN_MAP = Kind("a map of strings to booleans", _is_map_of(_is_boolean))
STRING_LIST_MAP = Kind("a map of strings to lists of strings", _is_map_of(_is_strings))
OBJECTS = Kind(
    "a list of objects",
    lambda value: isinstance(value, list) and all(isinstance(item, dict) for item in value),
)

Members = Mapping[str, Kind]


def check_members(
    body: Mapping[str, Any],
    members: Members,
    refuse: Callable[[str], AwsError],
    *,
    where: str = "",
) -> None:
    """Raise ``refuse(message)`` for the first member of ``body`` that is not of its kind."""
    for name, kind in members.items():
        value = body.get(name)
        if value is not None and not kind.accepts(value):
            raise refuse(f"Invalid value for {where}{name}: it must be {kind.name}")


PATCH_OPERATION: Members = {"op": STRING, "path": STRING, "value": STRING, "from": STRING}
"""API Gateway's ``PatchOperation``: every member is a string (botocore apigateway model)."""


def patch_operations(
    body: Mapping[str, Any], refuse: Callable[[str], AwsError]
) -> list[dict[str, Any]]:
    """API Gateway's ``patchOperations``: a list of PatchOperation objects, each member a
    string; ``refuse(message)`` otherwise."""
    operations = body.get("patchOperations")
    if operations is None:
        return []
    if not OBJECTS.accepts(operations):
        raise refuse("Invalid value for patchOperations: it must be a list of objects")
    for index, op in enumerate(operations, start=1):
        check_members(op, PATCH_OPERATION, refuse, where=f"patchOperations.{index}.")
    return list(operations)


def coral_string_problem(value: object) -> str | None:
    """Why a JSON-1.1 (Coral) service refuses ``value`` where its model has a string, in its
    own words; None when it is one. [recorded: DynamoDB's SerializationException messages, as
    mhart/dynalite reproduces them (``validations.js``); Cognito's protocol is the same]."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, bool):
        return "class java.lang.Boolean can not be converted to an String"
    if isinstance(value, int | float):
        return (
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be "
            "converted to an String"
        )
    if isinstance(value, list):
        return "Start of list found where not expected"
    return "Start of structure or map found where not expected."


def coral_string_map_problem(value: object) -> str | None:
    """As ``coral_string_problem``, where the model has a map of strings to strings."""
    if value is None:
        return None
    if isinstance(value, list):
        return "Start of list found where not expected"
    if not isinstance(value, dict):
        return "Expected map or null"
    return next((p for p in map(coral_string_problem, value.values()) if p is not None), None)

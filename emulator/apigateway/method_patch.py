"""UpdateMethod's patch and PutMethod's checks: what AWS accepts, refuses and ignores.

Recorded from AWS in LocalStack's ``test_apigateway_api.snapshot.json``
(``test_update_method``, ``test_update_method_validation``, ``test_put_method_validation``;
docs/aws-behaviour.md 15.1, 15.7-15.10):

- the paths and the operations each takes: ``replace`` on ``/authorizationType``,
  ``/authorizerId``, ``/apiKeyRequired``, ``/operationName``, ``/requestValidatorId``;
  ``add``/``remove``/``replace`` on ``/requestParameters/{name}`` and
  ``/requestModels/{type}`` (``~1`` for ``/``); ``add``/``remove`` on
  ``/authorizationScopes``. Another path is ``Invalid patch path {path}``, another operation
  ``Invalid patch operation specified. Must be one of: [replace]``;
- ``CUSTOM`` or ``COGNITO_USER_POOLS`` without a valid authorizer is refused, and the method
  is left as it was; an ``/authorizerId`` on a method that stays ``NONE`` is ignored;
- ``/apiKeyRequired`` and ``/requestParameters/…`` take ``"true"`` as true and anything else
  as false.

The whole patch is applied to a copy first; moto's method changes only when all of it is
valid (``apply_method_patch`` returns the new settings, moto_bridge writes them at once).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import AwsError, bad_request
from emulator.input_types import BOOLEAN, BOOLEAN_MAP, STRING, STRING_MAP, STRINGS, Members

AUTHORIZATION_TYPES = frozenset({"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
NEEDS_AUTHORIZER = frozenset({"CUSTOM", "COGNITO_USER_POOLS"})
INVALID_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)
INVALID_VALIDATOR = "Invalid Request Validator identifier specified"
BUILT_IN_MODELS = frozenset({"Empty", "Error"})
"""Every REST API has these two models [recorded: LocalStack ``test_model_lifecycle``]."""
PATCH_OPERATIONS = ("add", "remove", "move", "test", "replace", "copy")
"""The ``op`` values the API accepts at all (a ValidationException otherwise)."""

_OPERATIONS_BY_PATH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("/authorizationScopes", ("add", "remove")),
    ("/authorizationType", ("replace",)),
    ("/authorizerId", ("replace",)),
    ("/apiKeyRequired", ("replace",)),
    ("/operationName", ("replace",)),
    ("/requestValidatorId", ("replace",)),
    ("/requestParameters/", ("add", "remove", "replace")),
    ("/requestModels/", ("add", "remove", "replace")),
)


PUT_METHOD: Members = {
    "authorizationType": STRING,
    "authorizerId": STRING,
    "apiKeyRequired": BOOLEAN,
    "operationName": STRING,
    "requestParameters": BOOLEAN_MAP,
    "requestModels": STRING_MAP,
    "requestValidatorId": STRING,
    "authorizationScopes": STRINGS,
}
"""PutMethod's members as the botocore apigateway model types them (checked before moto
stores them: docs/aws-behaviour.md 23.1)."""


@dataclass(frozen=True)
class MethodContext:
    """What a method's settings may refer to on its API."""

    authorizers: frozenset[str]
    request_validators: frozenset[str]
    models: frozenset[str]


def check_put_method(body: Mapping[str, Any], api: MethodContext) -> None:
    """PutMethod's refusals [recorded: ``test_put_method_validation``]."""
    authorizer_id = body.get("authorizerId")
    if body.get("authorizationType") in NEEDS_AUTHORIZER and authorizer_id not in api.authorizers:
        raise bad_request(INVALID_AUTHORIZER)
    validator = body.get("requestValidatorId")
    if validator and validator not in api.request_validators:
        raise bad_request(INVALID_VALIDATOR)
    for model in (body.get("requestModels") or {}).values():
        if model not in api.models | BUILT_IN_MODELS:
            raise bad_request(f"Invalid model identifier specified: {model}")


def apply_method_patch(
    settings: Mapping[str, Any], operations: list[dict[str, Any]], api: MethodContext
) -> dict[str, Any]:
    """The method's settings (moto_bridge's METHOD_FIELDS) after the patch, or AwsError."""
    _check_operation_names(operations)
    patched = copy.deepcopy(dict(settings))
    touched: set[str] = set()
    for op in operations:
        _apply(patched, op, api, touched)
    if patched["authorization_type"] in NEEDS_AUTHORIZER:
        if touched & {"/authorizationType", "/authorizerId"} and (
            patched["authorizer_id"] not in api.authorizers
        ):
            raise bad_request(INVALID_AUTHORIZER)
    elif "/authorizationType" in touched:
        patched["authorizer_id"] = None
    else:
        patched["authorizer_id"] = settings["authorizer_id"]  # ignored on NONE/AWS_IAM
    for name in ("request_parameters", "request_models", "authorization_scopes"):
        patched[name] = patched[name] or None
    return patched


def _check_operation_names(operations: list[dict[str, Any]]) -> None:
    wrong = [
        (index, op.get("op"))
        for index, op in enumerate(operations, start=1)
        if op.get("op") not in PATCH_OPERATIONS
    ]
    if not wrong:
        return
    problems = "; ".join(
        f"Value '{name}' at 'updateMethodInput.patchOperations.{index}.member.op' failed to "
        f"satisfy constraint: Member must satisfy enum value set: [{', '.join(PATCH_OPERATIONS)}]"
        for index, name in wrong
    )
    count = f"{len(wrong)} validation error{'s' if len(wrong) > 1 else ''} detected"
    raise AwsError(400, "ValidationException", f"{count}: {problems}")


def _operations_for(path: str) -> tuple[str, ...] | None:
    if len(path.split("/")) > 3:
        return None
    for prefix, operations in _OPERATIONS_BY_PATH:
        if prefix.endswith("/"):
            if path.startswith(prefix) and len(path) > len(prefix):
                return operations
        elif path == prefix:
            return operations
    return None


def _apply(
    patched: dict[str, Any], op: dict[str, Any], api: MethodContext, touched: set[str]
) -> None:
    path, value, kind = str(op.get("path", "")), op.get("value"), str(op.get("op"))
    allowed = _operations_for(path)
    if allowed is None:
        raise bad_request(f"Invalid patch path {path}")
    if kind not in allowed:
        raise bad_request(
            f"Invalid patch operation specified. Must be one of: [{', '.join(allowed)}]"
        )
    if path.startswith("/requestParameters/"):
        _patch_map(patched, "request_parameters", path, kind, str(value).lower() == "true")
    elif path.startswith("/requestModels/"):
        if kind != "remove" and value not in api.models | BUILT_IN_MODELS:
            raise bad_request(f"Invalid model identifier specified: {value}")
        _patch_map(patched, "request_models", path.replace("~1", "/"), kind, value)
    elif path == "/authorizationScopes":
        scopes = list(patched["authorization_scopes"] or [])
        if kind == "add" and value and value not in scopes:
            scopes.append(value)
        elif kind == "remove":
            scopes = [s for s in scopes if s != value] if value else []
        patched["authorization_scopes"] = scopes
    elif path == "/authorizationType":
        if value not in AUTHORIZATION_TYPES:
            raise bad_request(f"Invalid authorization type specified: {value}")
        patched["authorization_type"] = value
    elif path == "/authorizerId":
        patched["authorizer_id"] = value or None
    elif path == "/apiKeyRequired":
        patched["api_key_required"] = str(value).lower() == "true"
    elif path == "/operationName":
        patched["operation_name"] = value
    elif path == "/requestValidatorId":
        if value and value not in api.request_validators:
            raise bad_request(INVALID_VALIDATOR)
        patched["request_validator_id"] = value or None
    touched.add(path)


def _patch_map(patched: dict[str, Any], name: str, path: str, kind: str, value: Any) -> None:
    key = path.split("/", 2)[2]
    entries = dict(patched[name] or {})
    if kind == "remove":
        entries.pop(key, None)
    else:
        entries[key] = value
    patched[name] = entries

"""What a Lambda authorizer returns, and how API Gateway decides with it (REST APIs).

Pure rules, no I/O. Sources:

- [doc] "Output from an API Gateway Lambda authorizer" (api-gateway-lambda-authorizer-output):
  the output "must include the principal identifier (``principalId``) and a policy document
  (``policyDocument``)"; it may include ``context`` and ``usageIdentifierKey``; "you cannot set
  a JSON object or array as a valid value of any key in the ``context`` map"; the values "are
  all stringified".
- [recorded] An authorizer result with an unknown top-level key fails with "Execution failed
  due to configuration error: Invalid JSON in response: Unrecognized field "errorType" , not
  marked as ignorable" and AuthorizerConfigurationException (an AWS test-invoke log quoted in a
  public repository, 2023). So the top-level keys are checked strictly.
- [recorded] ``principalId: ""`` is accepted ("Using valid authorizer policy for principal: ",
  AWS test-invoke log of 2017 quoted in a public repository).
- [recorded] Context values reach a proxy integration stringified, ``null`` stays ``null``, and
  ``integrationLatency`` (an int, in ms) sits beside ``principalId``: a real AWS event printed in
  DefinitelyTyped PR #69823 shows ``{"str": "hello", "bool": "true", "null": null, "num":
  "123", "principalId": "my-username", "integrationLatency": 0}``.
- [doc] "Statement reference of IAM policies for executing API in API Gateway": ``Action``
  ``execute-api:Invoke`` (or ``execute-api:*``), ``Resource`` an execute-api ARN where ``*``
  is a wildcard. IAM evaluation: an explicit Deny wins over any Allow; no matching Allow is an
  implicit deny. ``?`` matches one character, as in every IAM ARN pattern [doc: IAM JSON
  policy elements: Resource].
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from awsrules.iam_wildcards import any_wildcard_match

INVOKE_ACTION = "execute-api:Invoke"
RESULT_KEYS = frozenset({"principalId", "policyDocument", "context", "usageIdentifierKey"})
_EFFECTS = ("Allow", "Deny")


class Decision(Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    NO_MATCHING_ALLOW = "no matching allow"


@dataclass(frozen=True)
class AuthorizerResult:
    """A well-formed Lambda authorizer output."""

    principal_id: str
    policy: dict[str, Any]
    """The ``policyDocument`` as returned."""
    statements: tuple[Mapping[str, Any], ...]
    context: dict[str, str | None]
    """The ``context`` map, values stringified (``null`` stays ``None``)."""


@dataclass(frozen=True)
class Malformed:
    """The output cannot be used; ``reason`` is for the execution log."""

    reason: str


def parse_result(payload: bytes) -> AuthorizerResult | Malformed:
    """Validate what the authorizer function returned."""
    try:
        result = json.loads(payload)
    except ValueError:
        return Malformed("Invalid JSON in response: not JSON")
    if not isinstance(result, dict):
        return Malformed("Invalid JSON in response: not an object")
    unknown = sorted(set(result) - RESULT_KEYS)
    if unknown:
        return Malformed(
            f'Invalid JSON in response: Unrecognized field "{unknown[0]}" , not marked as ignorable'
        )
    principal_id = result.get("principalId")
    if not isinstance(principal_id, str):
        return Malformed("Invalid JSON in response: principalId is missing or not a string")
    policy = result.get("policyDocument")
    statements = _statements(policy)
    if isinstance(statements, Malformed):
        return statements
    assert isinstance(policy, dict)  # _statements checked it
    context = _context(result.get("context"))
    if isinstance(context, Malformed):
        return context
    return AuthorizerResult(principal_id, policy, statements, context)


def _statements(policy: object) -> tuple[Mapping[str, Any], ...] | Malformed:
    if not isinstance(policy, dict):
        return Malformed("Invalid JSON in response: policyDocument is missing or not an object")
    raw = policy.get("Statement")
    listed = [raw] if isinstance(raw, dict) else raw
    if not isinstance(listed, list) or not listed:
        return Malformed("Invalid policy document: Statement must be a non-empty list")
    for statement in listed:
        if not isinstance(statement, dict) or statement.get("Effect") not in _EFFECTS:
            return Malformed("Invalid policy document: each statement needs Effect Allow or Deny")
        actions = statement.get("Action", statement.get("NotAction"))
        resources = statement.get("Resource", statement.get("NotResource"))
        if not (_strings(actions) and _strings(resources)):
            return Malformed(
                "Invalid policy document: Action and Resource must be strings or lists of strings"
            )
    return tuple(listed)


def _strings(value: object) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _context(context: object) -> dict[str, str | None] | Malformed:
    if context is None:
        return {}
    if not isinstance(context, dict):
        return Malformed("Invalid JSON in response: context is not an object")
    rendered: dict[str, str | None] = {}
    for key, value in context.items():
        if isinstance(value, dict | list):
            return Malformed(
                f"Invalid JSON in response: context value {key!r} is an object or an array"
            )
        rendered[key] = _stringify(value)
    return rendered


def _stringify(value: object) -> str | None:
    """``true``/``false`` for booleans, decimal text for numbers, ``None`` kept."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def evaluate(statements: Sequence[Mapping[str, Any]], arn: str) -> Decision:
    """IAM evaluation of ``execute-api:Invoke`` on ``arn``: explicit Deny > Allow > implicit."""
    allowed = False
    for statement in statements:
        if not (_action_matches(statement) and _resource_matches(statement, arn)):
            continue
        if statement["Effect"] == "Deny":
            return Decision.EXPLICIT_DENY
        allowed = True
    return Decision.ALLOW if allowed else Decision.NO_MATCHING_ALLOW


def _action_matches(statement: Mapping[str, Any]) -> bool:
    """Actions are case-insensitive in IAM [doc: IAM JSON policy elements: Action]."""
    if "Action" in statement:
        return any_wildcard_match(statement["Action"], INVOKE_ACTION, ignore_case=True)
    return not any_wildcard_match(statement["NotAction"], INVOKE_ACTION, ignore_case=True)


def _resource_matches(statement: Mapping[str, Any], arn: str) -> bool:
    if "Resource" in statement:
        return any_wildcard_match(statement["Resource"], arn, ignore_case=False)
    return not any_wildcard_match(statement["NotResource"], arn, ignore_case=False)


def integration_context(
    result: AuthorizerResult, integration_latency_ms: int
) -> dict[str, str | int | None]:
    """``requestContext.authorizer`` of the proxy event after a Lambda authorizer allowed.

    ``principalId`` and ``integrationLatency`` (the authorizer call in ms, 0 when the result
    came from the cache [inferred]), then the stringified context [recorded, see module doc].
    """
    return {
        "principalId": result.principal_id,
        "integrationLatency": integration_latency_ms,
        **result.context,
    }

"""How IAM decides one request against a principal's identity-based policies (pure, no I/O).

The rules (docs/aws-behaviour.md section 28; sources there):

- A statement applies when its ``Action`` (or ``NotAction``) matches the action, its
  ``Resource`` (or ``NotResource``) matches the resource ARN, and every condition holds.
  Actions compare without regard to case, resources with case; both take IAM's ``*`` and ``?``
  wildcards (awsrules/iam_wildcards.py).
- An explicit ``Deny`` wins over any ``Allow``; without an applicable ``Allow`` the request is
  implicitly denied [doc: IAM User Guide, "Policy evaluation logic"].
- Conditions: every operator of a ``Condition`` block must hold, and within an operator every
  key (AND); a key holds when the request's value matches one of the policy's values (OR).
  A key missing from the request fails a positive operator and passes a negated one
  (``StringNotEquals``, ``ArnNotLike`` …); ``…IfExists`` passes when the key is missing;
  ``Null: true`` holds when it is missing. ``ForAllValues:`` holds when every request value
  matches (vacuously when there are none), ``ForAnyValue:`` when at least one does
  [doc: "IAM JSON policy elements: Condition operators", "Single-valued vs. multivalued
  context keys"]. Condition key names compare without regard to case.
- ``${aws:username}`` in a ``Resource`` or a condition value is replaced by the caller's user
  name [doc: "IAM policy elements: Variables and tags"].
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from awsrules.iam_wildcards import wildcard_match

Policy = Mapping[str, Any]
"""A policy document, parsed from JSON."""


class Decision(Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit-deny"
    IMPLICIT_DENY = "implicit-deny"


@dataclass(frozen=True)
class RequestContext:
    """What one request presents to IAM: the action, the resource ARN, the context keys."""

    action: str
    resource: str
    keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Context keys (any case) and their values; a single-valued key has one value."""

    def values(self, key: str) -> tuple[str, ...] | None:
        """The request's values of ``key``, or None when the request does not have it."""
        wanted = key.lower()
        for name, values in self.keys.items():
            if name.lower() == wanted:
                return values
        return None


def evaluate(policies: Iterable[Policy], request: RequestContext) -> Decision:
    """IAM's decision for ``request`` under the identity-based ``policies``."""
    allowed = False
    for policy in policies:
        for statement in _statements(policy):
            if not _applies(statement, request):
                continue
            if statement.get("Effect") == "Deny":
                return Decision.EXPLICIT_DENY
            if statement.get("Effect") == "Allow":
                allowed = True
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY


def denial_message(principal_arn: str, request: RequestContext, decision: Decision) -> str:
    """AWS's message for a denied call [doc: IAM User Guide, "Access denied error message
    examples"; recorded: aws-samples/aws-ai-intelligent-document-processing issue 12]."""
    head = (
        f"User: {principal_arn} is not authorized to perform: {request.action} "
        f"on resource: {request.resource}"
    )
    if decision is Decision.EXPLICIT_DENY:
        return f"{head} with an explicit deny in an identity-based policy"
    return f"{head} because no identity-based policy allows the {request.action} action"


def _statements(policy: Policy) -> list[Mapping[str, Any]]:
    statements = policy.get("Statement", [])
    if isinstance(statements, Mapping):
        return [statements]
    return [s for s in statements if isinstance(s, Mapping)]


def _listed(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [str(item) for item in value]
    return []


def _substitute(text: str, request: RequestContext) -> str:
    if "${" not in text:
        return text
    username = request.values("aws:username")
    return text.replace("${aws:username}", username[0] if username else "${aws:username}")


def _applies(statement: Mapping[str, Any], request: RequestContext) -> bool:
    if "Action" in statement:
        if not _any_match(_listed(statement["Action"]), request.action, ignore_case=True):
            return False
    elif "NotAction" in statement:
        if _any_match(_listed(statement["NotAction"]), request.action, ignore_case=True):
            return False
    else:
        return False
    if "Resource" in statement:
        patterns = [_substitute(p, request) for p in _listed(statement["Resource"])]
        if not _any_match(patterns, request.resource):
            return False
    elif "NotResource" in statement:
        patterns = [_substitute(p, request) for p in _listed(statement["NotResource"])]
        if _any_match(patterns, request.resource):
            return False
    conditions = statement.get("Condition", {})
    return isinstance(conditions, Mapping) and all(
        _condition_holds(operator, keys, request)
        for operator, keys in conditions.items()
        if isinstance(keys, Mapping)
    )


def _any_match(patterns: Iterable[str], value: str, *, ignore_case: bool = False) -> bool:
    return any(wildcard_match(p, value, ignore_case=ignore_case) for p in patterns)


Matcher = Callable[[str, str], bool]


def _string_equals(policy_value: str, value: str) -> bool:
    return policy_value == value


def _string_equals_ignore_case(policy_value: str, value: str) -> bool:
    return policy_value.lower() == value.lower()


def _string_like(policy_value: str, value: str) -> bool:
    return wildcard_match(policy_value, value)


def _bool(policy_value: str, value: str) -> bool:
    return policy_value.lower() == value.lower()


_MATCHERS: dict[str, tuple[Matcher, bool]] = {
    # operator → (positive matcher, negated)
    "stringequals": (_string_equals, False),
    "stringnotequals": (_string_equals, True),
    "stringequalsignorecase": (_string_equals_ignore_case, False),
    "stringnotequalsignorecase": (_string_equals_ignore_case, True),
    "stringlike": (_string_like, False),
    "stringnotlike": (_string_like, True),
    "arnequals": (_string_like, False),  # ArnEquals takes wildcards too, as ArnLike does
    "arnlike": (_string_like, False),
    "arnnotequals": (_string_like, True),
    "arnnotlike": (_string_like, True),
    "bool": (_bool, False),
}


class UnknownConditionOperator(ValueError):
    """An operator the evaluator does not implement: never silently true or false."""


def _condition_holds(operator: str, keys: Mapping[str, Any], request: RequestContext) -> bool:
    name = operator.lower()
    qualifier = ""
    for prefix in ("forallvalues:", "foranyvalue:"):
        if name.startswith(prefix):
            qualifier, name = prefix, name[len(prefix) :]
    if_exists = name.endswith("ifexists")
    if if_exists:
        name = name[: -len("ifexists")]
    for key, raw_values in keys.items():
        wanted = [_substitute(v, request) for v in _listed(raw_values)]
        present = request.values(str(key))
        if name == "null":
            missing = not present
            if not any((v.lower() == "true") == missing for v in wanted):
                return False
            continue
        if name not in _MATCHERS:
            raise UnknownConditionOperator(f"condition operator {operator!r} is not evaluated")
        matcher, negated = _MATCHERS[name]

        def matches(
            value: str,
            matcher: Matcher = matcher,
            negated: bool = negated,
            wanted: list[str] = wanted,
        ) -> bool:
            hit = any(matcher(policy_value, value) for policy_value in wanted)
            return not hit if negated else hit

        if qualifier == "forallvalues:":
            if not all(matches(value) for value in present or ()):
                return False
            continue
        if qualifier == "foranyvalue:":
            if not any(matches(value) for value in present or ()):
                return False
            continue
        if not present:
            if not (if_exists or negated):
                return False
            continue
        holds = all(matches(v) for v in present) if negated else any(matches(v) for v in present)
        if not holds:
            return False
    return True

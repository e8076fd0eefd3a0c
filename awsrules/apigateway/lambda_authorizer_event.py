"""What API Gateway sends a Lambda authorizer, and the identity it reads first (REST APIs).

Pure rules, no I/O. Sources:

- [doc] "Input to an API Gateway Lambda authorizer" (api-gateway-lambda-authorizer-input):
  TOKEN: ``{"type": "TOKEN", "authorizationToken": ..., "methodArn": ...}``, the token being
  the value of the Token Source header, passed as is (a ``Bearer`` prefix included [recorded:
  AWS test-invoke log with ``"authorizationToken":"Bearer eyJ..."``]). REQUEST: ``type``,
  ``methodArn``, ``resource``, ``path``, ``httpMethod``, ``headers``, ``multiValueHeaders``,
  ``queryStringParameters``, ``multiValueQueryStringParameters``, ``pathParameters``,
  ``stageVariables``, ``requestContext``, and no body.
- [doc] CreateAuthorizer ``identitySource``: TOKEN reads ``method.request.header.{name}``;
  REQUEST takes "a comma-separated string of one or more mapping expressions" of headers,
  query strings, stage variables and context variables. With caching on, API Gateway checks
  that "all of the identity-related request parameters are present, not null and non-empty"
  and otherwise "returns a 401 Unauthorized response without calling the Lambda function";
  "When the authorization caching is not enabled, this property is optional" (and the CDK
  docs: "When caching is enabled, API Gateway calls the authorizer's Lambda function only
  after ..."), so with a TTL of 0 the emulator calls the function whatever is missing
  [doc reading; not recorded].
- [doc] ``identityValidationExpression``: for TOKEN authorizers a regular expression the
  token must match, else 401 without calling the function (Knowledge Center
  "api-gateway-401-error-lambda-authorizer"). Matched against the whole token, as Java's
  ``String.matches`` does [inferred].
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

HEADER = "method.request.header."
MULTI_HEADER = "method.request.multivalueheader."
QUERY = "method.request.querystring."
MULTI_QUERY = "method.request.multivaluequerystring."
STAGE_VARIABLE = "stageVariables."
CONTEXT = "context."

_REQUEST_EVENT_KEYS = (
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
)


def identity_sources(identity_source: str) -> tuple[str, ...]:
    """``"method.request.header.A, stageVariables.b"`` → ``("method.request.header.A", ...)``."""
    return tuple(part.strip() for part in identity_source.split(",") if part.strip())


def token_event(token: str, arn: str) -> dict[str, Any]:
    return {"type": "TOKEN", "authorizationToken": token, "methodArn": arn}


def request_event(proxy_event: Mapping[str, Any], arn: str) -> dict[str, Any]:
    """The REQUEST authorizer event, from the integration's proxy event (payload 1.0)."""
    event: dict[str, Any] = {"type": "REQUEST", "methodArn": arn}
    event.update((key, proxy_event[key]) for key in _REQUEST_EVENT_KEYS)
    return event


def identity_value(source: str, event: Mapping[str, Any]) -> str | None:
    """The value of one identity source in a REQUEST event (or a proxy event), or None.

    Header names are case-insensitive; a multi-value source is its values joined by ``,``
    [inferred]; ``context.a.b`` walks ``requestContext``.
    """
    if source.startswith(HEADER):
        return _text(_lookup(event.get("headers"), source.removeprefix(HEADER), fold=True))
    if source.startswith(MULTI_HEADER):
        found = _lookup(event.get("multiValueHeaders"), source.removeprefix(MULTI_HEADER), True)
        return _joined(found)
    if source.startswith(QUERY):
        return _text(_lookup(event.get("queryStringParameters"), source.removeprefix(QUERY)))
    if source.startswith(MULTI_QUERY):
        found = _lookup(event.get("multiValueQueryStringParameters"), source[len(MULTI_QUERY) :])
        return _joined(found)
    if source.startswith(STAGE_VARIABLE):
        variables = event.get("stageVariables")
        return _text(_lookup(variables, source.removeprefix(STAGE_VARIABLE)))
    if source.startswith(CONTEXT):
        node: Any = event.get("requestContext")
        for part in source.removeprefix(CONTEXT).split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        return None if node is None or isinstance(node, Mapping | list) else str(node)
    return None


def _lookup(values: Any, name: str, fold: bool = False) -> Any:
    if not isinstance(values, Mapping):
        return None
    if not fold:
        return values.get(name)
    wanted = name.lower()
    return next((value for key, value in values.items() if key.lower() == wanted), None)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _joined(values: Any) -> str | None:
    return ",".join(values) if isinstance(values, list) and values else None


def missing_sources(sources: tuple[str, ...], values: tuple[str | None, ...]) -> list[str]:
    """The identity sources that are absent, null or empty."""
    return [source for source, value in zip(sources, values, strict=True) if not value]


def token_matches(token: str, expression: str | None) -> bool:
    """Does the token satisfy ``identityValidationExpression`` (None: no check)?"""
    if not expression:
        return True
    try:
        return re.fullmatch(expression, token) is not None
    except re.error:
        return False


def masked(value: str) -> str:
    """How AWS execution logs show an identity: stars, then the last 6 characters [recorded]."""
    return "*" * max(len(value) - 6, 0) + value[-6:]

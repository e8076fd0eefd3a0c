"""Gateway responses an API customises with PutGatewayResponse, and what GetGatewayResponses
lists (docs/aws-behaviour.md 2.13-2.16).

- A response put for a type replaces that type's status (when the put gives one), adds its
  ``responseParameters`` headers and renders its ``responseTemplates`` body. A type the API did
  not customise takes the API's DEFAULT_4XX or DEFAULT_5XX (by the family of its default
  status), else AWS's own response [doc: "Gateway responses for REST APIs in API Gateway";
  recorded: LocalStack ``test_gateway_response_put``, GetGatewayResponses after DEFAULT_5XX].
- GetGatewayResponses lists every type: the ones put (``defaultResponse: false``), the others
  as AWS's defaults (``defaultResponse: true``), those of a customised family showing the
  DEFAULT_4XX/5XX's parameters, templates and status [recorded: same snapshot].
- A template is not VTL: ``$context.…`` and ``$stageVariables.…`` are substituted, nothing
  else [doc: x-amazon-apigateway-gateway-responses.responseTemplates, "isn't processed by the
  VTL engine"]. ``$context.error.messageString`` is the message as a JSON string (``null``
  when there is none, which is how AWS answers ``{"message":null}``).
- A parameter value is a quoted static value (``'*'``) or a request value
  (``method.request.header.X``, ``.querystring.X``, ``.path.X``, ``stageVariables.X``,
  ``context.X``) [doc: x-amazon-apigateway-gateway-responses.responseParameters].

The rules here are pure: the data plane passes the request's values in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from awsrules.apigateway.gateway_responses import (
    CONTENT_TYPE,
    DEFAULT_TEMPLATE,
    RESPONSE_TYPES,
    GatewayResponse,
)

HEADER_PARAMETER = "gatewayresponse.header."
_TEMPLATE_VARIABLE = re.compile(r"\$(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)")


@dataclass(frozen=True)
class GatewayResponseConfig:
    """A gateway response as an API developer put it (absent fields are ``None``)."""

    status_code: str | None
    response_parameters: tuple[tuple[str, str], ...] | None
    response_templates: tuple[tuple[str, str], ...] | None


@dataclass(frozen=True)
class RequestValues:
    """What a customised response may read from the request it answers."""

    headers: tuple[tuple[str, str], ...] = ()
    query: Mapping[str, str] | None = None
    path_parameters: Mapping[str, str] | None = None
    stage_variables: Mapping[str, str] | None = None
    context: Mapping[str, Any] | None = None
    """``$context``: stage, resourcePath, requestId ... (``error`` is added here)."""


def family(response_type: str) -> str | None:
    """``DEFAULT_4XX`` or ``DEFAULT_5XX``: which default a type falls back to."""
    status = RESPONSE_TYPES.get(response_type)
    if status is None:
        return None
    return "DEFAULT_5XX" if status.startswith("5") else "DEFAULT_4XX"


def effective(
    response_type: str, configured: Mapping[str, GatewayResponseConfig]
) -> GatewayResponseConfig | None:
    """The customisation that applies to a type: its own, its family's default, or None."""
    own = configured.get(response_type)
    if own is not None:
        return own
    default = family(response_type)
    return configured.get(default) if default else None


def described(
    response_type: str, configured: Mapping[str, GatewayResponseConfig]
) -> dict[str, Any]:
    """GetGatewayResponse's answer for a type (``responseType`` must be in RESPONSE_TYPES)."""
    own = configured.get(response_type)
    default = family(response_type)
    inherited = configured.get(default) if own is None and default else None
    source = own or inherited
    status = source.status_code if source and source.status_code else None
    answer: dict[str, Any] = {
        "defaultResponse": own is None,
        "responseParameters": dict(source.response_parameters or ()) if source else {},
        "responseTemplates": _templates(source),
        "responseType": response_type,
    }
    status = status or RESPONSE_TYPES[response_type]
    if status is not None:
        answer["statusCode"] = status
    return answer


def listed(configured: Mapping[str, GatewayResponseConfig]) -> list[dict[str, Any]]:
    """GetGatewayResponses' ``item``: every type, in alphabetical order."""
    return [described(response_type, configured) for response_type in sorted(RESPONSE_TYPES)]


def customized(
    response: GatewayResponse,
    configured: Mapping[str, GatewayResponseConfig],
    values: RequestValues,
) -> GatewayResponse:
    """``response`` as the API's gateway responses make it (unchanged when none applies).

    The status is the customisation's when it sets one, else the response's own (an
    INTEGRATION_FAILURE stays 500 although the type's default is 504, 2.15)."""
    config = effective(response.response_type, configured)
    if config is None:
        return response
    context = {
        **dict(values.context or {}),
        "error": {
            "message": response.message,
            "messageString": json.dumps(response.message),
            "responseType": response.response_type,
        },
    }
    content_type, template = _chosen_template(config)
    headers = tuple(
        (name.removeprefix(HEADER_PARAMETER), value)
        for name, expression in config.response_parameters or ()
        if name.startswith(HEADER_PARAMETER)
        for value in [_parameter_value(expression, values, context)]
        if value is not None
    )
    return replace(
        response,
        status=int(config.status_code) if config.status_code else response.status,
        body=render_template(template, values, context).encode(),
        headers=(*response.headers, *headers),
        content_type=content_type,
    )


def render_template(template: str, values: RequestValues, context: Mapping[str, Any]) -> str:
    """``$context.a.b`` and ``$stageVariables.x`` substituted; an unknown variable is empty."""

    def substitute(matched: re.Match[str]) -> str:
        names = matched.group(2).strip(".").split(".")
        root: Any = context if matched.group(1) == "context" else values.stage_variables or {}
        for name in names:
            root = root.get(name) if isinstance(root, Mapping) else None
        return "" if root is None else str(root)

    return _TEMPLATE_VARIABLE.sub(substitute, template)


def _templates(config: GatewayResponseConfig | None) -> dict[str, str]:
    if config is None or not config.response_templates:
        return {CONTENT_TYPE: DEFAULT_TEMPLATE}
    return dict(config.response_templates)


def _chosen_template(config: GatewayResponseConfig) -> tuple[str, str]:
    """The ``application/json`` template, else the first one [inferred]."""
    templates = _templates(config)
    if CONTENT_TYPE in templates:
        return CONTENT_TYPE, templates[CONTENT_TYPE]
    content_type, template = next(iter(templates.items()))
    return content_type, template


def _parameter_value(
    expression: str, values: RequestValues, context: Mapping[str, Any]
) -> str | None:
    if len(expression) >= 2 and expression.startswith("'") and expression.endswith("'"):
        return expression[1:-1]
    source, _, name = expression.rpartition(".")
    if source == "method.request.header":
        found = [v for k, v in values.headers if k.lower() == name.lower()]
        return found[-1] if found else None
    if source == "method.request.multivalueheader":
        found = [v for k, v in values.headers if k.lower() == name.lower()]
        return ",".join(found) if found else None
    if source == "method.request.querystring":
        return (values.query or {}).get(name)
    if source == "method.request.path":
        return (values.path_parameters or {}).get(name)
    if source == "stageVariables":
        return (values.stage_variables or {}).get(name)
    if expression.startswith("context."):
        rendered = render_template(f"${expression}", values, context)
        return rendered or None
    return None

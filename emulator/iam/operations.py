"""Which API operation a signed request is, and its parameters, read from botocore's models.

The service is the credential scope's (``lambda``, ``apigateway``, ``cognito-idp``, ``logs``,
``iam``, ``sts``). JSON 1.1 services name the operation in ``X-Amz-Target``, Query services in
the form's ``Action``; REST services (Lambda, API Gateway) are matched on the method and the
model's ``requestUri`` template, the most literal template first. Parameters are keyed by the
model's member names: URI labels, query-string members and the JSON body's members (Query
services: the flat form, ``Tags.member.1.Key`` …). Used by IAM enforcement only
(emulator/iam/enforcement.py; docs/aws-behaviour.md section 28).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import botocore.session
from werkzeug.wrappers import Request

from emulator.wire import query_params

_LABEL = re.compile(r"\{([^}+]+)(\+?)\}")


@dataclass(frozen=True)
class Operation:
    service: str
    name: str
    http_method: str
    params: dict[str, Any]
    path: str = "/"
    """The request's path, percent-encoding kept (API Gateway's resource ARNs are paths)."""


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: re.Pattern[str]
    literal_length: int
    query_literals: tuple[str, ...]
    name: str
    labels: dict[str, str]
    """URI label → member name."""
    query_members: dict[str, str]
    """query-string name → member name."""


@functools.cache
def _model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


@functools.cache
def _routes(service: str) -> tuple[_Route, ...]:
    model = _model(service)
    routes = []
    for name in model.operation_names:
        operation = model.operation_model(name)
        uri, _, query = str(operation.http.get("requestUri", "/")).partition("?")
        regex, at = "", 0
        for label in _LABEL.finditer(uri):
            regex += re.escape(uri[at : label.start()])
            regex += "(.+)" if label.group(2) else "([^/]+)"
            at = label.end()
        regex += re.escape(uri[at:])
        labels: dict[str, str] = {}
        query_members: dict[str, str] = {}
        shape = operation.input_shape
        for member, member_shape in shape.members.items() if shape is not None else ():
            location = member_shape.serialization.get("location")
            location_name = member_shape.serialization.get("name", member)
            if location == "uri":
                labels[location_name] = member
            elif location == "querystring":
                query_members[location_name] = member
        routes.append(
            _Route(
                method=str(operation.http.get("method", "POST")),
                pattern=re.compile(f"^{regex}/?$"),
                literal_length=len(_LABEL.sub("", uri)),
                query_literals=tuple(q.split("=")[0] for q in query.split("&") if q),
                name=name,
                labels={
                    label.group(1): labels.get(label.group(1), label.group(1))
                    for label in _LABEL.finditer(uri)
                },
                query_members=query_members,
            )
        )
    routes.sort(key=lambda r: (len(r.query_literals), r.literal_length), reverse=True)
    return tuple(routes)


def identify(request: Request, service: str) -> Operation | None:
    """The operation ``request`` calls on ``service``, or None when no model operation fits."""
    method = request.method.upper()
    target = request.headers.get("X-Amz-Target")
    if target:
        body = _json(request)
        return Operation(service, target.rpartition(".")[2], method, body)
    protocol = str(_model(service).metadata.get("protocol", ""))
    if protocol == "query":
        params: dict[str, Any] = dict(query_params(request))
        action = str(params.pop("Action", ""))
        return Operation(service, action, method, params) if action else None
    raw_uri = str(request.environ.get("REQUEST_URI") or "")
    path = raw_uri.partition("?")[0] if raw_uri else request.path  # labels stay encoded
    for route in _routes(service):
        if route.method != method:
            continue
        if any(literal not in request.args for literal in route.query_literals):
            continue
        matched = route.pattern.match(path)
        if matched is None:
            continue
        found: dict[str, Any] = {}
        for member, value in zip(route.labels.values(), matched.groups(), strict=True):
            found[member] = unquote(value)
        for name, member in route.query_members.items():
            if name in request.args:
                found[member] = request.args[name]
        body = _json(request)
        return Operation(service, route.name, method, {**body, **found}, path)
    return None


def _json(request: Request) -> dict[str, Any]:
    try:
        loaded = json.loads(request.get_data() or b"{}")
    except (ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}

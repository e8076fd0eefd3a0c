"""The Lambda proxy integration event of a REST API (payload format 1.0).

Sources (see ``docs/aws-behaviour.md`` section 3):

- [doc] API Gateway "Input format of a Lambda function for proxy integration".
- [recorded] LocalStack's ``test_apigateway_lambda.snapshot.json`` (AWS recordings): absent
  query strings, path parameters and stage variables are ``null``; repeated query keys give
  the last value in ``queryStringParameters`` and all of them in
  ``multiValueQueryStringParameters``; header-name casing is kept; ``requestContext.path``
  carries the stage; ``Content-Length`` and ``Connection`` are not passed on.
- [recorded] Key order follows events logged by real functions (CloudWatch ``Incoming event``
  lines, 2026): ``resource, path, httpMethod, headers, multiValueHeaders,
  queryStringParameters, multiValueQueryStringParameters, pathParameters, stageVariables,
  requestContext, body, isBase64Encoded``, and in ``requestContext``: ``resourceId,
  authorizer, resourcePath, httpMethod, extendedRequestId, requestTime, path, accountId,
  protocol, stage, domainPrefix, requestTimeEpoch, requestId, identity, domainName,
  deploymentId, apiId``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote_plus

PROTOCOL = "HTTP/1.1"
DROPPED_HEADERS = frozenset({"content-length", "connection"})
"""Headers API Gateway does not pass to the function [recorded: absent from AWS snapshots;
LocalStack filters the same two]."""
CANONICAL_NAMES = {"authorization": "Authorization", "user-agent": "User-Agent"}
"""The two names API Gateway spells its own way whatever the caller sent [recorded: LocalStack
``test_lambda_aws_proxy_integration``: ``authorization`` and ``aUThorization`` arrive as
``Authorization``, ``user-Agent`` as ``User-Agent``, ``tEsT-HEADeR`` as sent]."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class IncomingRequest:
    """An HTTP request as it reached the stage URL."""

    method: str
    path: str
    """Path after the stage, starting with ``/``, as sent: still percent-encoded
    (``%2B`` stays ``%2B``, docs/aws-behaviour.md 9.8)."""
    raw_query_string: str
    """Query string as received, without ``?``."""
    headers: tuple[tuple[str, str], ...]
    """Headers in the order received, original casing, repeats allowed."""
    body: bytes
    source_ip: str


@dataclass(frozen=True)
class StageContext:
    """Where the request landed: API, stage, deployment and matched resource."""

    api_id: str
    stage: str
    deployment_id: str
    resource_id: str
    resource_path: str
    """The resource template, e.g. ``/users/{id}``."""
    account_id: str
    region: str


def request_time(now: float) -> str:
    """``requestTime`` in CLF form, English month names whatever the locale.

    [recorded] ``"requestTime": "20/Jul/2026:01:52:25 +0000"``.
    """
    moment = datetime.fromtimestamp(now, tz=UTC)
    return (
        f"{moment.day:02d}/{_MONTHS[moment.month - 1]}/{moment.year}:"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} +0000"
    )


def parse_query_string(
    raw_query_string: str,
) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """``queryStringParameters`` and ``multiValueQueryStringParameters``, or ``(None, None)``.

    Keys and values are percent-decoded with ``+`` as a space; the single-value map keeps
    the last value of a repeated key [recorded: ``?price=10&price=20&price=30`` gives
    ``"price": "30"`` and ``["10", "20", "30"]``]. A key without ``=`` gets ``""``.
    """
    multi: dict[str, list[str]] = {}
    for pair in raw_query_string.split("&"):
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        multi.setdefault(unquote_plus(raw_key), []).append(unquote_plus(raw_value))
    if not multi:
        return None, None
    return {key: values[-1] for key, values in multi.items()}, multi


def group_headers(
    headers: Iterable[tuple[str, str]],
) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """``headers`` (last value per name) and ``multiValueHeaders`` (all), or ``(None, None)``.

    Names keep the casing they first arrived with [recorded: ``"tEsT-HEADeR": "aValUE"``],
    except ``Authorization`` and ``User-Agent`` (``CANONICAL_NAMES``); repeats of a name in
    another casing join the same entry, as HTTP names are case-insensitive [inferred].
    ``Content-Length`` and ``Connection`` are dropped.
    """
    casing: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        folded = name.lower()
        if folded in DROPPED_HEADERS:
            continue
        kept = casing.setdefault(folded, CANONICAL_NAMES.get(folded, name))
        multi.setdefault(kept, []).append(value)
    if not multi:
        return None, None
    return {name: values[-1] for name, values in multi.items()}, multi


def trace_id(now: float, random_hex: str) -> str:
    """An ``X-Amzn-Trace-Id`` value: ``Root=1-{8 hex digits of epoch seconds}-{24 hex}``.

    [doc] AWS X-Ray, "Tracing header" (the trace ID format); [recorded] a real event's
    ``"X-Amzn-Trace-Id": "Root=1-58bcab84-7734e7e82b2fd0a51b84a816"``."""
    return f"Root=1-{int(now):08x}-{random_hex[:24]}"


def with_forwarding_headers(
    headers: tuple[tuple[str, str], ...],
    *,
    source_ip: str,
    port: str,
    proto: str,
    trace: str,
) -> tuple[tuple[str, str], ...]:
    """The request's headers plus those API Gateway adds before the integration sees them.

    [recorded] every AWS event in LocalStack's ``test_apigateway_lambda.snapshot.json`` has
    ``X-Amzn-Trace-Id``, ``X-Forwarded-For`` (``<source-ip>, <proxy-ip>``),
    ``X-Forwarded-Port`` and ``X-Forwarded-Proto``. [inferred] A trace id the caller sent is
    kept; the source IP is appended to a caller's ``X-Forwarded-For``; port and protocol are
    those the caller reached (on AWS ``443``/``https``; on the emulator its own port and
    ``http``, docs/aws-behaviour.md 3.13).
    """
    added = {"x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"}
    kept = tuple((name, value) for name, value in headers if name.lower() not in added)
    forwarded_for = [value for name, value in headers if name.lower() == "x-forwarded-for"]
    traces = [value for name, value in headers if name.lower() == "x-amzn-trace-id"]
    return (
        *kept,
        ("X-Amzn-Trace-Id", traces[-1] if traces else trace),
        ("X-Forwarded-For", ", ".join([*forwarded_for, source_ip])),
        ("X-Forwarded-Port", port),
        ("X-Forwarded-Proto", proto),
    )


def encode_body(body: bytes, binary: bool = False) -> tuple[str | None, bool]:
    """``(body, isBase64Encoded)``: None for no body, text as is, other bytes base64-encoded;
    a body whose ``Content-Type`` is one of the API's binary media types (``binary``) always
    base64-encoded.

    [doc] "isBase64Encoded" is true when the payload is binary; binary media types
    (awsrules/apigateway/binary_media.py). [inferred] Without a binary media type, UTF-8 text
    counts as text; with no ``binaryMediaTypes`` on the API this is what the learner sees.
    """
    if not body:
        return None, False
    if binary:
        return base64.b64encode(body).decode("ascii"), True
    try:
        return body.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(body).decode("ascii"), True


def _identity(source_ip: str, user_agent: str | None) -> dict[str, Any]:
    """``requestContext.identity`` for an unsigned request [recorded key order]."""
    return {
        "cognitoIdentityPoolId": None,
        "accountId": None,
        "cognitoIdentityId": None,
        "caller": None,
        "sourceIp": source_ip,
        "principalOrgId": None,
        "accessKey": None,
        "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None,
        "userArn": None,
        "userAgent": user_agent,
        "user": None,
    }


def _last_header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    found: str | None = None
    for key, value in headers:
        if key.lower() == wanted:
            found = value
    return found


def build_proxy_event(
    request: IncomingRequest,
    stage: StageContext,
    path_parameters: Mapping[str, str] | None,
    stage_variables: Mapping[str, str] | None,
    authorizer: Mapping[str, Any] | None,
    *,
    request_id: str,
    extended_request_id: str,
    now: float,
    binary_body: bool = False,
) -> dict[str, Any]:
    """Build the event a Lambda proxy integration receives (REST API, payload format 1.0).

    Empty path parameters and stage variables become ``null``, not ``{}`` [recorded].
    ``requestContext.authorizer`` is present only when ``authorizer`` is not None; for a
    Cognito authorizer pass ``{"claims": render_claims(claims)}`` [recorded].
    ``path`` is the path without the stage, ``requestContext.path`` the path with it
    (``/dev/users``) [recorded]. ``binary_body``: the request's ``Content-Type`` is one of the
    API's binary media types (the body is then base64-encoded).
    """
    headers, multi_value_headers = group_headers(request.headers)
    query, multi_value_query = parse_query_string(request.raw_query_string)
    body, is_base64_encoded = encode_body(request.body, binary_body)

    context: dict[str, Any] = {"resourceId": stage.resource_id}
    if authorizer is not None:
        context["authorizer"] = dict(authorizer)
    context.update(
        {
            "resourcePath": stage.resource_path,
            "httpMethod": request.method,
            "extendedRequestId": extended_request_id,
            "requestTime": request_time(now),
            "path": f"/{stage.stage}{request.path}",
            "accountId": stage.account_id,
            "protocol": PROTOCOL,
            "stage": stage.stage,
            "domainPrefix": stage.api_id,
            "requestTimeEpoch": int(now * 1000),
            "requestId": request_id,
            "identity": _identity(request.source_ip, _last_header(request.headers, "User-Agent")),
            "domainName": f"{stage.api_id}.execute-api.{stage.region}.amazonaws.com",
            "deploymentId": stage.deployment_id,
            "apiId": stage.api_id,
        }
    )

    return {
        "resource": stage.resource_path,
        "path": request.path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_value_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_value_query,
        "pathParameters": dict(path_parameters) if path_parameters else None,
        "stageVariables": dict(stage_variables) if stage_variables else None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": is_base64_encoded,
    }

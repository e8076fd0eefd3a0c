"""Validation and conversion of a Lambda proxy integration result (REST API, format 1.0).

Sources (see ``docs/aws-behaviour.md`` section 4):

- [doc] API Gateway "Output format of a Lambda function for proxy integration": the keys are
  ``isBase64Encoded``, ``statusCode``, ``headers``, ``multiValueHeaders`` and ``body``;
  "If you specify values for both headers and multiValueHeaders, API Gateway merges them into
  a single list. If the same key-value pair is specified in both, only the values from
  multiValueHeaders will appear in the merged list."
- [recorded] LocalStack ``test_aws_proxy_response_payload_format_validation`` (validated
  against AWS): ``{"statusCode": 200, "wrongValue": ...}``, a bare string, a non-list
  ``multiValueHeaders`` value and ``"statusCode": "test"`` give 502; ``"statusCode": "201"``
  gives 201; ``{"headers": {...}}`` alone gives 200 with an empty body; ``"headers": null``
  is accepted; a boolean header value is sent as ``true``.

Anything malformed makes :func:`parse_proxy_response` return None, and the caller answers
502 ``{"message": "Internal server error"}`` (``gateway_responses.bad_lambda_response``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

ALLOWED_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})
DEFAULT_STATUS = 200
DEFAULT_CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class HttpResponse:
    """The HTTP response API Gateway sends for a valid proxy result."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class _Malformed(Exception):
    """Internal signal: the proxy result breaks the format."""


def _status(value: object) -> int:
    """``statusCode``: missing or null gives 200; an int or a decimal string is used.

    [recorded] ``"201"`` is accepted, ``"test"`` is not. [inferred] booleans, fractions and
    values outside 100-599 are malformed.
    """
    if value is None:
        return DEFAULT_STATUS
    if isinstance(value, bool):
        raise _Malformed
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise _Malformed from None
    if not isinstance(value, int) or not 100 <= value <= 599:
        raise _Malformed
    return value


def _header_value(value: object) -> str:
    """Strings as is, booleans as ``true``/``false`` [recorded], numbers in decimal [inferred].

    [doubt] LocalStack treats a number as malformed; AWS is not recorded on it.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise _Malformed


def _merged_headers(single: object, multi: object) -> list[tuple[str, str]]:
    """Merge ``multiValueHeaders`` and ``headers``: per name (case-insensitive), the multi
    values first, then the single value unless it repeats one of them, joined with ``", "``.

    The name keeps the casing of its first appearance, ``multiValueHeaders`` first.
    """
    if single is not None and not isinstance(single, dict):
        raise _Malformed
    if multi is not None and not isinstance(multi, dict):
        raise _Malformed
    names: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    for name, raw_values in (multi or {}).items():
        if not isinstance(raw_values, list):
            raise _Malformed
        kept = names.setdefault(name.lower(), name)
        values.setdefault(kept, []).extend(_header_value(item) for item in raw_values)
    for name, raw_value in (single or {}).items():
        value = _header_value(raw_value)
        kept = names.setdefault(name.lower(), name)
        merged = values.setdefault(kept, [])
        if value not in merged:
            merged.append(value)
    return [(name, ", ".join(joined)) for name, joined in values.items() if joined]


def _body(value: object, is_base64_encoded: object, binary: bool) -> bytes:
    """``body`` must be a string or null; with ``isBase64Encoded`` true it is decoded, when the
    client asked for one of the API's binary media types (``binary``), else sent as the text.

    [doc] the body is a string; binary media types (awsrules/apigateway/binary_media.py).
    [inferred] ``isBase64Encoded`` must be a boolean or null, and a body that is not valid
    base64 when it is to be decoded is malformed.
    """
    if is_base64_encoded is not None and not isinstance(is_base64_encoded, bool):
        raise _Malformed
    if value is None:
        return b""
    if not isinstance(value, str):
        raise _Malformed
    if not (is_base64_encoded and binary):
        return value.encode("utf-8")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _Malformed from None


def _convert(result: dict[str, Any], binary: bool) -> HttpResponse:
    if not set(result) <= ALLOWED_KEYS:
        raise _Malformed
    status = _status(result.get("statusCode"))
    headers = _merged_headers(result.get("headers"), result.get("multiValueHeaders"))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.insert(0, ("Content-Type", DEFAULT_CONTENT_TYPE))
    body = _body(result.get("body"), result.get("isBase64Encoded"), binary)
    return HttpResponse(status=status, headers=tuple(headers), body=body)


def parse_proxy_response(payload: bytes, *, binary: bool = False) -> HttpResponse | None:
    """Convert a Lambda proxy result to the HTTP response, or None when it is malformed.

    Only the five documented keys are allowed, all optional; a result that is not a JSON
    object is malformed [recorded]. Without a ``Content-Type`` header the response gets
    ``application/json`` [inferred: API Gateway's default; LocalStack does the same].
    ``binary``: the client's ``Accept`` is one of the API's binary media types, so a body
    marked ``isBase64Encoded`` is decoded (docs/aws-behaviour.md 4.8); else it is sent as is.
    """
    try:
        result = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(result, dict):
        return None
    try:
        return _convert(result, binary)
    except _Malformed:
        return None

"""Binary media types: when a Lambda proxy payload is treated as binary (docs/aws-behaviour.md
3.11, 4.8).

- [doc] "Binary media types for REST APIs in API Gateway": "To handle binary payloads for
  AWS Lambda proxy integrations, you must base64-encode your function's response. You must
  also configure the binaryMediaTypes for your API"; "API Gateway uses the first Accept header
  from clients to determine if a response should return binary media"; ``*`` is a wildcard
  (``*/*`` covers all types).
- [recorded] without ``binaryMediaTypes`` a body returned with ``isBase64Encoded: true``
  reaches the client as the base64 text (aws/aws-lambda-rust-runtime issue 667; ministackorg/
  ministack PR 767, measured on AWS: the body is decoded only when the request's ``Accept``
  matches a binary media type, and a request body is base64-encoded for the function when its
  ``Content-Type`` matches one).
"""

from __future__ import annotations

from collections.abc import Iterable


def _media_type(value: str) -> str:
    """``type/subtype`` of a header value, lower-case, without parameters."""
    return value.split(",", 1)[0].split(";", 1)[0].strip().lower()


def matches(pattern: str, media_type: str) -> bool:
    """A binary media type (``image/*``, ``*/*``) against a request's media type."""
    want_type, _, want_sub = pattern.strip().lower().partition("/")
    got_type, _, got_sub = _media_type(media_type).partition("/")
    return want_type in ("*", got_type) and want_sub in ("*", got_sub)


def is_binary(binary_media_types: Iterable[str], header_value: str | None) -> bool:
    """Whether the first media type of ``header_value`` is one of the API's binary types."""
    if not header_value:
        return False
    return any(matches(pattern, header_value) for pattern in binary_media_types)


def first_header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """The first value of a header (names case-insensitive): "the first Accept header"."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)

"""Reading what a request says: its region and service, its headers as sent, and its JSON
or form body."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs

from werkzeug.wrappers import Request

from emulator.errors import serialization_error

DEFAULT_REGION = "us-east-1"
RAW_HEADERS_KEY = "emulator.raw_headers"
"""The environ key under which the server (emulator/server.py) puts the request's header
lines as sent: a tuple of (name, value), in order, repeats kept, names in their casing."""
_CREDENTIAL_REGION = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")
_CREDENTIAL_SERVICE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/")


def region_of(request: Request) -> str:
    """The region a SigV4-signed request was signed for (the emulator's default otherwise)."""
    matched = _CREDENTIAL_REGION.search(request.headers.get("Authorization", ""))
    return matched.group(1) if matched else DEFAULT_REGION


def service_of(request: Request) -> str | None:
    """The service a SigV4-signed request was signed for (``apigateway``, ``iam`` ...)."""
    matched = _CREDENTIAL_SERVICE.search(request.headers.get("Authorization", ""))
    return matched.group(1) if matched else None


def query_params(request: Request) -> dict[str, str]:
    """A Query-protocol request's parameters (IAM): the form body, then the query string;
    the first value of each. Reads the body through the cache, so moto can read it again."""
    params = {k: v[0] for k, v in parse_qs(request.get_data().decode(errors="replace")).items()}
    for name, value in request.args.items():
        params.setdefault(name, value)
    return params


def request_headers(request: Request) -> tuple[tuple[str, str], ...]:
    """The headers as the client sent them: names in their own casing, repeats kept, in order.

    WSGI keeps neither (``HTTP_X_Y``); the emulator's server passes the raw lines along. A
    request that did not come through it (a WSGI test client) gets werkzeug's view."""
    raw = request.environ.get(RAW_HEADERS_KEY)
    if raw is not None:
        return tuple((str(name), str(value)) for name, value in raw)
    return tuple((name, value) for name, value in request.headers.items())


def json_body(request: Request) -> dict[str, Any]:
    """The body as a JSON object ({} when empty); SerializationException otherwise."""
    raw = request.get_data()
    if not raw:
        return {}
    try:
        loaded = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise serialization_error() from err
    if not isinstance(loaded, dict):
        raise serialization_error()
    return loaded


def lenient_json_body(request: Request) -> dict[str, Any]:
    """The body as a JSON object, or {} when it is not one (moto will answer the request)."""
    try:
        loaded = json.loads(request.get_data() or b"{}")
    except (ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}

"""Reading what a request says: its region, its headers as sent, and its JSON body."""

from __future__ import annotations

import json
import re
from typing import Any

from werkzeug.wrappers import Request

from emulator.errors import serialization_error

DEFAULT_REGION = "us-east-1"
RAW_HEADERS_KEY = "emulator.raw_headers"
"""The environ key under which the server (emulator/server.py) puts the request's header
lines as sent: a tuple of (name, value), in order, repeats kept, names in their casing."""
_CREDENTIAL_REGION = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")


def region_of(request: Request) -> str:
    """The region a SigV4-signed request was signed for (the emulator's default otherwise)."""
    matched = _CREDENTIAL_REGION.search(request.headers.get("Authorization", ""))
    return matched.group(1) if matched else DEFAULT_REGION


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

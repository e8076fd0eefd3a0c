"""The data plane's HTTP entry: a request to a stage URL, read once and handed to the chain.

The request is taken as the client sent it (path still percent-encoded, header names in their
casing, docs/aws-behaviour.md 3.4 and 9.8), plus the headers API Gateway adds in front of
every integration (``X-Amzn-Trace-Id``, ``X-Forwarded-*``, 3.13)."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from werkzeug.wrappers import Request

from awsrules.apigateway.proxy_event import IncomingRequest, trace_id, with_forwarding_headers
from emulator.answers import Answer
from emulator.apigateway.data_plane import serve_stage_request
from emulator.wire import request_headers

if TYPE_CHECKING:
    from emulator.state import EmulatorState

_USER_REQUEST = re.compile(r"^/restapis/[^/]+/[^/]+/_user_request_(?P<path>/[^?]*)?")


def raw_request_path(request: Request, match: re.Match[str]) -> str:
    """The path after ``_user_request_`` exactly as sent (percent-encoded).

    WSGI hands over PATH_INFO already decoded; the raw request line keeps what the client
    sent, so that the path is decoded exactly once (by routing)."""
    raw_uri = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    matched = _USER_REQUEST.match(raw_uri) if raw_uri else None
    if matched is not None:
        return matched.group("path") or "/"
    return quote(match.group("path") or "/")


def stage_request(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    raw_path = raw_request_path(request, match)
    source_ip = request.remote_addr or "127.0.0.1"
    incoming = IncomingRequest(
        method=request.method,
        path=raw_path,
        raw_query_string=request.environ.get("QUERY_STRING", ""),
        headers=with_forwarding_headers(
            request_headers(request),
            source_ip=source_ip,
            port=str(request.environ.get("SERVER_PORT") or state.port),
            proto=request.scheme,
            trace=trace_id(state.clock.now(), os.urandom(12).hex()),
        ),
        body=request.get_data(),
        source_ip=source_ip,
    )
    return serve_stage_request(
        state.data_plane_env, match.group("api"), match.group("stage"), incoming, raw_path
    )

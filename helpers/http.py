"""Calling the deployed API the way a browser, curl or Postman would."""

from __future__ import annotations

import json
import logging
import shlex
from dataclasses import dataclass
from typing import Any

import requests

from helpers.errors import WorkbookError

logger = logging.getLogger(__name__)

TIMEOUT_S = 35  # API Gateway's own integration timeout is 29 s


@dataclass(frozen=True)
class HttpResponse:
    """Status, body (parsed JSON when it is JSON, else text) and API Gateway's error type."""

    status: int
    body: Any
    error_type: str | None
    request_id: str | None


def call_api(
    url: str,
    token: str | None = None,
    *,
    method: str = "GET",
    json_body: Any = None,
    header: str = "Authorization",
) -> HttpResponse:
    """``GET url`` (or ``method``), with ``Authorization: <token>`` when a token is given.

    ``json_body`` is sent as JSON; ``header`` names the header that carries the token.
    4xx and 5xx answers are returned as data, not raised: a 401 is a lesson, not a crash.
    """
    headers = {header: token} if token is not None else {}
    try:
        response = requests.request(method, url, headers=headers, json=json_body, timeout=TIMEOUT_S)
    except requests.RequestException as err:
        raise WorkbookError(
            f"Could not reach {url} ({type(err).__name__}). Check the URL; on the local "
            "backend, re-run connect() in the imports cell to restart the emulator."
        ) from err
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    logger.info("%s %s -> %s", method, url, response.status_code)
    return HttpResponse(
        status=response.status_code,
        body=body,
        error_type=response.headers.get("x-amzn-ErrorType"),
        request_id=response.headers.get("x-amzn-RequestId"),
    )


def curl_command(url: str, with_token: bool = False) -> str:
    """A ready-to-paste curl command; the token is a shell variable, never inlined."""
    parts = ["curl", "-i", shlex.quote(url)]
    if with_token:
        parts += ["-H", '"Authorization: $ID_TOKEN"']
    return " ".join(parts)


def body_text(body: Any) -> str:
    """A body for printing: JSON values as compact JSON, text as it is."""
    return body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))

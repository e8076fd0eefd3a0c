"""The one shape of an answer inside the emulator, and how it goes on the wire.

Every handler (emulator/urls.py) returns an ``Answer``; ``emulator.app`` turns it into the
HTTP response in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

JSON = "application/json"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    log: tuple[str, ...] = field(default=(), compare=False)
    """Execution-log lines (API Gateway's data plane and TestInvoke), not sent."""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def json(self) -> Any:
        return json.loads(self.body)

    def with_body(self, body: bytes) -> Answer:
        """The same answer with another body (and no stale Content-Length)."""
        headers = tuple((k, v) for k, v in self.headers if k.lower() != "content-length")
        return Answer(self.status, headers, body, self.log)


def json_answer(payload: Any, status: int = 200, content_type: str = JSON) -> Answer:
    return Answer(status, (("Content-Type", content_type),), json.dumps(payload).encode())


def status_line(status: int) -> str:
    """``401 Unauthorized``: the usual reason phrase (werkzeug would upper-case it)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)

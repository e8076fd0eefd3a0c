"""The emulator's own operations, under ``/_emulator/``.

- ``GET /_emulator/health``: unsigned, only ``{"status": "ready"}``; signed with the
  emulator's credentials, also moto's version, the port, uptime, clock offset, and
  the consistency mode and delay scale (docs/aws-behaviour.md section 21);
- ``POST /_emulator/proof``: ``{"nonce": hex}`` answered with the HMAC of the nonce by the
  emulator's secret (emulator/gate/proof.py): how a client tells its own emulator from
  another user's;
- ``POST /_emulator/reset``: forget every resource (EmulatorState.reset);
- ``POST /_emulator/clock``: a JSON object (whatever the Content-Type), ``{"advance_seconds": N}``
  with N a finite number moves the emulator clock forward
  (token expiry without waiting; in eventual mode also the monotonic clock, so pending
  delays end and quotas refill), ``{"reset": true}`` puts the wall clock back (never the
  monotonic one). Anything else is a 400 BadRequestException that says what to send, and
  the clock stays where it was (docs/aws-behaviour.md 23.3).
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from emulator.answers import Answer, json_answer
from emulator.errors import AwsError, bad_request
from emulator.gate import proof as ownership
from emulator.gate.gate import authenticated, gate_of
from emulator.input_types import is_finite_number
from emulator.moto_bridge import PINNED_MOTO_VERSION
from emulator.wire import json_body

if TYPE_CHECKING:
    from emulator.state import EmulatorState


def health(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    if not authenticated(request):  # open, so it must reveal nothing
        return json_answer({"status": "ready"})
    return json_answer(
        {
            "status": "ready",
            "moto": PINNED_MOTO_VERSION,
            "port": state.port,
            "uptime_seconds": round(time.time() - state.started_at, 3),
            "clock_offset_seconds": state.clock.offset,
            "consistency": state.settings.mode.value,
            "delay_scale": state.settings.delay_scale,
        }
    )


def proof(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    nonce = json_body(request).get("nonce")
    if not isinstance(nonce, str) or not ownership.NONCE.match(nonce):
        raise AwsError(400, "BadRequestException", "nonce must be 32 to 128 lower-case hex digits")
    return json_answer({"proof": gate_of(request).prove(nonce)})


def reset(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    state.reset()
    return json_answer({"status": "reset"})


CLOCK_USAGE = (
    'POST /_emulator/clock takes a JSON object: {{"advance_seconds": N}} with N a finite '
    'number of seconds, or {{"reset": true}}. For example: curl -X POST '
    "-H 'Content-Type: application/json' -d '{{\"advance_seconds\": 3600}}' "
    "{url}_emulator/clock"
)
"""What a refused clock request is told to send, ``{url}`` the emulator's own
(docs/aws-behaviour.md 23.3)."""
_CLOCK_KEYS = frozenset({"advance_seconds", "reset"})
MAX_CLOCK_OFFSET_SECONDS = 100 * 365.25 * 86400
"""How far the clock may be from wall time: dates stay in what tokens and API Gateway's
date formats can say (our choice, 23.3)."""


class _ClockRefusal(Exception):
    """A clock request that says nothing the clock can do; ``clock`` adds the usage."""


def _clock_refusal(problem: str) -> _ClockRefusal:
    return _ClockRefusal(problem)


def _clock_body(request: Request) -> dict[str, Any]:
    """The clock request's JSON object, whatever its Content-Type (curl's ``-d`` sends a
    form type); a body that is no JSON object, or says nothing, is refused (23.3)."""
    raw = request.get_data()
    if not raw.strip():
        raise _clock_refusal("The request has no body")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise _clock_refusal("The body is not JSON") from err
    if not isinstance(body, dict):
        raise _clock_refusal("The body is not a JSON object")
    unknown = sorted(set(body) - _CLOCK_KEYS)
    if unknown:
        raise _clock_refusal(f"Unknown field {unknown[0]!r}")
    if len(body) != 1:
        raise _clock_refusal("Send exactly one of advance_seconds and reset")
    return body


def clock(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    try:
        return _move_clock(state, request)
    except _ClockRefusal as refusal:
        usage = CLOCK_USAGE.format(url=request.host_url)
        raise bad_request(f"{refusal}. {usage}") from refusal


def _move_clock(state: EmulatorState, request: Request) -> Answer:
    body = _clock_body(request)
    if "reset" in body:
        if body["reset"] is not True:
            raise _clock_refusal("reset must be true")
        state.clock.reset()
    else:
        seconds = body["advance_seconds"]
        if not is_finite_number(seconds):
            raise _clock_refusal(f"advance_seconds must be a finite number, not {seconds!r}")
        if abs(state.clock.offset + seconds) > MAX_CLOCK_OFFSET_SECONDS:
            raise _clock_refusal(
                f"advance_seconds {seconds!r} would move the clock more than 100 years from "
                "wall time"
            )
        state.clock.advance(float(seconds))
    return json_answer({"clock_offset_seconds": state.clock.offset, "now": state.clock.now()})


def unknown(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """An unknown ``/_emulator/`` operation: 404 ``NotFoundException`` with its code in
    ``x-amzn-ErrorType``, as every error of the emulator (20.6)."""
    raise AwsError(
        404, "NotFoundException", f"No emulator operation {request.method} {request.path}"
    )

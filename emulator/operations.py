"""The emulator's own operations, under ``/_emulator/``.

- ``GET /_emulator/health``: unsigned, only ``{"status": "ready"}``; signed with the
  emulator's credentials, also moto's version, the port, uptime, clock offset, and
  the consistency mode and delay scale (docs/aws-behaviour.md section 21);
- ``POST /_emulator/proof``: ``{"nonce": hex}`` answered with the HMAC of the nonce by the
  emulator's secret (emulator/gate/proof.py): how a client tells its own emulator from
  another user's;
- ``POST /_emulator/reset``: forget every resource (EmulatorState.reset);
- ``POST /_emulator/clock``: ``{"advance_seconds": N}`` moves the emulator clock forward
  (token expiry without waiting; in eventual mode also the monotonic clock, so pending
  delays end and quotas refill), ``{"reset": true}`` puts the wall clock back (never the
  monotonic one).
"""

from __future__ import annotations

import math
import re
import time
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer, json_answer
from emulator.errors import AwsError
from emulator.gate import proof as ownership
from emulator.gate.gate import authenticated, gate_of
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


def clock(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    body = json_body(request) if request.get_data() else {}
    if body.get("reset"):
        state.clock.reset()
    else:
        seconds = body.get("advance_seconds", 0)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise AwsError(400, "BadRequestException", "advance_seconds must be a number")
        if not math.isfinite(seconds):
            raise AwsError(400, "BadRequestException", "advance_seconds must be finite")
        state.clock.advance(float(seconds))
    return json_answer({"clock_offset_seconds": state.clock.offset, "now": state.clock.now()})


def unknown(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    return json_answer({"message": f"No emulator operation {request.method} {request.path}"}, 404)

"""Cognito calls whose moto answer the emulator replaces or completes (emulator/urls.py).

- Sign-in (InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
  AdminRespondToAuthChallenge): SRP gets a real server side (sign_in.py), and every token
  issued is re-stamped for the app client's validity on the emulator clock (tokens.py).
- DeleteUserPool: refused while the pool has a domain, as AWS does.
- DeleteResourceServer: moto 5.2.5 lacks it.

Each body is read by ``bodies.cognito_body``: a member of the wrong type is refused before
moto sees it (docs/aws-behaviour.md 23.5).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.cognito import tokens
from emulator.cognito.bodies import cognito_body
from emulator.cognito.sign_in import TARGET_PREFIX, plays_srp, srp_step
from emulator.errors import cognito_error
from emulator.moto_bridge import cognito as moto_cognito
from emulator.moto_bridge import server as moto_server
from emulator.wire import region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

JSON_11 = "application/x-amz-json-1.1"


def sign_in(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    raw = request.get_data()
    action = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
    body = cognito_body(request, action)

    def call_moto(payload: bytes) -> Answer:
        return moto_server.call(request.environ, payload)

    if plays_srp(action, body):
        answer = srp_step(state.srp_sessions, action, body, call_moto)
    else:
        answer = call_moto(raw)
    if answer.status != 200:
        return answer
    payload = answer.json()
    if "AuthenticationResult" not in payload:
        return answer
    tokens.restamp(payload["AuthenticationResult"], str(body.get("ClientId")), state.clock.now())
    return answer.with_body(json.dumps(payload).encode())


def delete_user_pool(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """AWS refuses to delete a pool that still has a domain; moto deletes it."""
    pool_id = str(cognito_body(request, "DeleteUserPool").get("UserPoolId"))
    if moto_cognito.user_pool_domain_of(pool_id) is not None:
        raise cognito_error(
            "InvalidParameterException",
            "User pool cannot be deleted. It has a domain configured that should be deleted first.",
        )
    return moto_server.call(request.environ, request.get_data())


def delete_resource_server(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """DeleteResourceServer, which moto 5.2.5 does not implement."""
    body = cognito_body(request, "DeleteResourceServer")
    pool_id, identifier = str(body.get("UserPoolId")), str(body.get("Identifier"))
    if not moto_cognito.delete_resource_server(region_of(request), pool_id, identifier):
        raise cognito_error(
            "ResourceNotFoundException", f"Resource server {identifier} does not exist."
        )
    return Answer(200, (("Content-Type", JSON_11),), b"{}")

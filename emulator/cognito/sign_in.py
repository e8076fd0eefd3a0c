"""The emulator's part in Cognito sign-in: a real server side for SRP (see srp.py).

Requests for InitiateAuth / AdminInitiateAuth with USER_SRP_AUTH and for
RespondToAuthChallenge / AdminRespondToAuthChallenge with PASSWORD_VERIFIER pass through here;
moto still does everything else (users, sessions, tokens). A wrong password gets what AWS
answers: 400 NotAuthorizedException "Incorrect username or password." (docs/aws-behaviour.md
section 16).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from emulator.answers import Answer
from emulator.cognito.srp import SrpSessions, signature_matches, start_challenge
from emulator.errors import cognito_error
from emulator.moto_bridge import cognito as moto_cognito

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
INITIATE_ACTIONS = frozenset({"InitiateAuth", "AdminInitiateAuth"})
RESPOND_ACTIONS = frozenset({"RespondToAuthChallenge", "AdminRespondToAuthChallenge"})
SIGN_IN_ACTIONS = INITIATE_ACTIONS | RESPOND_ACTIONS

CallMoto = Callable[[bytes], Answer]


def _not_authorized() -> Answer:
    return cognito_error("NotAuthorizedException", "Incorrect username or password.").answer()


def plays_srp(action: str, body: dict[str, Any]) -> bool:
    """Whether this sign-in call is a step of SRP (the emulator plays the server side)."""
    if action in INITIATE_ACTIONS:
        return body.get("AuthFlow") == "USER_SRP_AUTH"
    return action in RESPOND_ACTIONS and body.get("ChallengeName") == "PASSWORD_VERIFIER"


def srp_step(
    sessions: SrpSessions, action: str, body: dict[str, Any], call_moto: CallMoto
) -> Answer:
    if action in INITIATE_ACTIONS:
        return _initiate(sessions, body, call_moto)
    return _respond(sessions, body, call_moto)


def _initiate(sessions: SrpSessions, body: dict[str, Any], call_moto: CallMoto) -> Answer:
    answer = call_moto(json.dumps(body).encode())
    if answer.status != 200:
        return answer
    payload = answer.json()
    params = payload.get("ChallengeParameters") or {}
    auth = body.get("AuthParameters") or {}
    found = moto_cognito.srp_password(str(body.get("ClientId")), str(auth.get("USERNAME")))
    if payload.get("ChallengeName") != "PASSWORD_VERIFIER" or found is None:
        return answer
    pool_id, password = found
    challenge = start_challenge(
        pool_id, params["USER_ID_FOR_SRP"], password, str(auth.get("SRP_A", ""))
    )
    if challenge is None:
        return _not_authorized()
    params["SALT"] = challenge.salt_hex
    params["SRP_B"] = challenge.srp_b_hex
    params["SECRET_BLOCK"] = sessions.open(challenge, params["SECRET_BLOCK"])
    return answer.with_body(json.dumps(payload).encode())


def _respond(sessions: SrpSessions, body: dict[str, Any], call_moto: CallMoto) -> Answer:
    responses = dict(body.get("ChallengeResponses") or {})
    secret_block = str(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""))
    opened = sessions.take(secret_block)
    if opened is None:
        return _not_authorized()
    challenge, moto_session = opened
    try:
        block = base64.standard_b64decode(secret_block)
    except binascii.Error:
        return _not_authorized()
    timestamp = str(responses.get("TIMESTAMP", ""))
    signature = str(responses.get("PASSWORD_CLAIM_SIGNATURE", ""))
    if not signature_matches(challenge, block, timestamp, signature):
        return _not_authorized()
    responses["PASSWORD_CLAIM_SECRET_BLOCK"] = moto_session
    return call_moto(json.dumps({**body, "ChallengeResponses": responses}).encode())

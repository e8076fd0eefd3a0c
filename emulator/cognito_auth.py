"""The emulator's part in Cognito sign-in: a real server side for SRP (see cognito_srp.py).

Requests for InitiateAuth / AdminInitiateAuth with USER_SRP_AUTH and for
RespondToAuthChallenge / AdminRespondToAuthChallenge with PASSWORD_VERIFIER pass through here;
moto still does everything else (users, sessions, tokens).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from emulator import moto_bridge
from emulator.cognito_srp import SrpSessions, signature_matches, start_challenge

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
_INITIATE = {"InitiateAuth", "AdminInitiateAuth"}
_RESPOND = {"RespondToAuthChallenge", "AdminRespondToAuthChallenge"}

Answer = tuple[int, dict[str, str], bytes]
CallMoto = Callable[[bytes], Answer]


def cognito_error(code: str, message: str) -> Answer:
    """A Cognito (JSON 1.1 protocol) error as boto3 reads it."""
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.1"}
    return 400, headers, json.dumps({"__type": code, "message": message}).encode()


def _not_authorized() -> Answer:
    return cognito_error("NotAuthorizedException", "Incorrect username or password.")


class CognitoSignIn:
    def __init__(self) -> None:
        self.sessions = SrpSessions()

    def handles(self, target: str, body: dict[str, Any]) -> bool:
        action = target.removeprefix(TARGET_PREFIX)
        if action in _INITIATE:
            return body.get("AuthFlow") == "USER_SRP_AUTH"
        return action in _RESPOND and body.get("ChallengeName") == "PASSWORD_VERIFIER"

    def handle(self, target: str, body: dict[str, Any], call_moto: CallMoto) -> Answer:
        if target.removeprefix(TARGET_PREFIX) in _INITIATE:
            return self._initiate(body, call_moto)
        return self._respond(body, call_moto)

    def _initiate(self, body: dict[str, Any], call_moto: CallMoto) -> Answer:
        status, headers, raw = call_moto(json.dumps(body).encode())
        if status != 200:
            return status, headers, raw
        answer = json.loads(raw)
        params = answer.get("ChallengeParameters") or {}
        auth = body.get("AuthParameters") or {}
        found = moto_bridge.srp_password(str(body.get("ClientId")), str(auth.get("USERNAME")))
        if answer.get("ChallengeName") != "PASSWORD_VERIFIER" or found is None:
            return status, headers, raw
        pool_id, password = found
        challenge = start_challenge(pool_id, params["USER_ID_FOR_SRP"], password, auth["SRP_A"])
        if challenge is None:
            return _not_authorized()
        params["SALT"] = challenge.salt_hex
        params["SRP_B"] = challenge.srp_b_hex
        params["SECRET_BLOCK"] = self.sessions.open(challenge, params["SECRET_BLOCK"])
        return status, _without_length(headers), json.dumps(answer).encode()

    def _respond(self, body: dict[str, Any], call_moto: CallMoto) -> Answer:
        responses = dict(body.get("ChallengeResponses") or {})
        secret_block = str(responses.get("PASSWORD_CLAIM_SECRET_BLOCK", ""))
        opened = self.sessions.take(secret_block)
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


def _without_length(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() != "content-length"}

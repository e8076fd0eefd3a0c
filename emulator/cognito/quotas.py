"""Cognito user pools' request-rate quotas, in eventual mode (docs/aws-behaviour.md 21.10).

Each operation belongs to a category with a rate per account ("Quotas in Amazon Cognito");
operations of some categories are also held to 5 RPS per user pool. RespondToAuthChallenge
has "a separate quota that is three times the UserAuthentication category limit", beyond
which it counts toward UserAuthentication; a NEW_PASSWORD_REQUIRED response counts toward
UserAccountRecovery. Over a quota: 400 TooManyRequestsException "Rate exceeded" (recorded:
boto/boto3 issue 2517, aws-amplify/amplify-js issue 6767), Cognito's JSON 1.1 error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.cognito.sign_in import TARGET_PREFIX
from emulator.consistency.behaviours import (
    COGNITO_CHALLENGE_RESPONSES,
    COGNITO_PER_POOL,
    COGNITO_QUOTAS,
    Quota,
    quota_for,
)
from emulator.errors import AwsError, Protocol
from emulator.wire import lenient_json_body

if TYPE_CHECKING:
    from emulator.state import EmulatorState

ACCOUNT = "account"
_CHALLENGE_RESPONSES = frozenset({"RespondToAuthChallenge", "AdminRespondToAuthChallenge"})


def is_cognito_call(request: Request) -> bool:
    return request.headers.get("X-Amz-Target", "").startswith(TARGET_PREFIX)


def rate_exceeded() -> AwsError:
    return AwsError(
        400, "TooManyRequestsException", "Rate exceeded", Protocol.COGNITO, compact=True
    )


def _holds(quota: Quota, action: str, pool_id: object) -> list[tuple[Quota, str]]:
    holds = [(quota, ACCOUNT)]
    if quota.per_user_pool and isinstance(pool_id, str):
        holds.append((COGNITO_PER_POOL, f"{pool_id}/{action}"))
    return holds


def throttle(state: EmulatorState, request: Request) -> None:
    """Refuse a call over its category's quota (or its per-pool quota)."""
    action = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
    body = lenient_json_body(request)
    quotas = state.consistency.quotas
    if action in _CHALLENGE_RESPONSES:
        if body.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            action = f"{action}:NEW_PASSWORD_REQUIRED"
        elif quotas.admit([(COGNITO_CHALLENGE_RESPONSES, ACCOUNT)]):
            return
        else:
            action = "InitiateAuth"  # beyond three times the rate: UserAuthentication
    quota = quota_for(action, COGNITO_QUOTAS)
    if quota is not None and not quotas.admit(_holds(quota, action, body.get("UserPoolId"))):
        raise rate_exceeded()

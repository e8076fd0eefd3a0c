"""The JSON 1.1 body of a Cognito call the emulator handles, its members' types checked.

Cognito speaks AWS's JSON 1.1 protocol (a Coral service): a body that is not a JSON object, or
a member of the wrong type, is 400 ``SerializationException`` with Coral's wording, before
anything is read or handed to moto (docs/aws-behaviour.md 23.1, 23.5).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from werkzeug.wrappers import Request

from emulator.errors import cognito_error
from emulator.input_types import coral_string_map_problem, coral_string_problem

STRING = coral_string_problem
MAP = coral_string_map_problem
Members = Mapping[str, Callable[[object], str | None]]

_INITIATE: Members = {
    "AuthFlow": STRING,
    "ClientId": STRING,
    "AuthParameters": MAP,
    "ClientMetadata": MAP,
    "Session": STRING,
}
_RESPOND: Members = {
    "ClientId": STRING,
    "ChallengeName": STRING,
    "Session": STRING,
    "ChallengeResponses": MAP,
    "ClientMetadata": MAP,
}
MEMBERS: Mapping[str, Members] = {
    "InitiateAuth": _INITIATE,
    "AdminInitiateAuth": {"UserPoolId": STRING, **_INITIATE},
    "RespondToAuthChallenge": _RESPOND,
    "AdminRespondToAuthChallenge": {"UserPoolId": STRING, **_RESPOND},
    "DeleteUserPool": {"UserPoolId": STRING},
    "DeleteResourceServer": {"UserPoolId": STRING, "Identifier": STRING},
}
"""The members the emulator reads, as botocore's cognito-idp model types them."""


def cognito_body(request: Request, action: str) -> dict[str, Any]:
    """The call's JSON object with ``action``'s members checked; SerializationException
    otherwise."""
    raw = request.get_data()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError) as err:
        raise cognito_error("SerializationException", "Could not parse request body") from err
    if not isinstance(body, dict):
        raise cognito_error("SerializationException", "Expected a JSON object as request body")
    for name, problem_of in MEMBERS.get(action, {}).items():
        problem = problem_of(body.get(name))
        if problem is not None:
            raise cognito_error("SerializationException", problem)
    return body

"""GET /users: the tutorial's Lambda function, in Python.

The body is a JSON string, as in the tutorial, whose Node.js handler returns
``JSON.stringify('Testing Lambda from API Gateway')``: the bytes on the wire are
``"Testing Lambda from API Gateway"`` with the quotes, and a JSON client parses them to the
plain sentence. Callers that came through a Cognito user pool authorizer are greeted by
their ``cognito:username`` claim: ``"Testing Lambda from API Gateway. Hello, alice!"``.

The handler logs its event the way the tutorial's ``console.log('event', event)`` does, as
one line ``event {...json...}`` in CloudWatch Logs. It imports nothing from ``helpers``:
this directory is the whole deployment package.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE = "Testing Lambda from API Gateway"


def caller_name(event: dict[str, Any]) -> str | None:
    """The ``cognito:username`` claim that a Cognito authorizer put in the event, if any."""
    request_context = event.get("requestContext") or {}
    authorizer = request_context.get("authorizer") or {}
    claims = authorizer.get("claims") or {}
    name = claims.get("cognito:username")
    return name if isinstance(name, str) and name else None


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer 200 with the tutorial's message, greeting the caller when claims are present."""
    print("event", json.dumps(event, separators=(",", ":"), sort_keys=True))
    name = caller_name(event)
    message = MESSAGE if name is None else f"{MESSAGE}. Hello, {name}!"
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(message),
    }

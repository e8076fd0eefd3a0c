"""GET and POST /users: the tutorial's Lambda function, in Python.

GET: the body is a JSON string, as in the tutorial, whose Node.js handler returns
``JSON.stringify('Testing Lambda from API Gateway')``: the bytes on the wire are
``"Testing Lambda from API Gateway"`` with the quotes, and a JSON client parses them to the
plain sentence. Callers that came through a Cognito user pool authorizer are greeted by
their ``cognito:username`` claim: ``"Testing Lambda from API Gateway. Hello, alice!"``.

POST (07_groups_and_scopes): authorization in the function, after authentication at the
gateway. Creating a user is for members of the ``admins`` group, or for programs whose token
holds the ``users/write`` scope; anyone else gets 403. The claims come as API Gateway renders
them: every value a string, so ``cognito:groups`` is ``"admins"`` or ``"admins,readers"`` and
``scope`` is space-separated. There is no database: the answer says what would be created.

The handler logs its event the way the tutorial's ``console.log('event', event)`` does, as
one line ``event {...json...}`` in CloudWatch Logs, but without the ``Authorization`` header
(any case, in ``headers`` and in ``multiValueHeaders``): a bearer token in a log is a token
anyone who may read the logs can use until it expires. It imports nothing from ``helpers``:
this directory is the whole deployment package.

CORS: when the function's environment variable ``ALLOWED_ORIGIN`` is set and not empty, every
response carries ``Access-Control-Allow-Origin: <that value>``; with a Lambda proxy
integration API Gateway adds nothing, the function must send it (docs/aws-behaviour.md 22.9).
Unset, the responses are unchanged.

``lambda_src/users_node/index.mjs`` is the same function in Node.js, answering the same bytes
(tests/lambda_src/test_users_node_parity.py).
"""

from __future__ import annotations

import json
import os
from typing import Any

MESSAGE = "Testing Lambda from API Gateway"
ADMINS_GROUP = "admins"
WRITE_SCOPE = "users/write"
JSON_HEADERS = {"Content-Type": "application/json"}
SECRET_HEADERS = frozenset({"authorization"})


def claims_of(event: dict[str, Any]) -> dict[str, Any]:
    """The claims a Cognito authorizer put in ``requestContext.authorizer.claims`` ({} if none)."""
    request_context = event.get("requestContext") or {}
    authorizer = request_context.get("authorizer") or {}
    claims = authorizer.get("claims") or {}
    return claims if isinstance(claims, dict) else {}


def caller_name(event: dict[str, Any]) -> str | None:
    """The ``cognito:username`` claim that a Cognito authorizer put in the event, if any."""
    name = claims_of(event).get("cognito:username")
    return name if isinstance(name, str) and name else None


def groups_of(claims: dict[str, Any]) -> set[str]:
    """``cognito:groups`` as a set: ``"admins,readers"`` -> {"admins", "readers"}."""
    value = claims.get("cognito:groups")
    return {g.strip() for g in value.split(",") if g.strip()} if isinstance(value, str) else set()


def scopes_of(claims: dict[str, Any]) -> set[str]:
    """The access token's ``scope`` claim (space-separated) as a set."""
    value = claims.get("scope")
    return set(value.split()) if isinstance(value, str) else set()


def may_create_users(claims: dict[str, Any]) -> bool:
    return ADMINS_GROUP in groups_of(claims) or WRITE_SCOPE in scopes_of(claims)


def response_headers() -> dict[str, str]:
    """``Content-Type: application/json``, and ``Access-Control-Allow-Origin`` when the
    ``ALLOWED_ORIGIN`` environment variable is set and not empty (docs/aws-behaviour.md 22.9)."""
    headers = dict(JSON_HEADERS)
    origin = os.environ.get("ALLOWED_ORIGIN", "")
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
    return headers


def _response(status: int, payload: Any) -> dict[str, Any]:
    return {"statusCode": status, "headers": response_headers(), "body": json.dumps(payload)}


def create_user(event: dict[str, Any]) -> dict[str, Any]:
    """POST /users: 201 for admins and ``users/write`` tokens, 403 for anyone else."""
    claims = claims_of(event)
    if not may_create_users(claims):
        return _response(
            403,
            {"message": f"Only the {ADMINS_GROUP} group or the {WRITE_SCOPE} scope may add users"},
        )
    try:
        body = json.loads(event.get("body") or "{}")
    except ValueError:
        body = None
    username = body.get("username") if isinstance(body, dict) else None
    if not isinstance(username, str) or not username:
        return _response(400, {"message": 'Send a JSON body {"username": "<name>"}'})
    by = claims.get("cognito:username") or claims.get("username") or claims.get("client_id")
    return _response(201, {"created": username, "by": by})


def loggable(event: dict[str, Any]) -> dict[str, Any]:
    """A copy of the event without the headers that carry credentials (``Authorization``, in
    any case), in both ``headers`` and ``multiValueHeaders``. The event itself is unchanged."""
    copy = dict(event)
    for key in ("headers", "multiValueHeaders"):
        headers = event.get(key)
        if isinstance(headers, dict):
            copy[key] = {
                name: value
                for name, value in headers.items()
                if str(name).lower() not in SECRET_HEADERS
            }
    return copy


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """POST creates (see ``create_user``); anything else answers 200 with the tutorial's
    message, greeting the caller when claims are present."""
    print("event", json.dumps(loggable(event), separators=(",", ":"), sort_keys=True))
    if event.get("httpMethod") == "POST":
        return create_user(event)
    name = caller_name(event)
    message = MESSAGE if name is None else f"{MESSAGE}. Hello, {name}!"
    return _response(200, message)

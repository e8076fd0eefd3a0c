"""A test Lambda authorizer: its answer is chosen by the token.

TOKEN events carry the token in `authorizationToken`; REQUEST events in the `X-Token` header.
"""

import json
from typing import Any


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    token = event.get("authorizationToken") or (event.get("headers") or {}).get("X-Token")
    arn = event["methodArn"]
    api_arn = arn.split("/")[0]  # arn:aws:execute-api:{region}:{account}:{api}
    if token == "unauthorized" or not token:
        raise Exception("Unauthorized")
    if token == "raise":
        raise ValueError("boom")
    if token == "allow":
        return _policy(
            "Allow", arn, context={"tier": "gold", "count": 3, "admin": True, "none": None}
        )
    if token == "echo-event":
        return _policy("Allow", arn, context={"event": json.dumps(event)})
    if token == "allow-get-users":
        return _policy("Allow", api_arn + "/*/GET/users")
    if token == "allow-wildcards":
        return _policy("Allow", [api_arn + "/nothing/*", api_arn + "/d?v/*/user?"])
    if token == "allow-any-action":
        return _policy("Allow", arn, action="execute-api:*")
    if token == "deny":
        statements = [_statement("Allow", "*"), _statement("Deny", arn)]
        return {
            "principalId": "mallory",
            "policyDocument": {"Version": "2012-10-17", "Statement": statements},
        }
    if token == "other-resource":
        return _policy("Allow", api_arn + "/*/DELETE/nothing")
    if token == "no-principal":
        return {"policyDocument": _policy("Allow", arn)["policyDocument"]}
    if token == "object-context":
        return _policy("Allow", arn, context={"nested": {"a": 1}})
    if token == "bad-policy":
        return {"principalId": "alice", "policyDocument": "allow everything"}
    if token == "extra-key":
        return {**_policy("Allow", arn), "isAuthorized": True}
    return _policy("Deny", arn)


def _statement(
    effect: str, resource: str | list[str], action: str = "execute-api:Invoke"
) -> dict[str, Any]:
    return {"Action": action, "Effect": effect, "Resource": resource}


def _policy(
    effect: str,
    resource: str | list[str],
    context: dict[str, Any] | None = None,
    action: str = "execute-api:Invoke",
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "principalId": "alice",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [_statement(effect, resource, action)],
        },
    }
    if context is not None:
        result["context"] = context
    return result

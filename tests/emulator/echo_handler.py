"""A test function: echoes its event, or misbehaves as the `mode` query parameter asks."""

import json
import os
import time
from typing import Any

MALFORMED = {
    "body-not-string": {"statusCode": 200, "body": {"a": 1}},
    "unknown-key": {"statusCode": 200, "body": "x", "extra": 1},
    "not-object": ["statusCode", 200],
    "multi-not-list": {"statusCode": 200, "body": "x", "multiValueHeaders": {"a": "b"}},
}


def handler(event: dict[str, Any], context: object) -> Any:
    mode = (event.get("queryStringParameters") or {}).get("mode", "echo")
    if mode == "raise":
        raise ValueError("boom")
    if mode == "sleep":
        time.sleep(5)
    if mode == "exit":
        os._exit(3)
    if mode in MALFORMED:
        return MALFORMED[mode]
    if mode == "no-status":
        return {"body": "no status"}
    if mode == "string-status":
        return {"statusCode": "201", "body": "created"}
    if mode == "base64":
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": "aGVsbG8=",  # b"hello"
            "isBase64Encoded": True,
        }
    if mode == "headers":
        return {
            "statusCode": 200,
            "headers": {"X-One": "h", "X-Bool": True},
            "multiValueHeaders": {"X-One": ["m1", "m2"]},
            "body": "",
        }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(event),
    }

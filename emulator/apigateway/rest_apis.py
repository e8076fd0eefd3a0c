"""CreateRestApi and UpdateRestApi as AWS takes ``binaryMediaTypes`` (docs/aws-behaviour.md
7.12, 4.8).

moto 5.2.5's CreateRestApi drops ``binaryMediaTypes``, and its UpdateRestApi reads the media
type from ``value``, while AWS puts it in the path, ``/`` escaped as ``~1``
(``{"op": "add", "path": "/binaryMediaTypes/image~1png"}``) [doc: PatchOperation API
reference; recorded: LocalStack ``test_update_rest_api_operation_add_remove``, where
``replace`` removes the old type and adds the new one last]. The emulator stores them after
moto created the API, and rewrites AWS's patch into moto's form.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge import server as moto_server
from emulator.wire import lenient_json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

_BINARY_PATH = "/binaryMediaTypes/"


def create_rest_api(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    media_types = lenient_json_body(request).get("binaryMediaTypes")
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300 or not isinstance(media_types, list) or not media_types:
        return answer
    api = moto_apigateway.set_binary_media_types(
        region_of(request), str(answer.json()["id"]), [str(t) for t in media_types]
    )
    payload = answer.json()
    payload["binaryMediaTypes"] = api["binaryMediaTypes"]
    return answer.with_body(json.dumps(payload).encode())


def moto_patch(operations: list[Any]) -> list[Any]:
    """AWS's ``/binaryMediaTypes/{type}`` operations in the form moto 5.2.5 applies."""
    rewritten: list[Any] = []
    for op in operations:
        path = op.get("path", "") if isinstance(op, dict) else ""
        if not path.startswith(_BINARY_PATH):
            rewritten.append(op)
            continue
        media_type = path.removeprefix(_BINARY_PATH).replace("~1", "/")
        whole = "/binaryMediaTypes"
        if op.get("op") == "replace":
            rewritten += [
                {"op": "remove", "path": whole, "value": media_type},
                {"op": "add", "path": whole, "value": op.get("value")},
            ]
        else:
            rewritten.append({"op": op.get("op"), "path": whole, "value": media_type})
    return rewritten


def update_rest_api(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    body = lenient_json_body(request)
    operations = body.get("patchOperations")
    if not isinstance(operations, list):
        return moto_server.call(request.environ, request.get_data())
    rewritten = json.dumps({**body, "patchOperations": moto_patch(operations)}).encode()
    return moto_server.call(request.environ, rewritten)

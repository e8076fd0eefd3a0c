"""The gateway-response operations as AWS answers them (docs/aws-behaviour.md 2.13, 2.14).

moto 5.2.5 stores what PutGatewayResponse puts, but GetGatewayResponses lists only those, and
GetGatewayResponse of a type nobody put is 404. AWS answers every type, with its defaults
(awsrules/apigateway/custom_gateway_responses.py). The data plane applies the responses of the
deployment the stage serves (emulator/apigateway/data_plane/respond.py).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from awsrules.apigateway.custom_gateway_responses import described, listed
from awsrules.apigateway.gateway_responses import RESPONSE_TYPES
from emulator.answers import Answer, json_answer
from emulator.errors import AwsError
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge import server as moto_server
from emulator.wire import region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState


def _checked_type(response_type: str) -> str:
    """A response type AWS knows, else its ValidationException [inferred: the wording of
    AWS's enum validation errors, as recorded for ``putIntegrationInput.type``]."""
    if response_type not in RESPONSE_TYPES:
        raise AwsError(
            400,
            "ValidationException",
            f"1 validation error detected: Value '{response_type}' at 'responseType' failed "
            "to satisfy constraint: Member must satisfy enum value set: "
            f"[{', '.join(RESPONSE_TYPES)}]",
        )
    return response_type


def get_gateway_responses(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    configured = moto_apigateway.gateway_responses(region_of(request), match.group("api"))
    return json_answer({"item": listed(configured)})


def get_gateway_response(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    response_type = _checked_type(match.group("type"))
    configured = moto_apigateway.gateway_responses(region_of(request), match.group("api"))
    return json_answer(described(response_type, configured))


def put_gateway_response(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """moto stores it; the answer shows the defaults AWS fills in (status, templates)."""
    response_type = _checked_type(match.group("type"))
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    configured = moto_apigateway.gateway_responses(region_of(request), match.group("api"))
    return answer.with_body(json.dumps(described(response_type, configured)).encode())

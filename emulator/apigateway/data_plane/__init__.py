"""API Gateway's REST data plane: a request to a stage URL, as an ordered chain of steps.

The order is AWS's, and it is read from ``REQUEST_STEPS`` alone:

1. ``stage``: the deployment the stage serves (403 Missing Authentication Token if none);
2. ``route``: the resource and method (403 Missing Authentication Token, before any
   authorizer runs);
3. ``authorize``: the method's authorizer (401, 403, or 500 for a broken authorizer);
4. ``integrate``: the integration (Lambda proxy: 500 without permission, 502 when the
   function fails or answers malformed);
5. ``respond``: the client's answer.

A step raises ``GatewayError`` to stop the chain; ``run`` turns it into API Gateway's own
response in one place (docs/aws-behaviour.md section 2). TestInvokeMethod runs the draft's
method without authorization: ``TEST_INVOKE_STEPS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from awsrules.apigateway.proxy_event import IncomingRequest
from emulator.answers import Answer
from emulator.apigateway.data_plane.authorize import authorize
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError
from emulator.apigateway.data_plane.integrate import integrate
from emulator.apigateway.data_plane.respond import gateway_answer, integration_answer, respond
from emulator.apigateway.data_plane.route import match_route
from emulator.apigateway.data_plane.stage import find_stage

Step = Callable[[Exchange, DataPlaneEnv], None]

REQUEST_STEPS: tuple[Step, ...] = (find_stage, match_route, authorize, integrate, respond)
TEST_INVOKE_STEPS: tuple[Step, ...] = (integrate, respond)


def run(steps: tuple[Step, ...], exchange: Exchange, env: DataPlaneEnv) -> Answer:
    """Run the steps in order; the first GatewayError becomes the answer."""
    try:
        for step in steps:
            step(exchange, env)
    except GatewayError as error:
        return gateway_answer(exchange, error)
    return integration_answer(exchange)


def serve_stage_request(
    env: DataPlaneEnv, api_id: str, stage_name: str, request: IncomingRequest, raw_path: str
) -> Answer:
    """Serve a request to ``/restapis/{api_id}/{stage_name}/_user_request_{raw_path}``."""
    exchange = Exchange(api_id, stage_name, request, raw_path, request_id=str(uuid.uuid4()))
    return run(REQUEST_STEPS, exchange, env)

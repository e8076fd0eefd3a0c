"""Step 5, respond: the answer the client gets, from the integration or from API Gateway.

Every response carries ``x-amzn-RequestId`` and ``x-amz-apigw-id``; API Gateway's own
(gateway) responses also carry ``x-amzn-ErrorType`` (docs/aws-behaviour.md section 2). A
proxy response without a Content-Type gets ``application/json``.
"""

from __future__ import annotations

import base64
import logging
import os

from emulator.answers import Answer
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError

log = logging.getLogger("emulator.apigateway")


def extended_request_id() -> str:
    return base64.b64encode(os.urandom(10)).decode()[:14] + "="


def respond(exchange: Exchange, env: DataPlaneEnv) -> None:
    """The integration's response is ready (exchange.response); nothing more to decide."""
    if exchange.response is None:
        raise RuntimeError("the integrate step has not run")


def integration_answer(exchange: Exchange) -> Answer:
    response = exchange.response
    assert response is not None  # respond() checked it
    headers = list(response.headers)
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    headers += [
        ("x-amzn-RequestId", exchange.request_id),
        ("x-amz-apigw-id", extended_request_id()),
    ]
    log.info("%s %s -> %s", exchange.request.method, exchange.request.path, response.status)
    trail = (*exchange.log, f"Method completed with status: {response.status}")
    return Answer(response.status, tuple(headers), response.body, trail)


def gateway_answer(exchange: Exchange, error: GatewayError) -> Answer:
    log.info("-> %s (%s)", error.response.status, error.reason)
    headers = (
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", exchange.request_id),
        ("x-amzn-ErrorType", error.response.error_type),
        ("x-amz-apigw-id", extended_request_id()),
        *error.response.headers,
    )
    trail = (*exchange.log, *error.trail, error.reason)
    return Answer(error.response.status, headers, error.response.body, trail)

"""Step 5, respond: the answer the client gets, from the integration or from API Gateway.

Every response carries ``x-amzn-RequestId`` and ``x-amz-apigw-id``; API Gateway's own
(gateway) responses also carry ``x-amzn-ErrorType`` (docs/aws-behaviour.md section 2) and are
customised by the gateway responses of the deployment the stage serves (2.13-2.16). A proxy
response without a Content-Type gets ``application/json``.
"""

from __future__ import annotations

import base64
import logging
import os

from awsrules.apigateway.custom_gateway_responses import RequestValues, customized
from awsrules.apigateway.gateway_responses import GatewayResponse
from awsrules.apigateway.proxy_event import parse_query_string
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
    return Answer(response.status, tuple(headers), response.body, tuple(exchange.log))


def gateway_answer(exchange: Exchange, error: GatewayError) -> Answer:
    response = _as_the_api_customised_it(exchange, error.response)
    log.info("-> %s (%s)", response.status, error.reason)
    headers = (
        ("Content-Type", response.content_type),
        ("x-amzn-RequestId", exchange.request_id),
        ("x-amzn-ErrorType", response.error_type),
        ("x-amz-apigw-id", extended_request_id()),
        *response.headers,
    )
    trail = (*exchange.log, *error.trail, error.reason)
    return Answer(response.status, headers, response.body, trail)


def _as_the_api_customised_it(exchange: Exchange, response: GatewayResponse) -> GatewayResponse:
    """The deployment's gateway responses applied (none without a deployment: no stage)."""
    snapshot, stage, route = exchange.snapshot, exchange.stage, exchange.route
    if snapshot is None or not snapshot.gateway_responses:
        return response
    query, _ = parse_query_string(exchange.request.raw_query_string)
    values = RequestValues(
        headers=exchange.request.headers,
        query=query,
        path_parameters=route.path_parameters if route else None,
        stage_variables=stage.variables if stage else None,
        context={
            "apiId": exchange.api_id,
            "stage": exchange.stage_name,
            "requestId": exchange.request_id,
            "httpMethod": exchange.request.method,
            "path": f"/{exchange.stage_name}{exchange.request.path}",
            "resourcePath": route.resource.path if route else None,
            "resourceId": route.resource.id if route else None,
            "domainName": f"{exchange.api_id}.execute-api.{snapshot.region}.amazonaws.com",
        },
    )
    return customized(response, snapshot.customized_responses, values)

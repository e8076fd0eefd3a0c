"""The ``AWS_PROXY`` (Lambda proxy) integration: the event, the call, the response's checks.

API Gateway builds the payload 1.0 event (docs/aws-behaviour.md section 3), may invoke the
function only with a matching resource-based permission or with the integration's
``credentials`` role (500 otherwise, sections 5 and 13.4), only with ``integrationHttpMethod``
POST (5.10), and turns the function's result into the HTTP response, or 502 when the function
failed or the result is malformed (section 4).
"""

from __future__ import annotations

import json

from awsrules import arns
from awsrules.apigateway import gateway_responses
from awsrules.apigateway.binary_media import first_header, is_binary
from awsrules.apigateway.proxy_event import StageContext, build_proxy_event
from awsrules.apigateway.proxy_response import parse_proxy_response
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError
from emulator.apigateway.data_plane.functions import CallFailed
from emulator.apigateway.data_plane.respond import extended_request_id
from emulator.moto_bridge import ACCOUNT_ID

CONFIG_ERROR = "Execution failed due to configuration error: "
INVOKE_HTTP_METHOD = "POST"
"""Lambda's Invoke API is ``POST /2015-03-31/functions/{name}/invocations`` [doc: *Invoke*]."""


def aws_proxy_integration(exchange: Exchange, env: DataPlaneEnv) -> None:
    snapshot, stage = exchange.deployed()
    route = exchange.routed()
    integration = route.method.integration
    assert integration is not None  # integrate() dispatched on its type
    if (integration.http_method or "").upper() != INVOKE_HTTP_METHOD:
        raise GatewayError(
            gateway_responses.integration_failure(),
            CONFIG_ERROR + f"AWS_PROXY integrations call Lambda's Invoke API with POST; "
            f"integrationHttpMethod is {integration.http_method}",
        )
    event = build_proxy_event(
        exchange.request,
        StageContext(
            api_id=snapshot.api_id,
            stage=stage.name,
            deployment_id=snapshot.deployment_id,
            resource_id=route.resource.id,
            resource_path=route.resource.path,
            account_id=ACCOUNT_ID,
            region=snapshot.region,
        ),
        route.path_parameters or None,
        stage.variables or None,
        exchange.authorizer_context,
        request_id=exchange.request_id,
        extended_request_id=extended_request_id(),
        now=env.now(),
        binary_body=is_binary(
            snapshot.binary_media_types, first_header(exchange.request.headers, "Content-Type")
        ),
    )
    source_arn = arns.execute_api_arn(
        snapshot.region,
        ACCOUNT_ID,
        snapshot.api_id,
        stage.name,
        route.method.http_method,
        route.resource.path,
    )
    body = json.dumps(event)
    call = env.functions.call(
        integration.uri or "",
        stage.variables,
        source_arn,
        body.encode(),
        check_permission=integration.credentials is None,  # a role: no resource policy (13.4)
    )
    if isinstance(call, CallFailed):
        raise GatewayError(gateway_responses.integration_failure(), CONFIG_ERROR + call.reason)
    exchange.log += [
        f"Endpoint request body after transformations: {body[:512]}",
        f"Received response. Status: 200, Integration latency: {call.latency_ms} ms",
        "Endpoint response body before transformations: "
        + call.payload[:512].decode(errors="replace"),
    ]
    if call.function_error:
        raise GatewayError(
            gateway_responses.bad_lambda_response(),
            "Lambda execution failed with status 200 due to customer function error: "
            + call.payload[:200].decode(errors="replace"),
        )
    response = parse_proxy_response(
        call.payload,
        binary=is_binary(
            snapshot.binary_media_types, first_header(exchange.request.headers, "Accept")
        ),
    )
    if response is None:
        raise GatewayError(
            gateway_responses.bad_lambda_response(),
            CONFIG_ERROR + "Malformed Lambda proxy response",
        )
    exchange.response = response

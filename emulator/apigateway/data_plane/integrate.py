"""Step 4, integrate: hand the request to the method's integration.

Each integration type is its own module with one function; a new type is a new row of
``INTEGRATIONS``, not a new branch. The emulator serves ``AWS_PROXY`` (Lambda proxy) and
``MOCK`` (docs/aws-behaviour.md section 22); any other type answers 500 with a log line saying
so.
"""

from __future__ import annotations

from collections.abc import Callable

from awsrules.apigateway import gateway_responses
from emulator.apigateway.data_plane.aws_proxy import aws_proxy_integration
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError
from emulator.apigateway.data_plane.mock import mock_integration

Integration = Callable[[Exchange, DataPlaneEnv], None]
INTEGRATIONS: dict[str, Integration] = {
    "AWS_PROXY": aws_proxy_integration,
    "MOCK": mock_integration,
}
"""Integration type (PutIntegration ``type``) → how it is served."""


def integrate(exchange: Exchange, env: DataPlaneEnv) -> None:
    integration = exchange.routed().method.integration
    kind = "none" if integration is None else integration.type
    serve = INTEGRATIONS.get(kind)
    if serve is None:
        raise GatewayError(
            gateway_responses.integration_failure(),
            f"Execution failed due to configuration error: integration type {kind} "
            "is not supported by the emulator",
        )
    serve(exchange, env)

"""The ``MOCK`` integration: API Gateway answers from the method's own configuration, with no
backend (docs/aws-behaviour.md section 22). This is what the console's "Enable CORS" puts on
an ``OPTIONS`` method.

The request template for the request's content type (or the body, as the passthrough
behaviour allows; else 415) is the integration request; its ``statusCode`` is the endpoint's
status (500 without an integer one); the endpoint answers that status with no headers and an
empty body, and the integration response it selects makes the client's answer
(``integration_response.py``). The rules are in awsrules/apigateway/mock_integration.py.
"""

from __future__ import annotations

from awsrules.apigateway import gateway_responses
from awsrules.apigateway.integration_response import is_static_template
from awsrules.apigateway.mock_integration import (
    UNPARSABLE_STATUS,
    PassThrough,
    UnsupportedMediaType,
    mock_status_code,
    request_mapping,
    request_media_type,
)
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError
from emulator.apigateway.data_plane.integration_response import (
    CONFIG_ERROR,
    VTL_GAP,
    method_response_of,
)


def mock_integration(exchange: Exchange, env: DataPlaneEnv) -> None:
    integration = exchange.routed().method.integration
    assert integration is not None  # integrate() dispatched on its type
    media_type = request_media_type(exchange.request.headers)
    mapping = request_mapping(
        integration.request_templates, integration.passthrough_behavior, media_type
    )
    if isinstance(mapping, UnsupportedMediaType):
        raise GatewayError(
            gateway_responses.unsupported_media_type(),
            f"Request Content-Type {mapping.media_type} has no mapping template and the "
            f"passthrough behavior is {integration.passthrough_behavior}",
        )
    if isinstance(mapping, PassThrough):
        integration_request = exchange.request.body.decode(errors="replace")
    elif is_static_template(mapping.template):
        integration_request = mapping.template
    else:
        raise GatewayError(
            gateway_responses.api_configuration_error(),
            CONFIG_ERROR + f"request template for {mapping.media_type}: {VTL_GAP}",
        )
    exchange.log.append(f"Endpoint request body after transformations: {integration_request}")
    status = mock_status_code(integration_request)
    if status is None:
        raise GatewayError(gateway_responses.api_configuration_error(), UNPARSABLE_STATUS)
    exchange.log.append(f"Received response. Status: {status}, Integration latency: 0 ms")
    exchange.response = method_response_of(exchange, status, (), b"")

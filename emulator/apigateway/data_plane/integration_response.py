"""A non-proxy integration's answer turned into the method's: the integration response the
endpoint's status selects, its header mappings (only headers the method response declares)
and its body template (docs/aws-behaviour.md 22.3-22.8). The rules are in
awsrules/apigateway/integration_response.py; this module wires them to the exchange.

Templates are not evaluated: a static one (no ``$``, no ``#``) is the body as written; one
that needs VTL is answered 500, with a log line naming the gap (22.8).
"""

from __future__ import annotations

from awsrules.apigateway import gateway_responses
from awsrules.apigateway.binary_media import first_header
from awsrules.apigateway.integration_response import (
    NoIntegrationResponse,
    is_static_template,
    mapped_headers,
    response_template,
    select_integration_response,
)
from awsrules.apigateway.proxy_response import HttpResponse
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError

CONFIG_ERROR = "Execution failed due to configuration error: "
VTL_GAP = (
    "the emulator does not evaluate VTL mapping templates; only a template without '$' and "
    "'#' is served (docs/aws-behaviour.md 22.8)"
)


def method_response_of(
    exchange: Exchange, status: int, headers: tuple[tuple[str, str], ...], body: bytes
) -> HttpResponse:
    """The client's response for an endpoint response (``status``, ``headers``, ``body``)."""
    method = exchange.routed().method
    integration = method.integration
    assert integration is not None  # integrate() dispatched on its type
    try:
        chosen = select_integration_response(integration.responses, str(status))
    except NoIntegrationResponse as missing:
        raise GatewayError(gateway_responses.api_configuration_error(), str(missing)) from None
    declared = method.method_response(chosen.status_code)
    if declared is None:
        raise GatewayError(
            gateway_responses.api_configuration_error(),
            CONFIG_ERROR
            + f"Output mapping refers to an invalid method response: {chosen.status_code}",
        )
    mapped = mapped_headers(chosen.response_parameters, declared, headers)
    exchange.log += [f"Response parameter not sent: {line}" for line in mapped.skipped]
    answer_headers = list(mapped.headers)
    template = response_template(
        chosen.response_templates, first_header(exchange.request.headers, "Accept")
    )
    if template is not None:
        media_type, text = template
        if not is_static_template(text):
            raise GatewayError(
                gateway_responses.api_configuration_error(),
                CONFIG_ERROR + f"response template for {media_type}: {VTL_GAP}",
            )
        body = text.encode()
        if not any(name.lower() == "content-type" for name, _ in answer_headers):
            answer_headers.insert(0, ("Content-Type", media_type))
    exchange.log += [
        f"Method response body after transformations: {body[:1000].decode(errors='replace')}",
        "Method response headers: {"
        + ", ".join(f"{name}={value}" for name, value in answer_headers)
        + "}",
    ]
    return HttpResponse(int(chosen.status_code), tuple(answer_headers), body)

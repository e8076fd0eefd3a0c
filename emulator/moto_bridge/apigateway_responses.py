"""What a method snapshot needs beyond moto's method and integration basics: the request
templates and passthrough behaviour, the integration responses and the method responses
(docs/aws-behaviour.md 22.10).

moto 5.2.5 stores all of them (``Integration.request_templates``, ``.passthrough_behaviour``,
``.integration_responses``; ``Method.method_responses``) but serves none on a data plane;
``complete_method`` reads them into the frozen snapshot, through ``field`` so that a moto
upgrade that renames one fails loudly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from awsrules.apigateway.integration_response import (
    IntegrationResponseConfig,
    MethodResponseConfig,
)
from emulator.apigateway.deployments import MethodSnapshot
from emulator.moto_bridge import field


def complete_method(snapshot: MethodSnapshot, method: object) -> MethodSnapshot:
    """``snapshot`` (moto's method read by ``apigateway._method_snapshot``) with its method
    responses and its integration's templates, passthrough and integration responses."""
    responses = field(method, "method_responses") or {}
    completed = replace(
        snapshot,
        method_responses=tuple(
            _method_response(code, response) for code, response in sorted(responses.items())
        ),
    )
    integration = field(method, "method_integration")
    if integration is None or completed.integration is None:
        return completed
    integration_responses = field(integration, "integration_responses") or {}
    return replace(
        completed,
        integration=replace(
            completed.integration,
            request_templates=_templates(field(integration, "request_templates")),
            passthrough_behavior=field(integration, "passthrough_behaviour") or None,
            responses=tuple(
                _integration_response(code, response)
                for code, response in sorted(integration_responses.items())
            ),
        ),
    )


def _templates(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (str(media_type), None if template is None else str(template))
        for media_type, template in (mapping or {}).items()
    )


def _integration_response(code: object, response: object) -> IntegrationResponseConfig:
    parameters = field(response, "response_parameters") or {}
    return IntegrationResponseConfig(
        status_code=str(field(response, "status_code") or code),
        selection_pattern=field(response, "selection_pattern") or None,
        response_parameters=tuple((str(k), str(v)) for k, v in parameters.items()),
        response_templates=_templates(field(response, "response_templates")),
        content_handling=field(response, "content_handling") or None,
    )


def _method_response(code: object, response: object) -> MethodResponseConfig:
    parameters = field(response, "response_parameters") or {}
    models = field(response, "response_models") or {}
    return MethodResponseConfig(
        status_code=str(field(response, "status_code") or code),
        response_parameters=tuple((str(k), _required(v)) for k, v in parameters.items()),
        response_models=tuple((str(k), str(v)) for k, v in models.items()),
    )


def _required(value: object) -> bool:
    """PutMethodResponse's flag: a boolean on the wire; moto keeps what it was given."""
    return value is True or str(value).lower() == "true"

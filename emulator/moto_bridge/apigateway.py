"""API Gateway in moto: the draft of a REST API, its stages, and the edits moto has no API for.

Reads return the emulator's frozen snapshots (emulator/apigateway/deployments.py); moto's
ApiGatewayException becomes the AWS-shaped AwsError it stands for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from moto.apigateway.exceptions import ApiGatewayException
from moto.apigateway.models import APIGatewayBackend, Method, RestAPI, apigateway_backends

from awsrules.apigateway.custom_gateway_responses import GatewayResponseConfig
from emulator.apigateway.deployments import (
    DEFAULT_AUTHORIZER_TTL_SECONDS,
    AuthorizerSnapshot,
    DeploymentSnapshot,
    IntegrationSnapshot,
    MethodSnapshot,
    ResourceSnapshot,
    default_identity_source,
)
from emulator.apigateway.method_patch import MethodContext
from emulator.errors import AwsError
from emulator.moto_bridge import ACCOUNT_ID, field, loaded_regions
from emulator.moto_bridge.apigateway_responses import complete_method

METHOD_FIELDS = frozenset(
    {
        "authorization_type",
        "authorizer_id",
        "authorization_scopes",
        "api_key_required",
        "operation_name",
        "request_validator_id",
        "request_parameters",
        "request_models",
    }
)
INTEGRATION_FIELDS = frozenset(
    {"uri", "http_method", "integration_type", "timeout_in_millis", "credentials"}
)


@contextmanager
def moto_errors() -> Iterator[None]:
    """moto's API Gateway exceptions as AWS-shaped errors."""
    try:
        yield
    except ApiGatewayException as err:
        raise AwsError(int(err.code), str(err.error_type), str(err.message)) from err


def _backend(region: str) -> APIGatewayBackend:
    return apigateway_backends[ACCOUNT_ID][region]


def _api(region: str, api_id: str) -> RestAPI:
    with moto_errors():
        return _backend(region).get_rest_api(api_id)


def _method(region: str, api_id: str, resource_id: str, http_method: str) -> Method:
    with moto_errors():
        return _backend(region).get_method(api_id, resource_id, http_method)


@dataclass(frozen=True)
class StageRecord:
    name: str
    deployment_id: str | None
    variables: dict[str, str]


@dataclass(frozen=True)
class RestApiRecord:
    id: str
    stages: dict[str, StageRecord]


def find_rest_api(api_id: str) -> tuple[str, RestApiRecord] | None:
    """Find a REST API by id in whichever region holds it: (region, api)."""
    for region, backend in loaded_regions(apigateway_backends):
        api = field(backend, "apis").get(api_id)
        if api is not None:
            stages = {
                name: StageRecord(
                    name=str(field(stage, "name")),
                    deployment_id=field(stage, "deployment_id") or None,
                    variables=dict(field(stage, "variables") or {}),
                )
                for name, stage in field(api, "stages").items()
            }
            return region, RestApiRecord(str(field(api, "id")), stages)
    return None


def draft_snapshot(region: str, api_id: str, deployment_id: str) -> DeploymentSnapshot:
    """Freeze the draft of an API as it is now (NotFoundException when there is no API)."""
    api = _api(region, api_id)
    resources = tuple(
        ResourceSnapshot(
            id=str(field(resource, "id")),
            path=str(resource.get_path()),
            methods=tuple(
                (verb, _method_snapshot(method))
                for verb, method in field(resource, "resource_methods").items()
            ),
        )
        for resource in field(api, "resources").values()
    )
    authorizers = tuple(
        (str(field(auth, "id") or ""), _authorizer_snapshot(auth))
        for auth in field(api, "authorizers").values()
    )
    return DeploymentSnapshot(
        str(field(api, "id")),
        deployment_id,
        region,
        resources,
        authorizers,
        gateway_responses=tuple(_gateway_responses(api).items()),
        binary_media_types=tuple(str(t) for t in field(api, "binaryMediaTypes") or ()),
    )


def _gateway_responses(api: RestAPI) -> dict[str, GatewayResponseConfig]:
    return {
        str(kind): GatewayResponseConfig(
            status_code=None if status is None else str(status),
            response_parameters=_pairs(field(response, "response_parameters")),
            response_templates=_pairs(field(response, "response_templates")),
        )
        for kind, response in field(api, "gateway_responses").items()
        for status in [field(response, "status_code")]
    }


def _pairs(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...] | None:
    return None if mapping is None else tuple((str(k), str(v)) for k, v in mapping.items())


def set_binary_media_types(region: str, api_id: str, media_types: list[str]) -> dict[str, Any]:
    """Store an API's ``binaryMediaTypes`` (moto 5.2.5's CreateRestApi drops them); its JSON."""
    api = _api(region, api_id)
    field(api, "binaryMediaTypes")
    api.binaryMediaTypes = list(media_types)
    return dict(api.to_dict())


def gateway_responses(region: str, api_id: str) -> dict[str, GatewayResponseConfig]:
    """The gateway responses put on the draft, by response type (NotFoundException: no API)."""
    return _gateway_responses(_api(region, api_id))


def authorizer_snapshot(region: str, api_id: str, authorizer_id: str) -> AuthorizerSnapshot:
    """One authorizer of the draft (NotFoundException when there is none)."""
    authorizer = field(_api(region, api_id), "authorizers").get(authorizer_id)
    if authorizer is None:
        raise AwsError(404, "NotFoundException", "Invalid Authorizer identifier specified")
    return _authorizer_snapshot(authorizer)


def authorizer_ids(region: str, api_id: str) -> frozenset[str]:
    return frozenset(field(_api(region, api_id), "authorizers"))


def method_context(region: str, api_id: str) -> MethodContext:
    """The authorizers, request validators and models a method of the API may name."""
    api = _api(region, api_id)
    return MethodContext(
        authorizers=frozenset(field(api, "authorizers")),
        request_validators=frozenset(field(api, "request_validators")),
        models=frozenset(field(api, "models")),
    )


def has_resource(region: str, api_id: str, resource_id: str) -> bool:
    """Whether the API exists in the region and has this resource."""
    api = field(_backend(region), "apis").get(api_id)
    return api is not None and resource_id in field(api, "resources")


def has_deployment(region: str, api_id: str, deployment_id: str) -> bool:
    """Whether the API exists in the region and has this deployment."""
    api = field(_backend(region), "apis").get(api_id)
    return api is not None and deployment_id in field(api, "deployments")


def stages_serving(region: str, api_id: str, deployment_id: str) -> tuple[str, ...]:
    """The names of the API's stages that point to the deployment."""
    stages = field(_api(region, api_id), "stages")
    return tuple(
        str(name)
        for name, stage in stages.items()
        if field(stage, "deployment_id") == deployment_id
    )


def delete_deployment(region: str, api_id: str, deployment_id: str) -> None:
    """Forget a deployment (the caller checked no stage serves it; moto's own check looks at
    the stage named at CreateDeployment only)."""
    field(_api(region, api_id), "deployments").pop(deployment_id, None)


AUTH_TYPES = {"COGNITO_USER_POOLS": "cognito_user_pools", "TOKEN": "custom", "REQUEST": "custom"}
"""The ``authType`` AWS reports for each authorizer type [recorded: AWS CLI examples of
create-authorizer (aws/aws-cli), public transcripts]."""


def complete_authorizer(
    region: str, api_id: str, authorizer_id: str, *, ttl_given: bool
) -> dict[str, Any]:
    """After moto's CreateAuthorizer: ``authType`` as AWS reports it, and no TTL unless one was
    given (moto stores 300; a Cognito authorizer reports none); the authorizer's JSON."""
    authorizer = field(_api(region, api_id), "authorizers").get(authorizer_id)
    if authorizer is None:
        raise AwsError(404, "NotFoundException", "Invalid Authorizer identifier specified")
    kind = str(field(authorizer, "type") or "")
    if not field(authorizer, "auth_type") and kind in AUTH_TYPES:
        authorizer.auth_type = AUTH_TYPES[kind]
    if not ttl_given or kind == "COGNITO_USER_POOLS":
        field(authorizer, "authorizer_result_ttl")
        authorizer.authorizer_result_ttl = None
    return dict(authorizer.to_json())


def _authorizer_snapshot(auth: object) -> AuthorizerSnapshot:
    ttl = field(auth, "authorizer_result_ttl")
    kind = str(field(auth, "type") or "")
    return AuthorizerSnapshot(
        id=str(field(auth, "id") or ""),
        name=str(field(auth, "name") or ""),
        type=kind,
        provider_arns=tuple(field(auth, "provider_arns") or ()),
        identity_source=str(field(auth, "identity_source") or default_identity_source(kind)),
        identity_validation_expression=field(auth, "identity_validation_expression"),
        authorizer_uri=field(auth, "authorizer_uri"),
        result_ttl_seconds=DEFAULT_AUTHORIZER_TTL_SECONDS if ttl is None else int(ttl),
        credentials=field(auth, "authorizer_credentials") or None,
    )


def _method_snapshot(method: object) -> MethodSnapshot:
    return complete_method(_method_basics(method), method)


def _method_basics(method: object) -> MethodSnapshot:
    integration = field(method, "method_integration")
    return MethodSnapshot(
        http_method=str(field(method, "http_method")),
        authorization_type=str(field(method, "authorization_type") or "NONE"),
        authorizer_id=field(method, "authorizer_id"),
        authorization_scopes=tuple(field(method, "authorization_scopes") or ()),
        integration=None
        if integration is None
        else IntegrationSnapshot(
            type=str(field(integration, "integration_type")),
            uri=field(integration, "uri"),
            http_method=field(integration, "http_method"),
            credentials=field(integration, "credentials") or None,
        ),
    )


def method_settings(region: str, api_id: str, resource_id: str, http_method: str) -> dict[str, Any]:
    """The editable fields of a method (METHOD_FIELDS), by moto's names."""
    method = _method(region, api_id, resource_id, http_method)
    return {name: field(method, name) for name in METHOD_FIELDS}


def update_method(
    region: str, api_id: str, resource_id: str, http_method: str, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Apply already validated changes to a method, all at once; its JSON."""
    method = _method(region, api_id, resource_id, http_method)
    _apply(method, changes, METHOD_FIELDS)
    return dict(method.to_json())


def integration_settings(
    region: str, api_id: str, resource_id: str, http_method: str
) -> dict[str, Any] | None:
    """The editable fields of a method's integration (INTEGRATION_FIELDS); None: no integration."""
    integration = field(_method(region, api_id, resource_id, http_method), "method_integration")
    if integration is None:
        return None
    return {name: field(integration, name) for name in INTEGRATION_FIELDS}


def integration_json(
    region: str, api_id: str, resource_id: str, http_method: str
) -> dict[str, Any] | None:
    """GetIntegration's answer, or None when the method has no integration."""
    integration = field(_method(region, api_id, resource_id, http_method), "method_integration")
    return None if integration is None else dict(integration.to_json())


def update_integration(
    region: str, api_id: str, resource_id: str, http_method: str, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Apply already validated changes to a method's integration, all at once; its JSON."""
    integration = field(_method(region, api_id, resource_id, http_method), "method_integration")
    if integration is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    _apply(integration, changes, INTEGRATION_FIELDS)
    return dict(integration.to_json())


def _apply(target: object, changes: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable through the bridge: {sorted(unknown)}")
    for name in changes:
        field(target, name)  # fail loudly before anything is changed
    for name, value in changes.items():
        setattr(target, name, value)


def set_identity_validation_expression(
    region: str, api_id: str, authorizer_id: str, expression: str | None
) -> dict[str, Any] | None:
    """Store an authorizer's ``identityValidationExpression``; its JSON, or None if absent.

    moto 5.2.5's CreateAuthorizer passes it as ``identiy_validation_expression`` (sic), which
    ``Authorizer.__init__`` never reads, so the value is lost; UpdateAuthorizer works.
    """
    backend_api = field(_backend(region), "apis").get(api_id)
    authorizer = field(backend_api, "authorizers").get(authorizer_id) if backend_api else None
    if authorizer is None:
        return None
    field(authorizer, "identity_validation_expression")
    authorizer.identity_validation_expression = expression
    return dict(authorizer.to_json())

"""Deployment snapshots: what a stage serves.

"A stage is a snapshot of the API" and "after performing any of the procedures below, you'll
need to deploy or redeploy your API to propagate the changes" (API Gateway Developer Guide,
how-to-deploy-api / updating-api). moto keeps only the draft, so at CreateDeployment the
emulator freezes the draft's routes, methods, integrations and authorizers here, and the data
plane reads nothing else.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from moto.apigateway.models import RestAPI


@dataclass(frozen=True)
class IntegrationSnapshot:
    type: str  # AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK
    uri: str | None
    http_method: str | None


@dataclass(frozen=True)
class MethodSnapshot:
    http_method: str
    authorization_type: str  # NONE, COGNITO_USER_POOLS, CUSTOM, AWS_IAM
    authorizer_id: str | None
    authorization_scopes: tuple[str, ...]
    integration: IntegrationSnapshot | None


@dataclass(frozen=True)
class ResourceSnapshot:
    id: str
    path: str  # "/users/{id}"
    methods: tuple[tuple[str, MethodSnapshot], ...]

    def method(self, http_method: str) -> MethodSnapshot | None:
        """The method for a verb, falling back to ANY as API Gateway does."""
        found = dict(self.methods)
        return found.get(http_method) or found.get("ANY")


@dataclass(frozen=True)
class AuthorizerSnapshot:
    id: str
    name: str
    type: str  # COGNITO_USER_POOLS, TOKEN, REQUEST
    provider_arns: tuple[str, ...]
    identity_source: str
    identity_validation_expression: str | None
    authorizer_uri: str | None
    result_ttl_seconds: int
    credentials: str | None = None  # a role for API Gateway to assume; None: resource policy


@dataclass(frozen=True)
class DeploymentSnapshot:
    api_id: str
    deployment_id: str
    region: str
    resources: tuple[ResourceSnapshot, ...]
    authorizers: tuple[tuple[str, AuthorizerSnapshot], ...]

    def authorizer(self, authorizer_id: str | None) -> AuthorizerSnapshot | None:
        return dict(self.authorizers).get(authorizer_id or "")


def snapshot_of(region: str, api: RestAPI, deployment_id: str) -> DeploymentSnapshot:
    """Freeze the draft of an API as it is now."""
    resources = tuple(
        ResourceSnapshot(
            id=resource.id,
            path=resource.get_path(),
            methods=tuple(
                (verb, _method_snapshot(method))
                for verb, method in resource.resource_methods.items()
            ),
        )
        for resource in api.resources.values()
    )
    authorizers = tuple(
        (auth.id or "", authorizer_snapshot(auth)) for auth in api.authorizers.values()
    )
    return DeploymentSnapshot(api.id, deployment_id, region, resources, authorizers)


def authorizer_snapshot(auth: object) -> AuthorizerSnapshot:
    """Freeze one moto Authorizer (also used by TestInvokeAuthorizer on the draft)."""
    ttl = getattr(auth, "authorizer_result_ttl", None)
    kind = str(getattr(auth, "type", ""))
    # REQUEST authorizers may have no identity source when caching is off [doc].
    default_source = "" if kind == "REQUEST" else "method.request.header.Authorization"
    return AuthorizerSnapshot(
        id=str(getattr(auth, "id", "")),
        name=str(getattr(auth, "name", "")),
        type=kind,
        provider_arns=tuple(getattr(auth, "provider_arns", None) or ()),
        identity_source=str(getattr(auth, "identity_source", None) or default_source),
        identity_validation_expression=getattr(auth, "identity_validation_expression", None),
        authorizer_uri=getattr(auth, "authorizer_uri", None),
        result_ttl_seconds=300 if ttl is None else int(ttl),
        credentials=getattr(auth, "authorizer_credentials", None) or None,
    )


def _method_snapshot(method: object) -> MethodSnapshot:
    integration = getattr(method, "method_integration", None)
    return MethodSnapshot(
        http_method=str(getattr(method, "http_method", "")),
        authorization_type=str(getattr(method, "authorization_type", None) or "NONE"),
        authorizer_id=getattr(method, "authorizer_id", None),
        authorization_scopes=tuple(getattr(method, "authorization_scopes", None) or ()),
        integration=None
        if integration is None
        else IntegrationSnapshot(
            type=str(integration.integration_type),
            uri=integration.uri,
            http_method=integration.http_method,
        ),
    )


def draft_snapshot(region: str, api: RestAPI) -> DeploymentSnapshot:
    """The draft as a snapshot, for TestInvokeMethod, which runs the undeployed API."""
    return snapshot_of(region, api, deployment_id="test-invoke-deployment-id")


class DeploymentStore:
    """Snapshots by (api id, deployment id); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[tuple[str, str], DeploymentSnapshot] = {}

    def put(self, snapshot: DeploymentSnapshot) -> None:
        with self._lock:
            self._snapshots[(snapshot.api_id, snapshot.deployment_id)] = snapshot

    def get(self, api_id: str, deployment_id: str) -> DeploymentSnapshot | None:
        with self._lock:
            return self._snapshots.get((api_id, deployment_id))

    def clear(self) -> None:
        with self._lock:
            self._snapshots.clear()

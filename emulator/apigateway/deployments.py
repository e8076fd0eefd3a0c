"""Deployment snapshots: what a stage serves.

"A stage is a snapshot of the API" and "after performing any of the procedures below, you'll
need to deploy or redeploy your API to propagate the changes" (API Gateway Developer Guide,
how-to-deploy-api / updating-api). moto keeps only the draft, so at CreateDeployment the
emulator freezes the draft's routes, methods, integrations, authorizers, gateway responses
and binary media types into a snapshot
(read by emulator/moto_bridge/apigateway.py) and the data plane reads nothing else. A
non-proxy integration's request templates, passthrough behaviour and integration responses,
and the method responses, are frozen with it (docs/aws-behaviour.md 22.10): a change to any
of them is served after the next deployment.

In eventual mode a new deployment is served only once it has propagated
(docs/aws-behaviour.md 21.1): each snapshot records when it becomes visible, and a stage
serves the deployment it points to once that is visible, else the newest visible deployment
made for that stage, else nothing (403 Missing Authentication Token).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from awsrules.apigateway.custom_gateway_responses import GatewayResponseConfig
from awsrules.apigateway.integration_response import (
    IntegrationResponseConfig,
    MethodResponseConfig,
)
from awsrules.apigateway.routing import RouteIndex, select_method


@dataclass(frozen=True)
class IntegrationSnapshot:
    type: str  # AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK
    uri: str | None
    http_method: str | None
    credentials: str | None = None
    """An IAM role API Gateway assumes to call the function; None: its resource policy."""
    request_templates: tuple[tuple[str, str | None], ...] = ()
    """media type → request mapping template (MOCK: the ``{"statusCode": 200}``), section 22."""
    passthrough_behavior: str | None = None
    """WHEN_NO_MATCH, WHEN_NO_TEMPLATES or NEVER (None: moto's and AWS's WHEN_NO_MATCH)."""
    responses: tuple[IntegrationResponseConfig, ...] = ()
    """The integration responses (PutIntegrationResponse), by status code order."""


@dataclass(frozen=True)
class MethodSnapshot:
    http_method: str
    authorization_type: str  # NONE, COGNITO_USER_POOLS, CUSTOM, AWS_IAM
    authorizer_id: str | None
    authorization_scopes: tuple[str, ...]
    integration: IntegrationSnapshot | None
    method_responses: tuple[MethodResponseConfig, ...] = ()
    """The method responses (PutMethodResponse): the statuses and headers it may answer."""

    def method_response(self, status_code: str) -> MethodResponseConfig | None:
        return next((r for r in self.method_responses if r.status_code == status_code), None)


@dataclass(frozen=True)
class ResourceSnapshot:
    id: str
    path: str  # "/users/{id}"
    methods: tuple[tuple[str, MethodSnapshot], ...]

    def method(self, http_method: str) -> MethodSnapshot | None:
        """The method for a verb, falling back to ANY as API Gateway does."""
        return select_method(dict(self.methods), http_method)


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
    gateway_responses: tuple[tuple[str, GatewayResponseConfig], ...] = ()
    """The gateway responses put on the API (PutGatewayResponse), by response type."""
    binary_media_types: tuple[str, ...] = ()

    def authorizer(self, authorizer_id: str | None) -> AuthorizerSnapshot | None:
        return dict(self.authorizers).get(authorizer_id or "")

    @cached_property
    def customized_responses(self) -> dict[str, GatewayResponseConfig]:
        return dict(self.gateway_responses)

    @cached_property
    def resources_by_path(self) -> dict[str, ResourceSnapshot]:
        return {resource.path: resource for resource in self.resources}

    @cached_property
    def routes(self) -> RouteIndex:
        """The resource paths as a tree, built once per snapshot (snapshots never change)."""
        return RouteIndex(self.resources_by_path)


DEFAULT_AUTHORIZER_TTL_SECONDS = 300
"""[doc] CreateAuthorizer ``authorizerResultTtlInSeconds``: "the default value is 300"."""


def default_identity_source(authorizer_type: str) -> str:
    """A REQUEST authorizer may have none when caching is off [doc: CreateAuthorizer];
    the others read the Authorization header by convention (console, SAM, CDK)."""
    return "" if authorizer_type == "REQUEST" else "method.request.header.Authorization"


TEST_INVOKE_DEPLOYMENT_ID = "test-invoke-deployment-id"


@dataclass(frozen=True)
class _Stored:
    snapshot: DeploymentSnapshot
    stage_name: str | None
    """The stage CreateDeployment deployed it to, if any."""
    visible_at: float | None
    """When the data plane starts serving it (monotonic clock); None: at once."""
    sequence: int

    def visible(self, now: float) -> bool:
        return self.visible_at is None or self.visible_at <= now


class DeploymentStore:
    """Snapshots by (api id, deployment id); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshots: dict[tuple[str, str], _Stored] = {}

    def put(
        self,
        snapshot: DeploymentSnapshot,
        *,
        stage_name: str | None = None,
        visible_at: float | None = None,
    ) -> None:
        with self._lock:
            key = (snapshot.api_id, snapshot.deployment_id)
            self._snapshots[key] = _Stored(
                snapshot, stage_name, visible_at, sequence=len(self._snapshots)
            )

    def get(self, api_id: str, deployment_id: str) -> DeploymentSnapshot | None:
        with self._lock:
            stored = self._snapshots.get((api_id, deployment_id))
            return stored.snapshot if stored else None

    def serving(
        self, api_id: str, stage_name: str, deployment_id: str, now: float
    ) -> DeploymentSnapshot | None:
        """What a stage pointing at ``deployment_id`` serves at ``now`` (monotonic clock):
        that deployment once it is visible, else the newest visible one made for the stage."""
        with self._lock:
            stored = self._snapshots.get((api_id, deployment_id))
            if stored is None or stored.visible(now):
                return stored.snapshot if stored else None
            earlier = [
                other
                for (api, _), other in self._snapshots.items()
                if api == api_id and other.stage_name == stage_name and other.visible(now)
            ]
            newest = max(earlier, key=lambda other: other.sequence, default=None)
            return newest.snapshot if newest else None

    def clear(self) -> None:
        with self._lock:
            self._snapshots.clear()

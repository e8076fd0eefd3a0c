"""What the data plane's steps pass along: one request to a stage, and what is known so far.

Each step (see ``__init__.py``) reads what the steps before it set and adds its part, or
raises ``GatewayError``, which the chain turns into API Gateway's own response in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from awsrules.apigateway.gateway_responses import GatewayResponse
from awsrules.apigateway.proxy_event import IncomingRequest
from awsrules.apigateway.proxy_response import HttpResponse
from emulator.apigateway.deployments import DeploymentSnapshot, MethodSnapshot, ResourceSnapshot


@dataclass(frozen=True)
class Stage:
    name: str
    deployment_id: str
    variables: dict[str, str]


@dataclass(frozen=True)
class RouteMatch:
    resource: ResourceSnapshot
    method: MethodSnapshot
    path_parameters: dict[str, str]


class GatewayError(Exception):
    """API Gateway answers itself (403, 401, 500, 502 ...): ``response`` goes to the client,
    ``reason`` and ``trail`` to the execution log."""

    def __init__(self, response: GatewayResponse, reason: str, trail: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.response = response
        self.reason = reason
        self.trail = trail


@dataclass
class Exchange:
    api_id: str
    stage_name: str
    request: IncomingRequest
    raw_path: str
    """The path after the stage as sent, still percent-encoded (routing decodes it once)."""
    request_id: str
    snapshot: DeploymentSnapshot | None = None
    stage: Stage | None = None
    route: RouteMatch | None = None
    authorizer_context: Mapping[str, Any] | None = None
    response: HttpResponse | None = None
    log: list[str] = field(default_factory=list)

    def deployed(self) -> tuple[DeploymentSnapshot, Stage]:
        """The snapshot and stage the stage step found (a step after it needs them)."""
        if self.snapshot is None or self.stage is None:
            raise RuntimeError("the stage step has not run")
        return self.snapshot, self.stage

    def routed(self) -> RouteMatch:
        if self.route is None:
            raise RuntimeError("the route step has not run")
        return self.route

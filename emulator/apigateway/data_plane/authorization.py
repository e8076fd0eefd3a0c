"""What an authorizer takes and returns; shared by the Cognito and Lambda authorizers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from awsrules import arns
from awsrules.apigateway import gateway_responses


@dataclass(frozen=True)
class AuthorizationScope:
    """Where a request landed: what a Lambda authorizer's event and method ARN are made of."""

    api_id: str
    stage: str
    region: str
    account_id: str
    http_method: str
    resource_path: str
    """The resource template, e.g. ``/users/{id}``."""
    request_path: str
    """The path as requested, after the stage, e.g. ``/users/42``."""
    path_parameters: Mapping[str, str] | None
    stage_variables: Mapping[str, str] | None
    request_id: str
    resource_id: str = ""
    deployment_id: str = ""
    arn_stage: str | None = None
    """The stage named in the method ARN when it differs (TestInvokeAuthorizer:
    ``ESTestInvoke-stage`` [recorded])."""
    test_invoke: bool = False
    """TestInvokeAuthorizer: no cache, and the policy is returned rather than enforced."""

    @property
    def method_arn(self) -> str:
        return arns.method_arn(
            self.region,
            self.account_id,
            self.api_id,
            self.arn_stage or self.stage,
            self.http_method,
            self.request_path,
        )

    def authorizer_source_arn(self, authorizer_id: str) -> str:
        return arns.authorizer_source_arn(self.region, self.account_id, self.api_id, authorizer_id)


@dataclass(frozen=True)
class Granted:
    context: Mapping[str, Any] | None  # requestContext.authorizer, None when no authorizer ran
    claims: dict[str, Any] | None = None  # the raw claims, for TestInvokeAuthorizer
    principal_id: str | None = None  # Lambda authorizers, for TestInvokeAuthorizer
    policy: dict[str, Any] | None = None
    trail: tuple[str, ...] = ()  # execution-log lines


@dataclass(frozen=True)
class Refused:
    response: gateway_responses.GatewayResponse
    reason: str
    trail: tuple[str, ...] = ()

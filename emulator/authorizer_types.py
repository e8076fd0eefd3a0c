"""What the authorizer step takes and returns; shared by the Cognito and Lambda steps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from emulator.apigw import gateway_responses
from emulator.apigw.authorizer_policy import method_arn
from emulator.authorizer_cache import AuthorizerCache

JwksForPool = Callable[[str], Mapping[str, Any] | None]


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
        return method_arn(
            self.region,
            self.account_id,
            self.api_id,
            self.arn_stage or self.stage,
            self.http_method,
            self.request_path,
        )


def authorizer_source_arn(scope: AuthorizationScope, authorizer_id: str) -> str:
    """The source ARN API Gateway presents when it invokes an authorizer function.

    [recorded] ``X-Amz-Source-Arn=arn:aws:execute-api:{region}:{account}:{api}/authorizers/
    {authorizerId}`` in AWS test-invoke logs (2017, 2019) quoted in public repositories.
    """
    return (
        f"arn:aws:execute-api:{scope.region}:{scope.account_id}:{scope.api_id}"
        f"/authorizers/{authorizer_id}"
    )


@dataclass(frozen=True)
class FunctionCall:
    """An authorizer function ran (successfully or not)."""

    payload: bytes
    function_error: str | None
    latency_ms: int


@dataclass(frozen=True)
class CallFailed:
    """The function could not be called (bad URI, not found, no permission)."""

    reason: str


class AuthorizerFunctions(Protocol):
    """Invokes an authorizer's Lambda function by its authorizer URI."""

    def call(
        self,
        authorizer_uri: str,
        stage_variables: Mapping[str, str] | None,
        source_arn: str,
        check_permission: bool,
        payload: bytes,
    ) -> FunctionCall | CallFailed: ...


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


@dataclass(frozen=True)
class AuthorizerEnv:
    jwks_for_pool: JwksForPool
    now: Callable[[], float]
    functions: AuthorizerFunctions | None = None
    cache: AuthorizerCache = field(default_factory=AuthorizerCache)

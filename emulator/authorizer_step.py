"""The authorizer step of the data plane: runs before the integration, after routing.

One function per authorizer type takes the request, the deployed method and its deployed
authorizer, and returns `Granted` (with what goes into `requestContext.authorizer`) or
`Refused` (with the gateway response). Lambda authorizers (TOKEN, REQUEST) plug in here as
another entry of `_STEPS` without reshaping the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.apigw import gateway_responses
from emulator.apigw.cognito_authorizer import (
    Allow,
    CognitoAuthorizerConfig,
    authorize_cognito,
    render_claims,
)
from emulator.apigw.proxy_event import IncomingRequest
from emulator.deployments import AuthorizerSnapshot, MethodSnapshot

JwksForPool = Callable[[str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Granted:
    context: dict[str, Any] | None  # requestContext.authorizer, None when no authorizer ran
    claims: dict[str, Any] | None = None  # the raw claims, for TestInvokeAuthorizer


@dataclass(frozen=True)
class Refused:
    response: gateway_responses.GatewayResponse
    reason: str


@dataclass(frozen=True)
class AuthorizerEnv:
    jwks_for_pool: JwksForPool
    now: Callable[[], float]


def run_authorizer(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot | None,
    env: AuthorizerEnv,
) -> Granted | Refused:
    """Authorize a request for a deployed method."""
    if method.authorization_type == "NONE":
        return Granted(context=None)
    if method.authorization_type == "AWS_IAM":
        # The emulator does not verify SigV4 on the data plane; an unsigned call to an
        # AWS_IAM method gets what AWS answers it: 403 Missing Authentication Token.
        return Refused(gateway_responses.missing_authentication_token(), "AWS_IAM is not verified")
    if authorizer is None:
        return Refused(
            gateway_responses.authorizer_configuration_error(),
            f"authorizer {method.authorizer_id!r} is not in the deployment",
        )
    step = _STEPS.get(authorizer.type)
    if step is None:
        return Refused(
            gateway_responses.authorizer_configuration_error(),
            f"authorizer type {authorizer.type} is not supported by the emulator yet",
        )
    return step(request, method, authorizer, env)


def _cognito_step(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot,
    env: AuthorizerEnv,
) -> Granted | Refused:
    config = CognitoAuthorizerConfig(
        provider_arns=authorizer.provider_arns,
        identity_source=authorizer.identity_source,
        identity_validation_expression=authorizer.identity_validation_expression,
    )
    outcome = authorize_cognito(
        _last_values(request.headers),
        config,
        method.authorization_scopes,
        jwks_for_pool=env.jwks_for_pool,
        now=env.now(),
    )
    if isinstance(outcome, Allow):
        return Granted(context={"claims": render_claims(outcome.claims)}, claims=outcome.claims)
    return Refused(outcome.response, outcome.reason)


def _last_values(headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {name: value for name, value in headers}


_STEPS: dict[
    str,
    Callable[
        [IncomingRequest, MethodSnapshot, AuthorizerSnapshot, AuthorizerEnv], Granted | Refused
    ],
] = {"COGNITO_USER_POOLS": _cognito_step}

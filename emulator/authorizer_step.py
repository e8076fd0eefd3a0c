"""The authorizer step of the data plane: runs before the integration, after routing.

One function per authorizer type takes the request, the deployed method, its deployed
authorizer and where the request landed (`AuthorizationScope`), and returns `Granted` (with
what goes into `requestContext.authorizer`) or `Refused` (with the gateway response):
COGNITO_USER_POOLS here, TOKEN and REQUEST in `emulator.lambda_authorizer`.
"""

from __future__ import annotations

from collections.abc import Callable

from emulator.apigw import gateway_responses
from emulator.apigw.cognito_authorizer import (
    Allow,
    CognitoAuthorizerConfig,
    authorize_cognito,
    render_claims,
)
from emulator.apigw.proxy_event import IncomingRequest
from emulator.authorizer_types import (
    AuthorizationScope,
    AuthorizerEnv,
    Granted,
    Refused,
)
from emulator.deployments import AuthorizerSnapshot, MethodSnapshot
from emulator.lambda_authorizer import lambda_step

__all__ = ["AuthorizationScope", "AuthorizerEnv", "Granted", "Refused", "run_authorizer"]


def run_authorizer(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot | None,
    scope: AuthorizationScope,
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
    return step(request, method, authorizer, scope, env)


def _cognito_step(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot,
    scope: AuthorizationScope,
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


Step = Callable[
    [IncomingRequest, MethodSnapshot, AuthorizerSnapshot, AuthorizationScope, AuthorizerEnv],
    Granted | Refused,
]
_STEPS: dict[str, Step] = {
    "COGNITO_USER_POOLS": _cognito_step,
    "TOKEN": lambda_step,
    "REQUEST": lambda_step,
}

"""Step 3, authorize: the method's authorizer decides, before the integration runs.

``NONE`` lets everyone in; ``COGNITO_USER_POOLS`` checks the token (cognito_authorizer.py);
``CUSTOM`` calls a TOKEN or REQUEST Lambda authorizer (lambda_authorizer.py). A refusal is
API Gateway's own 401/403/500 (docs/aws-behaviour.md sections 1, 2, 10 and 11).
"""

from __future__ import annotations

from collections.abc import Callable

from awsrules.apigateway import gateway_responses
from awsrules.apigateway.proxy_event import IncomingRequest
from emulator.apigateway.data_plane.authorization import AuthorizationScope, Granted, Refused
from emulator.apigateway.data_plane.cognito_authorizer import cognito_authorizer
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError
from emulator.apigateway.data_plane.lambda_authorizer import lambda_authorizer
from emulator.apigateway.deployments import AuthorizerSnapshot, MethodSnapshot
from emulator.moto_bridge import ACCOUNT_ID

Authorizer = Callable[
    [IncomingRequest, MethodSnapshot, AuthorizerSnapshot, AuthorizationScope, DataPlaneEnv],
    Granted | Refused,
]
AUTHORIZERS: dict[str, Authorizer] = {
    "COGNITO_USER_POOLS": cognito_authorizer,
    "TOKEN": lambda_authorizer,
    "REQUEST": lambda_authorizer,
}
"""Authorizer type (CreateAuthorizer ``type``) → how it decides."""


def authorize(exchange: Exchange, env: DataPlaneEnv) -> None:
    snapshot, stage = exchange.deployed()
    route = exchange.routed()
    scope = AuthorizationScope(
        api_id=snapshot.api_id,
        stage=stage.name,
        region=snapshot.region,
        account_id=ACCOUNT_ID,
        http_method=exchange.request.method,
        resource_path=route.resource.path,
        request_path=exchange.request.path,
        path_parameters=route.path_parameters or None,
        stage_variables=stage.variables or None,
        request_id=exchange.request_id,
        resource_id=route.resource.id,
        deployment_id=snapshot.deployment_id,
    )
    outcome = run_authorizer(
        exchange.request,
        route.method,
        snapshot.authorizer(route.method.authorizer_id),
        scope,
        env,
    )
    if not isinstance(outcome, Granted):
        raise GatewayError(outcome.response, outcome.reason, outcome.trail)
    exchange.authorizer_context = outcome.context


def run_authorizer(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot | None,
    scope: AuthorizationScope,
    env: DataPlaneEnv,
) -> Granted | Refused:
    """Authorize a request for a method (also TestInvokeAuthorizer's, on the draft)."""
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
    decide = AUTHORIZERS.get(authorizer.type)
    if decide is None:
        return Refused(
            gateway_responses.authorizer_configuration_error(),
            f"authorizer type {authorizer.type} is not supported by the emulator yet",
        )
    return decide(request, method, authorizer, scope, env)

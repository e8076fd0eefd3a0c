"""A ``COGNITO_USER_POOLS`` authorizer: the token checks of awsrules, on the emulator's keys
and clock (docs/aws-behaviour.md sections 1 and 6)."""

from __future__ import annotations

from awsrules.apigateway.cognito_authorizer import (
    Allow,
    CognitoAuthorizerConfig,
    authorize_cognito,
    render_claims,
)
from awsrules.apigateway.proxy_event import IncomingRequest
from emulator.apigateway.data_plane.authorization import AuthorizationScope, Granted, Refused
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.deployments import AuthorizerSnapshot, MethodSnapshot


def cognito_authorizer(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot,
    scope: AuthorizationScope,
    env: DataPlaneEnv,
) -> Granted | Refused:
    config = CognitoAuthorizerConfig(
        provider_arns=authorizer.provider_arns,
        identity_source=authorizer.identity_source,
        identity_validation_expression=authorizer.identity_validation_expression,
    )
    outcome = authorize_cognito(
        {name: value for name, value in request.headers},
        config,
        method.authorization_scopes,
        jwks_for_pool=env.jwks_for_pool,
        now=env.now(),
        verify_signature=env.verified_tokens.verify,
    )
    if isinstance(outcome, Allow):
        return Granted(context={"claims": render_claims(outcome.claims)}, claims=outcome.claims)
    return Refused(outcome.response, outcome.reason)

"""Gateway responses: what API Gateway answers when it refuses or fails a request itself.

The default gateway response body template is ``{"message":$context.error.messageString}``,
so 4xx bodies have no space after the colon. Integration failures (5xx from a Lambda proxy
integration) come with a space: ``{"message": "Internal server error"}``. Both forms are
recorded from real AWS in LocalStack's ``tests/aws/services/apigateway/*.snapshot.json``
(``test_apigateway_common``, ``test_apigateway_lambda``) and in curl transcripts; see
``docs/aws-behaviour.md`` section 2.

Every gateway response has ``Content-Type: application/json`` and an ``x-amzn-ErrorType``
header naming the error; the caller adds ``x-amzn-RequestId``.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTENT_TYPE = "application/json"
"""Content type of every default gateway response [doc: "Gateway responses in API Gateway"]."""


@dataclass(frozen=True)
class GatewayResponse:
    """A response API Gateway produces without reaching the integration."""

    status: int
    body: bytes
    error_type: str
    """Value of the ``x-amzn-ErrorType`` response header."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers, if any, beyond Content-Type and x-amzn-ErrorType."""

    def all_headers(self) -> tuple[tuple[str, str], ...]:
        """Content-Type, x-amzn-ErrorType, then the extra headers, in that order."""
        return (
            ("Content-Type", CONTENT_TYPE),
            ("x-amzn-ErrorType", self.error_type),
            *self.headers,
        )


def unauthorized() -> GatewayResponse:
    """401 for a missing, unreadable, unverifiable or unsuitable token (UNAUTHORIZED).

    [recorded] ``{"message":"Unauthorized"}`` with ``x-amzn-ErrorType: UnauthorizedException``
    (LocalStack ``test_apigateway_common`` snapshots; Knowledge Center
    "api-gateway-cognito-401-unauthorized").
    """
    return GatewayResponse(401, b'{"message":"Unauthorized"}', "UnauthorizedException")


def expired_token() -> GatewayResponse:
    """401 for a Cognito token whose ``exp`` has passed (EXPIRED_TOKEN message).

    [recorded] body ``{"message":"The incoming token has expired"}`` (curl transcripts in
    public repos, e.g. blake-kruppa CognitoService README). The error type is
    ``UnauthorizedException`` [inferred: same gateway response family as UNAUTHORIZED].
    """
    return GatewayResponse(
        401, b'{"message":"The incoming token has expired"}', "UnauthorizedException"
    )


def missing_authentication_token() -> GatewayResponse:
    """403 for a path or method that is not in the deployed stage (MISSING_AUTHENTICATION_TOKEN).

    [recorded] ``{"message":"Missing Authentication Token"}`` with
    ``x-amzn-ErrorType: MissingAuthenticationTokenException`` (LocalStack
    ``test_apigateway_common`` snapshots).
    """
    return GatewayResponse(
        403, b'{"message":"Missing Authentication Token"}', "MissingAuthenticationTokenException"
    )


def bad_lambda_response() -> GatewayResponse:
    """502 when the Lambda proxy result is malformed, or the function raised or timed out.

    [recorded] ``{"message": "Internal server error"}`` (note the space) with
    ``InternalServerErrorException`` (LocalStack ``test_lambda_aws_proxy_response_format``:
    ``response.json() == {"message": "Internal server error"}`` with status 502). Execution log:
    "Execution failed due to configuration error: Malformed Lambda proxy response" [doc].
    """
    return GatewayResponse(
        502, b'{"message": "Internal server error"}', "InternalServerErrorException"
    )


def lambda_permission_denied() -> GatewayResponse:
    """500 when API Gateway may not invoke the function (no matching resource policy).

    Same body as :func:`bad_lambda_response`; status 500 [inferred: LocalStack maps a Lambda
    ``AccessDeniedException`` to 500]. Execution log: "Execution failed due to configuration
    error: Invalid permissions on Lambda function" [doc].
    """
    return GatewayResponse(
        500, b'{"message": "Internal server error"}', "InternalServerErrorException"
    )


def explicit_deny() -> GatewayResponse:
    """403 when a Lambda authorizer policy explicitly denies the method (ACCESS_DENIED).

    [recorded] ``{"Message":"User is not authorized to access this resource with an explicit
    deny"}`` (capital ``M``), ``x-amzn-ErrorType: AccessDeniedException``.
    """
    return GatewayResponse(
        403,
        b'{"Message":"User is not authorized to access this resource with an explicit deny"}',
        "AccessDeniedException",
    )


def access_denied() -> GatewayResponse:
    """403 when a Lambda authorizer policy does not allow the method (ACCESS_DENIED).

    [recorded] ``{"Message":"User is not authorized to access this resource"}`` (capital ``M``),
    ``x-amzn-ErrorType: AccessDeniedException``.
    """
    return GatewayResponse(
        403,
        b'{"Message":"User is not authorized to access this resource"}',
        "AccessDeniedException",
    )


def authorizer_configuration_error() -> GatewayResponse:
    """500 when a Lambda authorizer fails or returns an unusable result.

    Gateway response type AUTHORIZER_CONFIGURATION_ERROR.

    [recorded] ``{"message":null}`` with ``x-amzn-ErrorType: AuthorizerConfigurationException``
    (L. Mammino, "Debugging custom ApiGateway authorizers", 2023: "a mysterious 500 error with
    a {"message":null} body"; error type seen in curl transcripts).
    """
    return GatewayResponse(500, b'{"message":null}', "AuthorizerConfigurationException")

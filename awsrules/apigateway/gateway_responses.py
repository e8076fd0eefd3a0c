"""Gateway responses: what API Gateway answers when it refuses or fails a request itself.

The default gateway response body template is ``{"message":$context.error.messageString}``,
so 4xx bodies have no space after the colon. Integration failures (5xx from a Lambda proxy
integration) come with a space: ``{"message": "Internal server error"}``. Both forms are
recorded from real AWS in LocalStack's ``tests/aws/services/apigateway/*.snapshot.json``
(``test_apigateway_common``, ``test_apigateway_lambda``) and in curl transcripts; see
``docs/aws-behaviour.md`` section 2.

Every gateway response has ``Content-Type: application/json`` and an ``x-amzn-ErrorType``
header naming the error; the caller adds ``x-amzn-RequestId``. Each one belongs to a gateway
response type (``UNAUTHORIZED``, ``ACCESS_DENIED`` ...), which an API can customise with
PutGatewayResponse (awsrules/apigateway/custom_gateway_responses.py, docs/aws-behaviour.md
2.13-2.16).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONTENT_TYPE = "application/json"
"""Content type of every default gateway response [doc: "Gateway responses in API Gateway"]."""

DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'
"""The body template of every default gateway response [recorded: LocalStack
``test_gateway_response_put``, GetGatewayResponses; doc: GetGatewayResponses example]."""

RESPONSE_TYPES: dict[str, str | None] = {
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_BODY": "400",
    "BAD_REQUEST_PARAMETERS": "400",
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}
"""Every gateway response type and its default status code (``None``: DEFAULT_4XX and
DEFAULT_5XX have none) [doc: "Gateway response types for API Gateway"; recorded: LocalStack
GetGatewayResponses snapshot, 2024]."""


@dataclass(frozen=True)
class GatewayResponse:
    """A response API Gateway produces without reaching the integration."""

    status: int
    body: bytes
    error_type: str
    """Value of the ``x-amzn-ErrorType`` response header."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra headers, if any, beyond Content-Type and x-amzn-ErrorType."""
    response_type: str = field(default="DEFAULT_4XX", compare=False)
    """The gateway response type (``RESPONSE_TYPES``) an API may customise it through."""
    message: str | None = field(default=None, compare=False)
    """``$context.error.message`` for a customised body (``None`` renders as ``null``)."""
    content_type: str = CONTENT_TYPE

    def all_headers(self) -> tuple[tuple[str, str], ...]:
        """Content-Type, x-amzn-ErrorType, then the extra headers, in that order."""
        return (
            ("Content-Type", self.content_type),
            ("x-amzn-ErrorType", self.error_type),
            *self.headers,
        )


def unauthorized() -> GatewayResponse:
    """401 for a missing, unreadable, unverifiable or unsuitable token (UNAUTHORIZED).

    [recorded] ``{"message":"Unauthorized"}`` with ``x-amzn-ErrorType: UnauthorizedException``
    (LocalStack ``test_apigateway_common`` snapshots; Knowledge Center
    "api-gateway-cognito-401-unauthorized").
    """
    return GatewayResponse(
        401,
        b'{"message":"Unauthorized"}',
        "UnauthorizedException",
        response_type="UNAUTHORIZED",
        message="Unauthorized",
    )


def expired_token() -> GatewayResponse:
    """401 for a Cognito token whose ``exp`` has passed (EXPIRED_TOKEN message).

    [recorded] body ``{"message":"The incoming token has expired"}`` (curl transcripts in
    public repos, e.g. blake-kruppa CognitoService README). The error type is
    ``UnauthorizedException`` [inferred: same gateway response family as UNAUTHORIZED]; so is
    the type it is customised through, UNAUTHORIZED (EXPIRED_TOKEN is about expired AWS
    credentials, 403) [inferred, docs/aws-behaviour.md 2.2].
    """
    return GatewayResponse(
        401,
        b'{"message":"The incoming token has expired"}',
        "UnauthorizedException",
        response_type="UNAUTHORIZED",
        message="The incoming token has expired",
    )


def missing_authentication_token() -> GatewayResponse:
    """403 for a path or method that is not in the deployed stage (MISSING_AUTHENTICATION_TOKEN).

    [recorded] ``{"message":"Missing Authentication Token"}`` with
    ``x-amzn-ErrorType: MissingAuthenticationTokenException`` (LocalStack
    ``test_apigateway_common`` snapshots).
    """
    return GatewayResponse(
        403,
        b'{"message":"Missing Authentication Token"}',
        "MissingAuthenticationTokenException",
        response_type="MISSING_AUTHENTICATION_TOKEN",
        message="Missing Authentication Token",
    )


def bad_lambda_response() -> GatewayResponse:
    """502 when the Lambda proxy result is malformed, or the function raised or timed out.

    [recorded] ``{"message": "Internal server error"}`` (note the space) with
    ``InternalServerErrorException`` (LocalStack ``test_lambda_aws_proxy_response_format``:
    ``response.json() == {"message": "Internal server error"}`` with status 502). Execution log:
    "Execution failed due to configuration error: Malformed Lambda proxy response" [doc].
    Customised through DEFAULT_5XX [inferred: AWS names no more specific type for it].
    """
    return GatewayResponse(
        502,
        b'{"message": "Internal server error"}',
        "InternalServerErrorException",
        response_type="DEFAULT_5XX",
        message="Internal server error",
    )


def lambda_permission_denied() -> GatewayResponse:
    """500 when API Gateway may not invoke the function (no matching resource policy).

    Same body as :func:`bad_lambda_response`; status 500 [inferred: LocalStack maps a Lambda
    ``AccessDeniedException`` to 500]. Execution log: "Execution failed due to configuration
    error: Invalid permissions on Lambda function" [doc]. Customised through
    INTEGRATION_FAILURE, whose status applies only when the API sets one (LocalStack's
    recording: the type's documented 504 is not used) [recorded, docs/aws-behaviour.md 2.15].
    """
    return integration_failure()


def integration_failure() -> GatewayResponse:
    """500 when the integration cannot be called at all: no permission, no such function, an
    AWS_PROXY integration whose ``integrationHttpMethod`` is not POST (docs/aws-behaviour.md
    2.5, 5.10), or an integration type the emulator does not serve.

    [recorded] LocalStack ``test_lambda_aws_proxy_integration_non_post_method``: status 500,
    ``{"message": "Internal server error"}``, although the type's default status is 504.
    """
    return GatewayResponse(
        500,
        b'{"message": "Internal server error"}',
        "InternalServerErrorException",
        response_type="INTEGRATION_FAILURE",
        message="Internal server error",
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
        response_type="ACCESS_DENIED",
        message="User is not authorized to access this resource with an explicit deny",
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
        response_type="ACCESS_DENIED",
        message="User is not authorized to access this resource",
    )


def authorizer_configuration_error() -> GatewayResponse:
    """500 when a Lambda authorizer fails or returns an unusable result.

    Gateway response type AUTHORIZER_CONFIGURATION_ERROR.

    [recorded] ``{"message":null}`` with ``x-amzn-ErrorType: AuthorizerConfigurationException``
    (L. Mammino, "Debugging custom ApiGateway authorizers", 2023: "a mysterious 500 error with
    a {"message":null} body"; error type seen in curl transcripts).
    """
    return GatewayResponse(
        500,
        b'{"message":null}',
        "AuthorizerConfigurationException",
        response_type="AUTHORIZER_CONFIGURATION_ERROR",
        message=None,
    )


def api_configuration_error() -> GatewayResponse:
    """500 when a non-proxy integration's configuration cannot answer: a MOCK without an
    integer ``statusCode``, no integration response for the status, an integration response
    without its method response (docs/aws-behaviour.md 22.3-22.5); the emulator's answer for a
    mapping template it cannot evaluate too (22.8).

    ``{"message": "Internal server error"}`` as for the other integration failures (2.5)
    [recorded: LocalStack's AWS-validated MOCK and integration-response handlers answer
    "Internal server error" with status 500; inferred: the body's space and the error type].
    Customised through API_CONFIGURATION_ERROR [inferred: its documented status is 500].
    """
    return GatewayResponse(
        500,
        b'{"message": "Internal server error"}',
        "InternalServerErrorException",
        response_type="API_CONFIGURATION_ERROR",
        message="Internal server error",
    )


def unsupported_media_type() -> GatewayResponse:
    """415 when the passthrough behaviour refuses a request's content type (22.2).

    [doc] "The request is rejected with an HTTP 415 Unsupported Media Type response" ("Method
    request behavior for payloads without mapping templates"); type UNSUPPORTED_MEDIA_TYPE,
    default status 415 (*Gateway response types*). [inferred] the body from the default
    template and the error type ``UnsupportedMediaTypeException``.
    """
    return GatewayResponse(
        415,
        b'{"message":"Unsupported Media Type"}',
        "UnsupportedMediaTypeException",
        response_type="UNSUPPORTED_MEDIA_TYPE",
        message="Unsupported Media Type",
    )

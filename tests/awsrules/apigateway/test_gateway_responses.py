"""Gateway responses: exact status, body and x-amzn-ErrorType (docs/aws-behaviour.md section 2)."""

from __future__ import annotations

from awsrules.apigateway.gateway_responses import (
    GatewayResponse,
    access_denied,
    authorizer_configuration_error,
    bad_lambda_response,
    expired_token,
    explicit_deny,
    lambda_permission_denied,
    missing_authentication_token,
    unauthorized,
)


def test_unauthorized_is_401_message_unauthorized_without_space() -> None:
    assert unauthorized() == GatewayResponse(
        401, b'{"message":"Unauthorized"}', "UnauthorizedException"
    )


def test_expired_token_is_401_incoming_token_has_expired() -> None:
    assert expired_token() == GatewayResponse(
        401, b'{"message":"The incoming token has expired"}', "UnauthorizedException"
    )


def test_missing_route_returns_403_missing_authentication_token() -> None:
    assert missing_authentication_token() == GatewayResponse(
        403, b'{"message":"Missing Authentication Token"}', "MissingAuthenticationTokenException"
    )


def test_malformed_lambda_response_returns_502_internal_server_error_with_space() -> None:
    assert bad_lambda_response() == GatewayResponse(
        502, b'{"message": "Internal server error"}', "InternalServerErrorException"
    )


def test_lambda_permission_denied_returns_500_internal_server_error_with_space() -> None:
    assert lambda_permission_denied() == GatewayResponse(
        500, b'{"message": "Internal server error"}', "InternalServerErrorException"
    )


def test_explicit_deny_returns_403_capitalised_message() -> None:
    assert explicit_deny() == GatewayResponse(
        403,
        b'{"Message":"User is not authorized to access this resource with an explicit deny"}',
        "AccessDeniedException",
    )


def test_access_denied_returns_403_capitalised_message() -> None:
    assert access_denied() == GatewayResponse(
        403,
        b'{"Message":"User is not authorized to access this resource"}',
        "AccessDeniedException",
    )


def test_authorizer_configuration_error_returns_500_message_null() -> None:
    assert authorizer_configuration_error() == GatewayResponse(
        500, b'{"message":null}', "AuthorizerConfigurationException"
    )


def test_all_headers_start_with_json_content_type_and_error_type() -> None:
    assert unauthorized().all_headers() == (
        ("Content-Type", "application/json"),
        ("x-amzn-ErrorType", "UnauthorizedException"),
    )


def test_all_headers_append_extra_headers() -> None:
    response = GatewayResponse(401, b"{}", "UnauthorizedException", (("WWW-Authenticate", "x"),))
    assert response.all_headers()[-1] == ("WWW-Authenticate", "x")

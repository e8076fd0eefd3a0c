"""What a Lambda authorizer receives (emulator/apigw/authorizer_input.py).

[input doc] API Gateway Developer Guide, api-gateway-lambda-authorizer-input;
[identitySource doc] CreateAuthorizer API reference, identitySource;
[KC 401] Knowledge Center "api-gateway-401-error-lambda-authorizer";
[recorded AWS log] execution logs mask identities as stars plus the last 6 characters.
"""

from __future__ import annotations

from typing import Any

import pytest

from awsrules.apigateway.lambda_authorizer_event import (
    identity_sources,
    identity_value,
    masked,
    missing_sources,
    request_event,
    token_event,
    token_matches,
)
from awsrules.apigateway.proxy_event import IncomingRequest, StageContext, build_proxy_event

ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/users/42"


def _proxy_event(headers: tuple[tuple[str, str], ...] = (), query: str = "") -> dict[str, Any]:
    return build_proxy_event(
        IncomingRequest("GET", "/users/42", query, headers, b"body", "10.0.0.1"),
        StageContext("abc123", "dev", "dep1", "res1", "/users/{id}", "123456789012", "us-east-1"),
        {"id": "42"},
        {"tenant": "acme"},
        None,
        request_id="req-1",
        extended_request_id="ext=",
        now=1784692372.0,
    )


def test_token_event_has_type_token_and_method_arn_input_doc() -> None:
    assert token_event("abc", ARN) == {
        "type": "TOKEN",
        "authorizationToken": "abc",
        "methodArn": ARN,
    }


def test_request_event_keys_in_documented_order_without_body_input_doc() -> None:
    event = request_event(_proxy_event(), ARN)
    assert list(event) == [
        "type",
        "methodArn",
        "resource",
        "path",
        "httpMethod",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "requestContext",
    ]


def test_request_event_carries_path_parameters_and_stage_variables_input_doc() -> None:
    event = request_event(_proxy_event(), ARN)
    assert (event["pathParameters"], event["stageVariables"], event["resource"]) == (
        {"id": "42"},
        {"tenant": "acme"},
        "/users/{id}",
    )


def test_identity_sources_are_comma_separated_identitysource_doc() -> None:
    assert identity_sources("method.request.header.Auth, method.request.querystring.Name") == (
        "method.request.header.Auth",
        "method.request.querystring.Name",
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("method.request.header.x-token", "t1"),
        ("method.request.header.X-TOKEN", "t1"),
        ("method.request.multivalueheader.X-Token", "t1"),
        ("method.request.querystring.user", "bob"),
        ("method.request.multivaluequerystring.user", "ann,bob"),
        ("stageVariables.tenant", "acme"),
        ("context.identity.sourceIp", "10.0.0.1"),
        ("context.httpMethod", "GET"),
        ("method.request.header.Missing", None),
        ("method.request.querystring.missing", None),
        ("stageVariables.missing", None),
        ("context.identity", None),
        ("context.nope.deeper", None),
        ("something.else", None),
    ],
)
def test_identity_value_reads_headers_queries_stage_variables_context_identitysource_doc(
    source: str, expected: str | None
) -> None:
    event = request_event(_proxy_event((("X-Token", "t1"),), "user=ann&user=bob"), ARN)
    assert identity_value(source, event) == expected


def test_missing_sources_lists_absent_and_empty_values_identitysource_doc() -> None:
    sources = ("a", "b", "c")
    assert missing_sources(sources, ("x", None, "")) == ["b", "c"]


def test_token_matching_the_expression_passes_kc_401() -> None:
    assert token_matches("allow", "^[a-z]+$")


def test_token_must_match_the_whole_expression_kc_401() -> None:
    assert not token_matches("allow!", "[a-z]+")


def test_invalid_expression_matches_nothing_kc_401() -> None:
    assert not token_matches("allow", "(")


def test_no_expression_accepts_any_token_kc_401() -> None:
    assert token_matches("anything at all", None)


def test_masked_identity_shows_the_last_six_characters_recorded_aws_log() -> None:
    assert masked("aaaaaaaaaaaaaa") == "********aaaaaa"

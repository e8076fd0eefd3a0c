"""Lambda proxy integration event, payload format 1.0: docs/aws-behaviour.md section 3."""

from __future__ import annotations

import base64
import json
from typing import Any

from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel

from awsrules.apigateway.cognito_authorizer import render_claims
from awsrules.apigateway.proxy_event import (
    IncomingRequest,
    StageContext,
    build_proxy_event,
    request_time,
    trace_id,
    with_forwarding_headers,
)

from .cognito_tokens import id_token_claims

STAGE = StageContext(
    api_id="a1b2c3d4e5",
    stage="dev",
    deployment_id="dep123",
    resource_id="res456",
    resource_path="/users/{id}",
    account_id="123456789012",
    region="us-east-1",
)
NOW = 1784692372.123  # 22/Jul/2026:03:52:52 +0000
HEADERS = (
    ("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"),
    ("User-Agent", "curl/8.10.1"),
    ("Accept", "*/*"),
)


def request(
    *,
    method: str = "GET",
    path: str = "/users/42",
    query: str = "",
    headers: tuple[tuple[str, str], ...] = HEADERS,
    body: bytes = b"",
) -> IncomingRequest:
    return IncomingRequest(
        method=method,
        path=path,
        raw_query_string=query,
        headers=headers,
        body=body,
        source_ip="203.0.113.7",
    )


def event_for(
    incoming: IncomingRequest | None = None,
    *,
    path_parameters: dict[str, str] | None = None,
    stage_variables: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return build_proxy_event(
        incoming or request(),
        STAGE,
        path_parameters,
        stage_variables,
        authorizer,
        request_id="c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        extended_request_id="AyDWFELlvHcEEog=",
        now=NOW,
    )


# --- shape ------------------------------------------------------------------------------------


def test_top_level_keys_follow_the_recorded_order() -> None:
    assert list(event_for()) == [
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
        "body",
        "isBase64Encoded",
    ]


def test_request_context_keys_follow_the_recorded_order_with_authorizer_after_resource_id() -> None:
    context = event_for(authorizer={"claims": {}})["requestContext"]
    assert list(context) == [
        "resourceId",
        "authorizer",
        "resourcePath",
        "httpMethod",
        "extendedRequestId",
        "requestTime",
        "path",
        "accountId",
        "protocol",
        "stage",
        "domainPrefix",
        "requestTimeEpoch",
        "requestId",
        "identity",
        "domainName",
        "deploymentId",
        "apiId",
    ]


def test_resource_is_the_template_and_path_is_without_the_stage() -> None:
    event = event_for()
    assert (event["resource"], event["path"], event["httpMethod"]) == (
        "/users/{id}",
        "/users/42",
        "GET",
    )


def test_request_context_path_includes_the_stage() -> None:
    assert event_for()["requestContext"]["path"] == "/dev/users/42"


def test_request_context_names_api_stage_deployment_and_resource() -> None:
    context = event_for()["requestContext"]
    assert {key: context[key] for key in ("apiId", "stage", "deploymentId", "resourceId")} == {
        "apiId": "a1b2c3d4e5",
        "stage": "dev",
        "deploymentId": "dep123",
        "resourceId": "res456",
    }


def test_domain_name_and_prefix_come_from_the_api_id_and_region() -> None:
    context = event_for()["requestContext"]
    assert (context["domainName"], context["domainPrefix"]) == (
        "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
        "a1b2c3d4e5",
    )


def test_protocol_is_http_1_1() -> None:
    assert event_for()["requestContext"]["protocol"] == "HTTP/1.1"


def test_request_time_is_clf_with_english_month() -> None:
    assert event_for()["requestContext"]["requestTime"] == "22/Jul/2026:03:52:52 +0000"


def test_request_time_pads_day_to_two_digits() -> None:
    assert request_time(1780642989) == "05/Jun/2026:07:03:09 +0000"


def test_request_time_epoch_is_integer_milliseconds() -> None:
    assert event_for()["requestContext"]["requestTimeEpoch"] == 1784692372123


def test_request_ids_are_passed_through() -> None:
    context = event_for()["requestContext"]
    assert (context["requestId"], context["extendedRequestId"]) == (
        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "AyDWFELlvHcEEog=",
    )


def test_identity_has_source_ip_user_agent_and_null_others() -> None:
    assert event_for()["requestContext"]["identity"] == {
        "cognitoIdentityPoolId": None,
        "accountId": None,
        "cognitoIdentityId": None,
        "caller": None,
        "sourceIp": "203.0.113.7",
        "principalOrgId": None,
        "accessKey": None,
        "cognitoAuthenticationType": None,
        "cognitoAuthenticationProvider": None,
        "userArn": None,
        "userAgent": "curl/8.10.1",
        "user": None,
    }


def test_identity_user_agent_is_null_without_a_user_agent_header() -> None:
    event = event_for(request(headers=(("Accept", "*/*"),)))
    assert event["requestContext"]["identity"]["userAgent"] is None


# --- absent values are null -------------------------------------------------------------------


def test_absent_query_string_gives_null_maps() -> None:
    event = event_for()
    assert (event["queryStringParameters"], event["multiValueQueryStringParameters"]) == (
        None,
        None,
    )


def test_absent_path_parameters_and_stage_variables_are_null() -> None:
    event = event_for()
    assert (event["pathParameters"], event["stageVariables"]) == (None, None)


def test_empty_path_parameters_and_stage_variables_are_null_not_empty_objects() -> None:
    event = event_for(path_parameters={}, stage_variables={})
    assert (event["pathParameters"], event["stageVariables"]) == (None, None)


def test_path_parameters_and_stage_variables_are_passed_when_present() -> None:
    event = event_for(path_parameters={"id": "42"}, stage_variables={"table": "users"})
    assert (event["pathParameters"], event["stageVariables"]) == (
        {"id": "42"},
        {"table": "users"},
    )


def test_no_headers_gives_null_header_maps() -> None:
    event = event_for(request(headers=()))
    assert (event["headers"], event["multiValueHeaders"]) == (None, None)


def test_authorizer_key_is_absent_when_no_authorizer_ran() -> None:
    assert "authorizer" not in event_for()["requestContext"]


def test_cognito_claims_appear_under_request_context_authorizer() -> None:
    claims = render_claims(id_token_claims())
    event = event_for(authorizer={"claims": claims})
    assert event["requestContext"]["authorizer"] == {"claims": claims}


# --- query strings ----------------------------------------------------------------------------


def test_repeated_query_key_last_value_wins_in_single_value_map() -> None:
    event = event_for(request(query="price=10&price=20&price=30"))
    assert event["queryStringParameters"] == {"price": "30"}


def test_repeated_query_key_keeps_all_values_in_multi_value_map() -> None:
    event = event_for(request(query="price=10&price=20&price=30"))
    assert event["multiValueQueryStringParameters"] == {"price": ["10", "20", "30"]}


def test_plus_in_query_decodes_to_space() -> None:
    event = event_for(request(query="name=Norrin+Radd"))
    assert event["queryStringParameters"] == {"name": "Norrin Radd"}


def test_query_keys_and_values_are_percent_decoded() -> None:
    event = event_for(request(query="e%2Dmail=a%40example.com"))
    assert event["queryStringParameters"] == {"e-mail": "a@example.com"}


def test_query_key_without_value_maps_to_empty_string() -> None:
    event = event_for(request(query="verbose&name=x"))
    assert event["queryStringParameters"] == {"verbose": "", "name": "x"}


# --- headers ----------------------------------------------------------------------------------


def test_repeated_header_last_value_wins_in_headers() -> None:
    event = event_for(request(headers=(("X-Tag", "a"), ("X-Tag", "b"))))
    assert event["headers"] == {"X-Tag": "b"}


def test_repeated_header_keeps_all_values_in_multi_value_headers() -> None:
    event = event_for(request(headers=(("X-Tag", "a"), ("X-Tag", "b"))))
    assert event["multiValueHeaders"] == {"X-Tag": ["a", "b"]}


def test_header_name_casing_is_kept() -> None:
    event = event_for(request(headers=(("tEsT-HEADeR", "aValUE"),)))
    assert event["headers"] == {"tEsT-HEADeR": "aValUE"}


def test_authorization_and_user_agent_are_spelt_canonically_recorded_localstack() -> None:
    sent = (("aUThorization", "Bearer t"), ("user-Agent", "test/integration"), ("foobar", "v"))
    event = event_for(request(headers=sent))
    assert event["headers"] == {
        "Authorization": "Bearer t",
        "User-Agent": "test/integration",
        "foobar": "v",
    }


def test_the_path_stays_percent_encoded_recorded_localstack() -> None:
    path = "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
    event = event_for(request(path=path))
    assert (event["path"], event["requestContext"]["path"]) == (path, f"/dev{path}")


def test_forwarding_headers_are_added_recorded_localstack() -> None:
    headers = with_forwarding_headers(
        HEADERS, source_ip="203.0.113.7", port="443", proto="https", trace="Root=1-a-b"
    )
    assert headers[len(HEADERS) :] == (
        ("X-Amzn-Trace-Id", "Root=1-a-b"),
        ("X-Forwarded-For", "203.0.113.7"),
        ("X-Forwarded-Port", "443"),
        ("X-Forwarded-Proto", "https"),
    )


def test_the_source_ip_is_appended_to_the_callers_x_forwarded_for_inferred() -> None:
    headers = with_forwarding_headers(
        (("X-Forwarded-For", "198.51.100.1"),),
        source_ip="203.0.113.7",
        port="443",
        proto="https",
        trace="Root=1-a-b",
    )
    assert dict(headers)["X-Forwarded-For"] == "198.51.100.1, 203.0.113.7"


def test_a_callers_trace_id_is_kept_inferred() -> None:
    headers = with_forwarding_headers(
        (("x-amzn-trace-id", "Root=1-mine"),),
        source_ip="203.0.113.7",
        port="443",
        proto="https",
        trace="Root=1-new",
    )
    assert dict(headers)["X-Amzn-Trace-Id"] == "Root=1-mine"


def test_trace_id_is_root_1_epoch_hex_and_24_hex_digits_xray_doc() -> None:
    assert trace_id(0x58BCAB84, "7734e7e82b2fd0a51b84a816ffff") == (
        "Root=1-58bcab84-7734e7e82b2fd0a51b84a816"
    )


def test_content_length_and_connection_headers_are_not_passed_on() -> None:
    event = event_for(
        request(headers=(("Content-Length", "2"), ("Connection", "keep-alive"), ("Accept", "*/*")))
    )
    assert event["multiValueHeaders"] == {"Accept": ["*/*"]}


# --- body -------------------------------------------------------------------------------------


def test_empty_body_is_null_and_not_base64() -> None:
    event = event_for()
    assert (event["body"], event["isBase64Encoded"]) == (None, False)


def test_text_body_is_passed_as_a_string() -> None:
    event = event_for(request(method="POST", body='{"name": "Zoë"}'.encode()))
    assert (event["body"], event["isBase64Encoded"]) == ('{"name": "Zoë"}', False)


def test_a_body_of_a_binary_media_type_is_base64_encoded_payload_encodings_doc() -> None:
    incoming = request(method="POST", body=b"plain text")
    event = build_proxy_event(
        incoming,
        STAGE,
        None,
        None,
        None,
        request_id="r",
        extended_request_id="e",
        now=NOW,
        binary_body=True,
    )
    assert (event["body"], event["isBase64Encoded"]) == (
        base64.b64encode(b"plain text").decode(),
        True,
    )


def test_binary_body_is_base64_encoded_and_flagged() -> None:
    raw = b"\x89PNG\r\n\x1a\n\xff\x00"
    event = event_for(request(method="POST", body=raw))
    assert (event["body"], event["isBase64Encoded"]) == (base64.b64encode(raw).decode(), True)


# --- compatibility ----------------------------------------------------------------------------


def test_event_is_json_serialisable() -> None:
    event = event_for(authorizer={"claims": render_claims(id_token_claims())})
    assert json.loads(json.dumps(event)) == event


def test_event_without_authorizer_validates_against_powertools_model() -> None:
    event = event_for(request(query="a=1&a=2"), path_parameters={"id": "42"})
    model = APIGatewayProxyEventModel.model_validate(event)
    assert model.requestContext.authorizer is None


def test_event_with_cognito_authorizer_validates_against_powertools_model() -> None:
    claims = render_claims(id_token_claims())
    event = event_for(authorizer={"claims": claims}, path_parameters={"id": "42"})
    model = APIGatewayProxyEventModel.model_validate(event)
    assert model.requestContext.authorizer is not None
    assert model.requestContext.authorizer.claims == claims

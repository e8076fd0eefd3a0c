"""Lambda proxy response validation and conversion: docs/aws-behaviour.md section 4."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from awsrules.apigateway.proxy_response import HttpResponse, parse_proxy_response


def parse(result: Any) -> HttpResponse | None:
    return parse_proxy_response(json.dumps(result).encode())


def parsed(result: Any) -> HttpResponse:
    response = parse(result)
    assert response is not None, f"expected a valid proxy response for {result!r}"
    return response


def header_values(response: HttpResponse, name: str) -> list[str]:
    return [value for key, value in response.headers if key.lower() == name.lower()]


# --- status -----------------------------------------------------------------------------------


def test_missing_status_code_gives_200() -> None:
    assert parsed({"body": "hi"}).status == 200


def test_integer_status_code_is_used() -> None:
    assert parsed({"statusCode": 404}).status == 404


def test_numeric_string_status_code_is_accepted() -> None:
    assert parsed({"statusCode": "201"}).status == 201


def test_non_numeric_string_status_code_is_malformed() -> None:
    assert parse({"statusCode": "test"}) is None


def test_boolean_status_code_is_malformed() -> None:
    assert parse({"statusCode": True}) is None


def test_out_of_range_status_code_is_malformed() -> None:
    assert parse({"statusCode": 99}) is None


# --- overall shape ----------------------------------------------------------------------------


def test_unknown_top_level_key_is_malformed() -> None:
    assert parse({"statusCode": 200, "wrongValue": "value"}) is None


@pytest.mark.parametrize("result", ["justAString", ["statusCode", 200], 200, None, True])
def test_result_that_is_not_a_json_object_is_malformed(result: Any) -> None:
    assert parse(result) is None


def test_payload_that_is_not_json_is_malformed() -> None:
    assert parse_proxy_response(b"<html>oops</html>") is None


def test_empty_payload_is_malformed() -> None:
    assert parse_proxy_response(b"") is None


def test_empty_object_gives_200_with_empty_body() -> None:
    assert parsed({}) == HttpResponse(200, (("Content-Type", "application/json"),), b"")


def test_only_headers_gives_200_with_empty_body() -> None:
    response = parsed({"headers": {"test-header": "value"}})
    assert (response.status, header_values(response, "test-header"), response.body) == (
        200,
        ["value"],
        b"",
    )


# --- body -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"message": "hi"}, ["a"], 42, True])
def test_non_string_body_is_malformed(body: Any) -> None:
    assert parse({"statusCode": 200, "body": body}) is None


def test_null_body_gives_empty_body() -> None:
    assert parsed({"statusCode": 200, "body": None}).body == b""


def test_string_body_is_sent_as_utf8() -> None:
    assert parsed({"body": "Zoë"}).body == "Zoë".encode()


def test_base64_body_is_sent_as_text_without_binary_media_types_rust_runtime_issue_667() -> None:
    body = base64.b64encode(b"test-data").decode()
    assert parsed({"body": body, "isBase64Encoded": True}).body == body.encode()


def test_base64_body_is_decoded_when_the_client_accepts_a_binary_media_type_doc() -> None:
    body = base64.b64encode(b"test-data").decode()
    response = parse_proxy_response(
        json.dumps({"body": body, "isBase64Encoded": True}).encode(), binary=True
    )
    assert response is not None
    assert response.body == b"test-data"


def test_base64_body_is_sent_as_is_when_is_base64_encoded_is_false() -> None:
    body = base64.b64encode(b"test-data").decode()
    assert parsed({"body": body, "isBase64Encoded": False}).body == body.encode()


def test_invalid_base64_body_to_be_decoded_is_malformed() -> None:
    payload = json.dumps({"body": "not base64!", "isBase64Encoded": True}).encode()
    assert parse_proxy_response(payload, binary=True) is None


def test_non_boolean_is_base64_encoded_is_malformed() -> None:
    assert parse({"body": "aGk=", "isBase64Encoded": "true"}) is None


# --- headers ----------------------------------------------------------------------------------


def test_multi_value_header_value_that_is_not_a_list_is_malformed() -> None:
    assert parse({"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}) is None


def test_headers_that_are_not_an_object_is_malformed() -> None:
    assert parse({"headers": ["a", "b"]}) is None


def test_header_value_that_is_an_object_is_malformed() -> None:
    assert parse({"headers": {"x-obj": {"a": 1}}}) is None


def test_null_header_value_is_malformed() -> None:
    assert parse({"headers": {"x-null": None}}) is None


def test_null_headers_are_accepted() -> None:
    assert parsed({"statusCode": 200, "headers": None}).status == 200


def test_null_multi_value_headers_are_accepted() -> None:
    assert parsed({"statusCode": 200, "multiValueHeaders": None}).status == 200


def test_boolean_header_value_becomes_true_string() -> None:
    response = parsed({"headers": {"header-bool": True}})
    assert header_values(response, "header-bool") == ["true"]


def test_number_header_value_becomes_decimal_string() -> None:
    response = parsed({"headers": {"x-count": 3}})
    assert header_values(response, "x-count") == ["3"]


def test_multi_value_header_values_are_joined_with_comma_space() -> None:
    response = parsed({"multiValueHeaders": {"test-multi": ["value1", "value2"]}})
    assert header_values(response, "test-multi") == ["value1, value2"]


def test_same_header_in_both_maps_merges_multi_value_first() -> None:
    response = parsed(
        {"multiValueHeaders": {"test-multi": ["value-multi"]}, "headers": {"test-multi": "solo"}}
    )
    assert header_values(response, "test-multi") == ["value-multi, solo"]


def test_same_header_in_both_maps_merges_across_name_casing() -> None:
    response = parsed(
        {"multiValueHeaders": {"tesT-Multi": ["value-multi"]}, "headers": {"test-multi": "solo"}}
    )
    assert response.headers == (
        ("Content-Type", "application/json"),
        ("tesT-Multi", "value-multi, solo"),
    )


def test_same_key_value_pair_in_both_maps_appears_once() -> None:
    response = parsed({"multiValueHeaders": {"x-a": ["1", "2"]}, "headers": {"x-a": "2"}})
    assert header_values(response, "x-a") == ["1, 2"]


def test_content_type_defaults_to_application_json() -> None:
    assert header_values(parsed({"body": "{}"}), "Content-Type") == ["application/json"]


def test_content_type_from_the_lambda_is_kept() -> None:
    response = parsed({"headers": {"content-type": "text/plain"}, "body": "hi"})
    assert header_values(response, "Content-Type") == ["text/plain"]

"""The users handler (lambda_src/users/app.py) with JSON events and a fake context."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.lambda_src.harness import EVENTS, FakeContext, load_handler_module

app = load_handler_module("users")


def event(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return loaded


def test_anonymous_caller_gets_the_tutorial_body_as_a_json_string() -> None:
    response = app.lambda_handler(event("users_anonymous"), FakeContext())
    assert response == {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": '"Testing Lambda from API Gateway"',
    }


def test_cognito_caller_is_greeted_by_cognito_username() -> None:
    response = app.lambda_handler(event("users_cognito"), FakeContext())
    assert json.loads(response["body"]) == "Testing Lambda from API Gateway. Hello, alice!"


def test_claims_without_a_username_get_the_anonymous_body() -> None:
    response = app.lambda_handler(event("users_cognito_without_username"), FakeContext())
    assert json.loads(response["body"]) == "Testing Lambda from API Gateway"


def test_console_test_event_without_request_context_works() -> None:
    response = app.lambda_handler(event("console_test"), FakeContext())
    assert response["statusCode"] == 200


def test_handler_logs_its_event_as_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    app.lambda_handler(event("console_test"), FakeContext())
    assert capsys.readouterr().out == 'event {"httpMethod":"GET","path":"/users"}\n'


def test_response_is_a_valid_lambda_proxy_response() -> None:
    response = app.lambda_handler(event("users_cognito"), FakeContext())
    assert set(response) <= {
        "statusCode",
        "headers",
        "multiValueHeaders",
        "body",
        "isBase64Encoded",
    }
    assert isinstance(response["body"], str)


def test_post_by_an_admin_creates_the_user_201() -> None:
    response = app.lambda_handler(event("users_post_admin"), FakeContext())
    assert (response["statusCode"], json.loads(response["body"])) == (
        201,
        {"created": "bob", "by": "alice"},
    )


def test_post_by_a_reader_is_refused_403_json() -> None:
    response = app.lambda_handler(event("users_post_reader"), FakeContext())
    assert (response["statusCode"], json.loads(response["body"])) == (
        403,
        {"message": "Only the admins group or the users/write scope may add users"},
    )


def test_post_by_a_member_of_two_groups_reads_the_comma_joined_claim() -> None:
    response = app.lambda_handler(event("users_post_two_groups"), FakeContext())
    assert response["statusCode"] == 201


def test_post_with_users_write_scope_creates_the_user_201() -> None:
    response = app.lambda_handler(event("users_post_machine_write"), FakeContext())
    assert (response["statusCode"], json.loads(response["body"])) == (
        201,
        {"created": "bob", "by": "4t6v8x0z2b4d6f8h0j2l4n6p8r"},
    )


def test_post_with_users_read_scope_only_is_refused_403() -> None:
    response = app.lambda_handler(event("users_post_machine_read"), FakeContext())
    assert response["statusCode"] == 403


def test_post_by_an_admin_without_a_username_is_400() -> None:
    response = app.lambda_handler(event("users_post_admin_without_body"), FakeContext())
    assert (response["statusCode"], json.loads(response["body"])) == (
        400,
        {"message": 'Send a JSON body {"username": "<name>"}'},
    )


def test_post_responses_are_json_with_a_string_body() -> None:
    response = app.lambda_handler(event("users_post_reader"), FakeContext())
    assert (response["headers"], type(response["body"])) == (
        {"Content-Type": "application/json"},
        str,
    )


def test_get_with_groups_in_the_claims_is_unchanged() -> None:
    admin_get = {**event("users_post_admin"), "httpMethod": "GET", "body": None}
    response = app.lambda_handler(admin_get, FakeContext())
    assert (response["statusCode"], json.loads(response["body"])) == (
        200,
        "Testing Lambda from API Gateway. Hello, alice!",
    )


@pytest.mark.parametrize(
    ("claim", "groups"),
    [("admins", {"admins"}), ("admins,readers", {"admins", "readers"}), ("", set())],
)
def test_groups_claim_as_api_gateway_renders_it(claim: str, groups: set[str]) -> None:
    assert app.groups_of({"cognito:groups": claim}) == groups


def logged_event(capsys: pytest.CaptureFixture[str], incoming: dict[str, Any]) -> dict[str, Any]:
    app.lambda_handler(incoming, FakeContext())
    line = capsys.readouterr().out
    assert line.startswith("event ")
    logged: dict[str, Any] = json.loads(line[len("event ") :])
    return logged


def test_the_logged_event_has_no_authorization_header(capsys: pytest.CaptureFixture[str]) -> None:
    logged = logged_event(capsys, event("users_cognito"))
    assert (sorted(logged["headers"]), sorted(logged["multiValueHeaders"])) == (
        ["Host", "User-Agent"],
        ["Host", "User-Agent"],
    )


@pytest.mark.parametrize("name", ["authorization", "AUTHORIZATION", "Authorization"])
def test_the_authorization_header_is_left_out_in_any_case(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
    incoming = {
        "httpMethod": "GET",
        "headers": {name: token, "Accept": "*/*"},
        "multiValueHeaders": {name: [token], "Accept": ["*/*"]},
    }
    app.lambda_handler(incoming, FakeContext())
    assert token not in capsys.readouterr().out


def test_leaving_the_header_out_of_the_log_does_not_change_the_event() -> None:
    incoming = event("users_cognito")
    app.lambda_handler(incoming, FakeContext())
    assert "Authorization" in incoming["headers"]


def test_an_event_with_null_headers_is_logged_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert logged_event(capsys, {"httpMethod": "GET", "headers": None})["headers"] is None

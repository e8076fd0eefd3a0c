"""One test per bad-input finding of issue 9: each answer is a 4xx with an AWS-shaped JSON
body, never a 500, and nothing is stored that breaks a later call (docs/aws-behaviour.md
section 23). The SRP_A finding is `tests/emulator/cognito/test_srp.py::
test_srp_a_that_is_not_hex_is_not_authorized_rather_than_a_500`."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from emulator.process import auth_for
from tests.emulator.bad_input.conftest import MachineClient
from tests.emulator.bad_input.raw import (
    Raw,
    aws_shaped_4xx,
    id_token_with,
    now,
    operations_post,
    signed_raw_claims,
)
from tests.emulator.conftest import Stack

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
UNAUTHORIZED = (401, {"message": "Unauthorized"}, "UnauthorizedException")


def _refusal(answer: requests.Response) -> tuple[int, Any, str | None]:
    return answer.status_code, answer.json(), answer.headers.get("x-amzn-ErrorType")


def _authorized_get_still_works(stack: Stack) -> None:
    assert stack.get(token=stack.tokens("alice")["id"]).status_code == 200


@pytest.fixture
def clock_reset(secured: Stack) -> Iterator[Stack]:
    yield secured
    requests.post(
        f"{secured.url}/_emulator/clock",
        auth=auth_for(secured.url),
        json={"reset": True},
        timeout=5,
    )


# --- Bad input gave an HTML 500 -------------------------------------------------------------


def test_deeply_nested_json_body_is_400_serialization_exception(raw: Raw) -> None:
    answer = raw.send("PATCH", raw.method_path(), "[" * 30_000)
    assert _refusal(answer) == (
        400,
        {"message": "Could not parse request body"},
        "SerializationException",
    )


def test_token_segment_of_30000_brackets_is_401_unauthorized(secured: Stack) -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"RS256","kid":"dummy"}').decode().rstrip("=")
    segment = base64.urlsafe_b64encode(b"[" * 30_000).decode().rstrip("=")
    assert _refusal(secured.get(token=f"{header}.{segment}.x")) == UNAUTHORIZED


@pytest.mark.parametrize("exp", ["1e400", "NaN", "Infinity", "-Infinity"])
def test_token_with_an_exp_that_is_not_a_finite_number_is_401_unauthorized(
    secured: Stack, exp: str
) -> None:
    """RFC 7519 4.1.4: ``exp`` is a NumericDate; ``1e400`` reads as infinity."""
    claims = json.loads(base64.urlsafe_b64decode(id_token_with(secured).split(".")[1] + "=="))
    claims["exp"] = 0
    payload = json.dumps(claims).replace('"exp": 0', f'"exp": {exp}')
    assert _refusal(secured.get(token=signed_raw_claims(payload))) == UNAUTHORIZED


@pytest.mark.parametrize(
    "operations",
    [5, "replace", {"op": "replace"}, [1], [["replace"]], [None]],
    ids=["number", "string", "object", "list-of-numbers", "list-of-lists", "list-of-null"],
)
def test_patch_operations_that_are_not_a_list_of_objects_are_400_bad_request(
    raw: Raw, operations: Any
) -> None:
    answer = raw.send("PATCH", raw.method_path(), json.dumps({"patchOperations": operations}))
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for patchOperations: it must be a list of objects"},
        "BadRequestException",
    )


@pytest.mark.parametrize(
    ("member", "value", "kind"),
    [
        ("pathWithQueryString", 5, "a string"),
        ("body", {"a": 1}, "a string"),
        ("headers", ["Authorization"], "a map of strings to strings"),
        ("headers", {"X-Number": 5}, "a map of strings to strings"),
        ("multiValueHeaders", {"X-A": "not-a-list"}, "a map of strings to lists of strings"),
        ("multiValueHeaders", {"X-A": [5]}, "a map of strings to lists of strings"),
        ("stageVariables", {"v": None}, "a map of strings to strings"),
        ("clientCertificateId", True, "a string"),
    ],
)
def test_test_invoke_method_with_a_wrongly_typed_member_is_400_bad_request(
    raw: Raw, member: str, value: Any, kind: str
) -> None:
    """TestInvokeMethod's members as the botocore apigateway model types them."""
    answer = raw.send("POST", raw.method_path(), json.dumps({member: value}))
    assert _refusal(answer) == (
        400,
        {"message": f"Invalid value for {member}: it must be {kind}"},
        "BadRequestException",
    )


@pytest.mark.parametrize(
    ("member", "value", "kind"),
    [
        ("headers", {"Authorization": 5}, "a map of strings to strings"),
        ("multiValueHeaders", {"Authorization": "x"}, "a map of strings to lists of strings"),
        ("additionalContext", [], "a map of strings to strings"),
        ("pathWithQueryString", ["/"], "a string"),
    ],
)
def test_test_invoke_authorizer_with_a_wrongly_typed_member_is_400_bad_request(
    raw: Raw, member: str, value: Any, kind: str
) -> None:
    path = f"/restapis/{raw.stack.api_id}/authorizers/{raw.stack.authorizer_id}"
    answer = raw.send("POST", path, json.dumps({member: value}))
    assert _refusal(answer) == (
        400,
        {"message": f"Invalid value for {member}: it must be {kind}"},
        "BadRequestException",
    )


def test_non_ascii_client_secret_in_basic_auth_is_invalid_client(
    machine_client: MachineClient,
) -> None:
    """Cognito's token endpoint: a client that does not authenticate is invalid_client
    [doc: Cognito Developer Guide, "The token endpoint"]."""
    basic = base64.b64encode(f"{machine_client.client_id}:sécret-✓".encode()).decode()
    answer = requests.post(
        machine_client.token_url,
        data="grant_type=client_credentials",
        headers={**FORM, "Authorization": f"Basic {basic}"},
        timeout=10,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_client"})


def test_basic_auth_header_that_is_not_ascii_is_invalid_client(
    machine_client: MachineClient,
) -> None:
    answer = requests.post(
        machine_client.token_url,
        data="grant_type=client_credentials",
        headers={**FORM, "Authorization": "Basic é".encode("latin-1")},
        timeout=10,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_client"})


def test_non_ascii_client_secret_in_the_form_is_invalid_client(
    machine_client: MachineClient,
) -> None:
    answer = requests.post(
        machine_client.token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": machine_client.client_id,
            "client_secret": "sécret",
        },
        timeout=10,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_client"})


# --- Bad input that broke every later call ---------------------------------------------------


def test_update_integration_uri_of_123_is_refused_and_the_integration_still_works(
    raw: Raw,
) -> None:
    operations = [{"op": "replace", "path": "/uri", "value": 123}]
    answer = raw.send(
        "PATCH", raw.method_path() + "/integration", json.dumps({"patchOperations": operations})
    )
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for patchOperations.1.value: it must be a string"},
        "BadRequestException",
    )
    raw.stack.deploy()
    _authorized_get_still_works(raw.stack)


def test_update_integration_timeout_that_is_not_an_integer_is_refused(raw: Raw) -> None:
    operations = [{"op": "replace", "path": "/timeoutInMillis", "value": "soon"}]
    answer = raw.send(
        "PATCH", raw.method_path() + "/integration", json.dumps({"patchOperations": operations})
    )
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for /timeoutInMillis: it must be an integer"},
        "BadRequestException",
    )


def test_a_list_inside_authorization_scopes_is_refused_and_the_method_still_works(
    raw: Raw,
) -> None:
    operations = [{"op": "add", "path": "/authorizationScopes", "value": ["a", "b"]}]
    answer = raw.send("PATCH", raw.method_path(), json.dumps({"patchOperations": operations}))
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for patchOperations.1.value: it must be a string"},
        "BadRequestException",
    )
    method = raw.stack.clients["apigateway"].get_method(
        restApiId=raw.stack.api_id, resourceId=raw.stack.resource_id, httpMethod="GET"
    )
    assert "authorizationScopes" not in method
    raw.stack.deploy()
    _authorized_get_still_works(raw.stack)


def test_put_method_with_a_list_inside_authorization_scopes_is_refused(raw: Raw) -> None:
    body = {"authorizationType": "NONE", "authorizationScopes": [["a"]]}
    answer = raw.send("PUT", raw.method_path("POST"), json.dumps(body))
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for authorizationScopes: it must be a list of strings"},
        "BadRequestException",
    )


def test_create_authorizer_with_a_numeric_identity_source_is_refused(raw: Raw) -> None:
    body = {"name": "n", "type": "COGNITO_USER_POOLS", "providerARNs": [], "identitySource": 7}
    answer = raw.send("POST", f"/restapis/{raw.stack.api_id}/authorizers", json.dumps(body))
    assert _refusal(answer) == (
        400,
        {"message": "Invalid value for identitySource: it must be a string"},
        "BadRequestException",
    )


def test_update_authorizer_with_a_numeric_value_is_refused(raw: Raw) -> None:
    operations = [{"op": "replace", "path": "/identitySource", "value": 7}]
    path = f"/restapis/{raw.stack.api_id}/authorizers/{raw.stack.authorizer_id}"
    answer = raw.send("PATCH", path, json.dumps({"patchOperations": operations}))
    assert _refusal(answer)[0::2] == (400, "BadRequestException")
    _authorized_get_still_works(raw.stack)


def test_update_authorizer_without_patch_operations_changes_nothing_rather_than_a_500(
    raw: Raw,
) -> None:
    path = f"/restapis/{raw.stack.api_id}/authorizers/{raw.stack.authorizer_id}"
    answer = raw.send("PATCH", path, "{}")
    assert (answer.status_code, answer.json()["id"]) == (200, raw.stack.authorizer_id)
    _authorized_get_still_works(raw.stack)


def test_initiate_auth_with_auth_parameters_that_are_a_list_is_serialization_exception(
    raw: Raw,
) -> None:
    """JSON 1.1 (Coral) wording [recorded: DynamoDB's, as mhart/dynalite reproduces it]."""
    body = {"AuthFlow": "USER_SRP_AUTH", "ClientId": raw.stack.client_id, "AuthParameters": []}
    answer = raw.cognito("InitiateAuth", json.dumps(body))
    assert (answer.status_code, answer.json()) == (
        400,
        {"__type": "SerializationException", "message": "Start of list found where not expected"},
    )


def test_initiate_auth_with_a_numeric_client_id_is_serialization_exception(raw: Raw) -> None:
    answer = raw.cognito("InitiateAuth", json.dumps({"AuthFlow": "USER_SRP_AUTH", "ClientId": 5}))
    assert (answer.status_code, answer.json()["__type"]) == (400, "SerializationException")


@pytest.mark.parametrize("seconds", ['"nan"', "NaN", "1e400", "-Infinity", '"3600"', "true"])
def test_clock_advance_that_is_not_a_finite_number_is_refused_and_sign_in_still_works(
    clock_reset: Stack, seconds: str
) -> None:
    before = requests.get(
        f"{clock_reset.url}/_emulator/health", auth=auth_for(clock_reset.url), timeout=5
    ).json()
    answer = operations_post(clock_reset, "/_emulator/clock", f'{{"advance_seconds": {seconds}}}')
    after = requests.get(
        f"{clock_reset.url}/_emulator/health", auth=auth_for(clock_reset.url), timeout=5
    ).json()
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"]) == (400, "BadRequestException")
    assert after["clock_offset_seconds"] == before["clock_offset_seconds"]
    _authorized_get_still_works(clock_reset)


def test_clock_cannot_move_more_than_100_years_from_wall_time(clock_reset: Stack) -> None:
    answer = operations_post(clock_reset, "/_emulator/clock", '{"advance_seconds": 1e300}')
    assert answer.status_code == 400
    assert "more than 100 years" in answer.json()["message"]


# --- The clock route --------------------------------------------------------------------------


def test_clock_with_curls_default_form_content_type_still_moves_the_clock(
    clock_reset: Stack,
) -> None:
    """``curl -d '{"advance_seconds":3600}'`` sends application/x-www-form-urlencoded."""
    answer = operations_post(clock_reset, "/_emulator/clock", '{"advance_seconds":3600}', **FORM)
    assert (answer.status_code, answer.json()["clock_offset_seconds"]) == (200, 3600.0)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("advance_seconds=3600", "The body is not JSON"),
        ("", "The request has no body"),
        ("{}", "Send exactly one of advance_seconds and reset"),
        ("[3600]", "The body is not a JSON object"),
        ('{"advance": 3600}', "Unknown field 'advance'"),
        ('{"reset": "yes"}', "reset must be true"),
        ('{"reset": true, "advance_seconds": 5}', "Send exactly one of advance_seconds and reset"),
    ],
)
def test_clock_body_that_says_nothing_the_clock_can_do_is_400_with_a_curl_example(
    clock_reset: Stack, body: str, problem: str
) -> None:
    answer = operations_post(clock_reset, "/_emulator/clock", body, **FORM)
    message = answer.json()["message"]
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"]) == (400, "BadRequestException")
    assert message.startswith(f"{problem}. POST /_emulator/clock takes a JSON object")
    assert f"-d '{{\"advance_seconds\": 3600}}' {clock_reset.url}/_emulator/clock" in message


# --- Token edge cases -------------------------------------------------------------------------


def test_token_issued_ten_years_ahead_is_401_unauthorized(secured: Stack) -> None:
    """``iat`` after now: API Gateway's JWT authorizers require "iat – Must be before the
    current time in UTC" (API Gateway Developer Guide, http-api-jwt-authorizer); for REST
    Cognito authorizers it is our choice (docs/aws-behaviour.md 23.4)."""
    token = id_token_with(secured, iat=now() + 10 * 365 * 86400)
    assert _refusal(secured.get(token=token)) == UNAUTHORIZED


def test_token_with_nbf_tomorrow_is_401_unauthorized(secured: Stack) -> None:
    """RFC 7519 4.1.5: the JWT MUST NOT be accepted before ``nbf`` (23.4)."""
    token = id_token_with(secured, nbf=now() + 86400)
    assert _refusal(secured.get(token=token)) == UNAUTHORIZED


def test_token_with_nbf_in_the_past_is_still_accepted(secured: Stack) -> None:
    assert secured.get(token=id_token_with(secured, nbf=now() - 60)).status_code == 200


def test_path_is_percent_decoded_once_so_2575sers_is_403_missing_authentication_token(
    secured: Stack,
) -> None:
    """``%25`` is ``%``: ``/%2575sers`` is the path ``/%75sers``, not ``/users`` (9.8)."""
    answer = secured.get("/%2575sers", token=secured.tokens("alice")["id"])
    assert _refusal(answer) == (
        403,
        {"message": "Missing Authentication Token"},
        "MissingAuthenticationTokenException",
    )


def test_a_body_that_is_not_json_is_an_aws_shaped_4xx(raw: Raw) -> None:
    """The shape the fuzz test asks of every 4xx, on one known refusal."""
    assert aws_shaped_4xx(raw.send("PATCH", raw.method_path(), "{"))

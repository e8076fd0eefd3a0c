"""diagnose() against the session's emulator: one deliberate failure per test, and the cause
it names. The causes are those of README.md's troubleshooting table and docs/aws-behaviour.md."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from helpers import apigateway, attacks, awslambda, clock, cognito, cognito_authorizer
from helpers.backend import Workbook
from helpers.cognito import Tokens
from helpers.diagnose import diagnose, format_diagnosis, match_route, parse_invoke_url
from tests.course import OpenApi
from tests.helpers import readonly


@dataclass(frozen=True)
class Secured:
    """The state after notebook 05: GET /users behind the Cognito authorizer, deployed."""

    api_id: str
    users_id: str
    pool_id: str
    url: str
    tokens: Tokens


def build_secured(wb: Workbook, open_api: OpenApi) -> Secured:
    api_id, users_id = open_api.api.id, open_api.users_id
    pool = cognito.create_user_pool(wb)
    client = cognito.create_app_client(wb, pool.id)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, api_id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, api_id, users_id, authorizer.id)
    apigateway.create_deployment(wb, api_id, "protected")
    tokens = cognito.sign_in(wb, pool.id, client.id, cognito.create_user(wb, pool.id))
    return Secured(api_id, users_id, pool.id, apigateway.invoke_url(wb, api_id), tokens)


@pytest.fixture
def secured(wb: Workbook, open_api: OpenApi) -> Secured:
    """For the tests that change the stack."""
    return build_secured(wb, open_api)


@pytest.fixture(scope="module")
def shared_secured(shared_wb: Workbook, shared_open_api: OpenApi) -> Iterator[Secured]:
    """The same stack built once, for the tests that only read it; checked unchanged after
    the module's last test (tests/helpers/readonly.py)."""
    built = build_secured(shared_wb, shared_open_api)
    shared = readonly.SharedResources(
        api_ids=(built.api_id,),
        function_names=(shared_open_api.function.name,),
        pool_ids=(built.pool_id,),
    )
    with readonly.guarded(readonly.workbook_clients(shared_wb), shared):
        yield built


def failed_checks(diagnosis_checks: tuple[tuple[str, bool, str], ...]) -> list[str]:
    return [check for check, ok, _ in diagnosis_checks if not ok]


def test_valid_id_token_is_200_and_every_check_passes(
    shared_wb: Workbook, shared_secured: Secured
) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url, shared_secured.tokens.id_token)
    assert (diagnosis.status, diagnosis.likely_cause, failed_checks(diagnosis.checks)) == (
        200,
        "The call succeeded.",
        [],
    )


def test_authorizer_attached_but_not_redeployed_is_named(wb: Workbook, open_api: OpenApi) -> None:
    api_id, users_id = open_api.api.id, open_api.users_id
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, api_id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, api_id, users_id, authorizer.id)
    diagnosis = diagnose(wb, apigateway.invoke_url(wb, api_id))
    assert (diagnosis.status, diagnosis.likely_cause, diagnosis.fix) == (
        200,
        "The method's authorization was changed to COGNITO_USER_POOLS but not deployed; "
        "the stage still serves NONE.",
        "Redeploy: apigateway.create_deployment(wb, api.id, ...).",
    )


def test_no_token_is_401_no_token_reached_the_authorizer(
    shared_wb: Workbook, shared_secured: Secured
) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url)
    assert (diagnosis.status, diagnosis.likely_cause) == (
        401,
        "No token reached the authorizer.",
    )


def test_access_token_to_a_method_without_scopes_is_named(
    shared_wb: Workbook, shared_secured: Secured
) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url, shared_secured.tokens.access_token)
    assert (diagnosis.status, diagnosis.likely_cause, failed_checks(diagnosis.checks)) == (
        401,
        "An access token was sent to a method without OAuth scopes: it wants an ID token.",
        ["token_use suits the method's scopes"],
    )


def test_token_in_another_header_than_the_identity_source_is_named(
    wb: Workbook, secured: Secured
) -> None:
    authorizer = cognito_authorizer.find_authorizer(wb, secured.api_id)
    assert authorizer is not None
    wb.client("apigateway").update_authorizer(
        restApiId=secured.api_id,
        authorizerId=authorizer.id,
        patchOperations=[
            {"op": "replace", "path": "/identitySource", "value": "method.request.header.X-Token"}
        ],
    )
    apigateway.create_deployment(wb, secured.api_id, "reads X-Token")
    diagnosis = diagnose(wb, secured.url, secured.tokens.id_token)
    assert (diagnosis.status, diagnosis.likely_cause, diagnosis.fix) == (
        401,
        "The token is in 'Authorization', the authorizer reads 'X-Token'.",
        "Send the ID token in the 'X-Token' header.",
    )


def test_token_from_another_pool_is_named(shared_wb: Workbook, shared_secured: Secured) -> None:
    other = cognito.create_user_pool(shared_wb, shared_wb.names.attacker_pool)
    client = cognito.create_app_client(shared_wb, other.id, shared_wb.names.attacker_app_client)
    tokens = cognito.sign_in(
        shared_wb, other.id, client.id, cognito.create_user(shared_wb, other.id)
    )
    diagnosis = diagnose(shared_wb, shared_secured.url, tokens.id_token)
    assert (diagnosis.status, diagnosis.likely_cause) == (
        401,
        "The token comes from a user pool the authorizer does not trust.",
    )


def test_tampered_token_fails_the_signature_check(
    shared_wb: Workbook, shared_secured: Secured
) -> None:
    tampered = attacks.tampered_payload(
        shared_secured.tokens.id_token, {"cognito:username": "admin"}
    )
    diagnosis = diagnose(shared_wb, shared_secured.url, tampered.token)
    assert "signature verifies against the pool's JWKS" in failed_checks(diagnosis.checks)


def test_expired_token_is_named_with_the_emulator_clock_moved(
    shared_wb: Workbook, shared_secured: Secured
) -> None:
    with clock.clock_advanced(shared_wb):
        diagnosis = diagnose(shared_wb, shared_secured.url, shared_secured.tokens.id_token)
    assert (diagnosis.status, diagnosis.body, diagnosis.likely_cause) == (
        401,
        {"message": "The incoming token has expired"},
        "The token has expired (ID and access tokens last 1 hour by default).",
    )


def test_missing_lambda_permission_is_500_and_named(wb: Workbook, secured: Secured) -> None:
    awslambda.remove_permission(wb, wb.names.function, wb.names.permission_statement_id)
    diagnosis = diagnose(wb, secured.url, secured.tokens.id_token)
    assert (diagnosis.status, diagnosis.likely_cause) == (
        500,
        f"API Gateway may not invoke {wb.names.function}: no permission for this API's GET /users.",
    )


def test_wrong_path_is_403_and_named(shared_wb: Workbook, shared_secured: Secured) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url.removesuffix("/users") + "/user")
    assert (diagnosis.status, diagnosis.body, diagnosis.likely_cause) == (
        403,
        {"message": "Missing Authentication Token"},
        "No GET /user on this API: wrong path, method or stage.",
    )


def test_wrong_stage_is_403_and_named(shared_wb: Workbook, shared_secured: Secured) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url.replace("/dev/", "/prod/"))
    assert (diagnosis.status, diagnosis.likely_cause) == (
        403,
        f"There is no stage 'prod' on API {shared_secured.api_id}.",
    )


def test_brief_format_is_one_line(shared_wb: Workbook, shared_secured: Secured) -> None:
    diagnosis = diagnose(shared_wb, shared_secured.url)
    assert format_diagnosis(diagnosis, brief=True) == (
        'diagnose: HTTP 401 {"message":"Unauthorized"} → No token reached the authorizer.'
    )


def test_parse_invoke_url_reads_the_aws_form() -> None:
    target = parse_invoke_url("https://abc1234567.execute-api.eu-west-1.amazonaws.com/dev/users")
    assert target is not None
    assert (target.api_id, target.stage, target.path) == ("abc1234567", "dev", "/users")


def test_match_route_prefers_literal_then_param_then_proxy() -> None:
    templates = ["/users", "/users/{id}", "/{proxy+}"]
    assert [match_route(templates, p) for p in ("/users", "/users/7", "/a/b")] == [
        "/users",
        "/users/{id}",
        "/{proxy+}",
    ]

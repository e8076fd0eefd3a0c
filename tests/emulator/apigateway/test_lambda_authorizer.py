"""Lambda authorizers (TOKEN and REQUEST) end to end on the emulator.

Sources named in the tests:
- [input doc] API Gateway Developer Guide, api-gateway-lambda-authorizer-input;
- [output doc] api-gateway-lambda-authorizer-output ("must include principalId and
  policyDocument", no objects or arrays in context, values "stringified");
- [identitySource doc] CreateAuthorizer API reference, identitySource and
  authorizerResultTtlInSeconds (401 "without calling the Lambda function"; default TTL 300);
- [KC 401] Knowledge Center "api-gateway-401-error-lambda-authorizer";
- [recorded AWS log] AWS execution/test-invoke logs quoted in public repositories
  (source ARN ``.../authorizers/{id}``, ``ESTestInvoke-stage``, "Unrecognized field");
- [recorded DT#69823] a real event printed in DefinitelyTyped PR #69823
  (``{"bool": "true", "null": null, "num": "123", "principalId": ..., "integrationLatency": 0}``);
- [gotcha] the policy is cached, not the decision (apigateway-use-lambda-authorizer).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from emulator.process import auth_for
from tests.emulator.conftest import ACCOUNT, REGION, LambdaAuthorizers, Stack

UNAUTHORIZED = b'{"message":"Unauthorized"}'
CONFIGURATION_ERROR = b'{"message":null}'
EXPLICIT_DENY = (
    b'{"Message":"User is not authorized to access this resource with an explicit deny"}'
)
NOT_AUTHORIZED = b'{"Message":"User is not authorized to access this resource"}'


def _outcome(response: requests.Response) -> tuple[int, bytes, str | None]:
    return response.status_code, response.content, response.headers.get("x-amzn-ErrorType")


@pytest.fixture
def token_secured(lambda_authorizers: LambdaAuthorizers) -> LambdaAuthorizers:
    lambda_authorizers.use(lambda_authorizers.token_id)
    return lambda_authorizers


@pytest.fixture
def request_secured(lambda_authorizers: LambdaAuthorizers) -> LambdaAuthorizers:
    lambda_authorizers.use(lambda_authorizers.request_id)
    return lambda_authorizers


@pytest.fixture
def advance_clock(emulator_url: str) -> Iterator[Callable[[float], None]]:
    def advance(seconds: float) -> None:
        requests.post(
            f"{emulator_url}/_emulator/clock",
            auth=auth_for(emulator_url),
            json={"advance_seconds": seconds},
            timeout=10,
        ).raise_for_status()

    try:
        yield advance
    finally:
        requests.post(
            f"{emulator_url}/_emulator/clock",
            auth=auth_for(emulator_url),
            json={"reset": True},
            timeout=10,
        )


def _get(auth: LambdaAuthorizers, token: str | None = None, **kwargs: Any) -> requests.Response:
    return auth.stack.get(token=token, **kwargs)


def _get_request(auth: LambdaAuthorizers, token: str, **kwargs: Any) -> requests.Response:
    return auth.stack.get(headers={"X-Token": token}, **kwargs)


# --- allow, and what reaches the integration ---------------------------------------------


def test_token_allow_policy_returns_200_output_doc(token_secured: LambdaAuthorizers) -> None:
    assert _get(token_secured, "allow").status_code == 200


def test_context_reaches_lambda_stringified_beside_principal_id_recorded_dt69823(
    token_secured: LambdaAuthorizers,
) -> None:
    authorizer = _get(token_secured, "allow").json()["requestContext"]["authorizer"]
    authorizer.pop("integrationLatency")
    assert authorizer == {
        "principalId": "alice",
        "tier": "gold",
        "count": "3",
        "admin": "true",
        "none": None,
    }


def test_integration_latency_is_integer_milliseconds_recorded_dt69823(
    token_secured: LambdaAuthorizers,
) -> None:
    authorizer = _get(token_secured, "allow").json()["requestContext"]["authorizer"]
    assert type(authorizer["integrationLatency"]) is int


def test_token_event_has_type_token_and_method_arn_input_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    authorizer = _get(token_secured, "echo-event").json()["requestContext"]["authorizer"]
    api_id = token_secured.stack.api_id
    assert json.loads(authorizer["event"]) == {
        "type": "TOKEN",
        "authorizationToken": "echo-event",
        "methodArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/dev/GET/users",
    }


def test_request_event_carries_request_parameters_and_no_body_input_doc(
    request_secured: LambdaAuthorizers,
) -> None:
    response = _get_request(request_secured, "echo-event", params={"q": "1"})
    event = json.loads(response.json()["requestContext"]["authorizer"]["event"])
    api_id = request_secured.stack.api_id
    assert (
        event["type"],
        event["methodArn"],
        event["resource"],
        event["path"],
        event["httpMethod"],
        event["headers"]["X-Token"],
        event["queryStringParameters"],
        event["requestContext"]["stage"],
        "body" in event,
    ) == (
        "REQUEST",
        f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/dev/GET/users",
        "/users",
        "/users",
        "GET",
        "echo-event",
        {"q": "1"},
        "dev",
        False,
    )


def test_request_authorizer_allow_returns_200_output_doc(
    request_secured: LambdaAuthorizers,
) -> None:
    assert _get_request(request_secured, "allow").status_code == 200


# --- policy evaluation -------------------------------------------------------------------


def test_explicit_deny_wins_over_allow_and_returns_403_explicit_deny_output_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _outcome(_get(token_secured, "deny")) == (403, EXPLICIT_DENY, "AccessDeniedException")


def test_policy_without_matching_allow_returns_403_output_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _outcome(_get(token_secured, "other-resource")) == (
        403,
        NOT_AUTHORIZED,
        "AccessDeniedException",
    )


def test_resource_list_with_star_and_question_mark_wildcards_allows_output_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _get(token_secured, "allow-wildcards").status_code == 200


def test_action_wildcard_execute_api_star_allows_output_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _get(token_secured, "allow-any-action").status_code == 200


# --- 401 and 500 ---------------------------------------------------------------------------


def test_unauthorized_error_from_function_returns_401_kc_401(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _outcome(_get(token_secured, "unauthorized")) == (
        401,
        UNAUTHORIZED,
        "UnauthorizedException",
    )


def test_function_raising_another_error_returns_500_configuration_error_recorded_aws_log(
    token_secured: LambdaAuthorizers,
) -> None:
    assert _outcome(_get(token_secured, "raise")) == (
        500,
        CONFIGURATION_ERROR,
        "AuthorizerConfigurationException",
    )


@pytest.mark.parametrize("token", ["no-principal", "object-context", "bad-policy", "extra-key"])
def test_malformed_result_returns_500_configuration_error_output_doc(
    token_secured: LambdaAuthorizers, token: str
) -> None:
    assert _outcome(_get(token_secured, token)) == (
        500,
        CONFIGURATION_ERROR,
        "AuthorizerConfigurationException",
    )


def test_missing_permission_for_authorizers_source_arn_returns_500_recorded_aws_log(
    token_secured: LambdaAuthorizers,
) -> None:
    token_secured.stack.clients["lambda"].remove_permission(
        FunctionName=token_secured.function_name, StatementId="apigateway-authorizers"
    )
    assert (*_outcome(_get(token_secured, "allow")), token_secured.invocations()) == (
        500,
        CONFIGURATION_ERROR,
        "AuthorizerConfigurationException",
        0,
    )


# --- identity sources: 401 without calling the function -----------------------------------


def test_missing_token_header_returns_401_without_invoking_kc_401(
    token_secured: LambdaAuthorizers,
) -> None:
    assert (*_outcome(_get(token_secured)), token_secured.invocations()) == (
        401,
        UNAUTHORIZED,
        "UnauthorizedException",
        0,
    )


def test_empty_token_header_returns_401_without_invoking_kc_401(
    token_secured: LambdaAuthorizers,
) -> None:
    assert (_get(token_secured, "").status_code, token_secured.invocations()) == (401, 0)


def test_token_not_matching_identity_validation_expression_returns_401_without_invoking_kc_401(
    token_secured: LambdaAuthorizers,
) -> None:
    assert (*_outcome(_get(token_secured, "ALLOW!")), token_secured.invocations()) == (
        401,
        UNAUTHORIZED,
        "UnauthorizedException",
        0,
    )


def test_request_missing_identity_with_caching_returns_401_without_invoking_identitysource_doc(
    request_secured: LambdaAuthorizers,
) -> None:
    assert (*_outcome(_get(request_secured)), request_secured.invocations()) == (
        401,
        UNAUTHORIZED,
        "UnauthorizedException",
        0,
    )


def test_request_identity_source_missing_without_caching_calls_the_function_identitysource_doc(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    lambda_authorizers.use(lambda_authorizers.request_uncached_id)
    status = _get(lambda_authorizers).status_code  # the function answers Unauthorized
    assert (status, lambda_authorizers.invocations()) == (401, 1)


# --- caching -------------------------------------------------------------------------------


def test_result_is_cached_within_ttl_identitysource_doc(token_secured: LambdaAuthorizers) -> None:
    statuses = [_get(token_secured, "allow").status_code for _ in range(3)]
    assert (statuses, token_secured.invocations()) == ([200, 200, 200], 1)


def test_cached_result_carries_principal_and_context_identitysource_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    _get(token_secured, "allow")
    authorizer = _get(token_secured, "allow").json()["requestContext"]["authorizer"]
    assert (authorizer["principalId"], authorizer["tier"]) == ("alice", "gold")


def test_cache_is_keyed_by_identity_value_identitysource_doc(
    token_secured: LambdaAuthorizers,
) -> None:
    statuses = [_get(token_secured, token).status_code for token in ("allow", "deny", "allow")]
    assert (statuses, token_secured.invocations()) == ([200, 403, 200], 2)


def test_cached_result_expires_after_ttl_identitysource_doc(
    token_secured: LambdaAuthorizers, advance_clock: Callable[[float], None]
) -> None:
    _get(token_secured, "allow")
    advance_clock(301)
    _get(token_secured, "allow")
    assert token_secured.invocations() == 2


def test_ttl_zero_calls_the_function_every_time_identitysource_doc(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    lambda_authorizers.use(lambda_authorizers.request_uncached_id)
    statuses = [_get_request(lambda_authorizers, "allow").status_code for _ in range(2)]
    assert (statuses, lambda_authorizers.invocations()) == ([200, 200], 2)


def test_cached_policy_for_get_denies_post_with_same_token_gotcha(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    lambda_authorizers.add_method("POST")
    lambda_authorizers.use(lambda_authorizers.token_id, "POST")
    lambda_authorizers.use(lambda_authorizers.token_id, "GET")
    get = _get(lambda_authorizers, "allow-get-users")
    post = requests.post(
        lambda_authorizers.stack.invoke_url(),
        headers={"Authorization": "allow-get-users"},
        timeout=15,
    )
    assert (get.status_code, *_outcome(post), lambda_authorizers.invocations()) == (
        200,
        403,
        NOT_AUTHORIZED,
        "AccessDeniedException",
        1,
    )


def test_new_deployment_clears_the_cache_inferred(token_secured: LambdaAuthorizers) -> None:
    _get(token_secured, "allow")
    token_secured.stack.deploy()
    _get(token_secured, "allow")
    assert token_secured.invocations() == 2


# --- TestInvokeAuthorizer ------------------------------------------------------------------


def _test_invoke(auth: LambdaAuthorizers, token: str) -> dict[str, object]:
    result: dict[str, object] = auth.stack.clients["apigateway"].test_invoke_authorizer(
        restApiId=auth.stack.api_id,
        authorizerId=auth.token_id,
        headers={"Authorization": token},
    )
    return result


def test_test_invoke_authorizer_returns_principal_policy_and_context(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    result = _test_invoke(lambda_authorizers, "allow")
    policy = json.loads(str(result["policy"]))
    assert (
        result["clientStatus"],
        result["principalId"],
        policy["Statement"][0]["Effect"],
        result["claims"],
        result["authorization"],
    ) == (
        0,
        "alice",
        "Allow",
        {"tier": "gold", "count": "3", "admin": "true"},
        {"Authorization": ["allow"]},
    )


def test_test_invoke_authorizer_method_arn_uses_estestinvoke_stage_recorded_aws_log(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    claims = _test_invoke(lambda_authorizers, "echo-event")["claims"]
    assert isinstance(claims, dict)
    event = json.loads(claims["event"])
    api_id = lambda_authorizers.stack.api_id
    assert event["methodArn"] == (
        f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/ESTestInvoke-stage/GET/"
    )


def test_test_invoke_authorizer_is_never_served_from_cache(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    _test_invoke(lambda_authorizers, "allow")
    _test_invoke(lambda_authorizers, "allow")
    assert lambda_authorizers.invocations() == 2


def test_test_invoke_authorizer_unauthorized_reports_401(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    assert _test_invoke(lambda_authorizers, "unauthorized")["clientStatus"] == 401


def test_test_invoke_authorizer_malformed_result_reports_500_and_logs_why_recorded_aws_log(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    result = _test_invoke(lambda_authorizers, "extra-key")
    assert (result["clientStatus"], 'Unrecognized field "isAuthorized"' in str(result["log"])) == (
        500,
        True,
    )


def test_test_invoke_authorizer_log_shows_result_body_before_parsing_recorded_aws_log(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    log = str(_test_invoke(lambda_authorizers, "allow")["log"])
    assert "Authorizer result body before parsing: " in log


def test_cognito_authorizer_still_works_beside_lambda_authorizers(
    lambda_authorizers: LambdaAuthorizers, secured: Stack
) -> None:
    assert secured.get(token=secured.tokens()["id"]).status_code == 200


def test_create_authorizer_keeps_identity_validation_expression(
    lambda_authorizers: LambdaAuthorizers,
) -> None:
    fetched = lambda_authorizers.stack.clients["apigateway"].get_authorizer(
        restApiId=lambda_authorizers.stack.api_id, authorizerId=lambda_authorizers.token_id
    )
    assert fetched["identityValidationExpression"] == "^[a-z-]+$"

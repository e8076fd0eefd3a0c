"""Lambda authorizer output and policy evaluation (emulator/apigw/authorizer_policy.py).

[output doc] API Gateway Developer Guide, api-gateway-lambda-authorizer-output;
[IAM doc] IAM JSON policy elements (Action, Resource, wildcards) and evaluation logic;
[recorded AWS log] "Unrecognized field ... not marked as ignorable", principalId "" accepted;
[recorded DT#69823] real event: context values stringified, null kept, integrationLatency int.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from awsrules.apigateway.lambda_authorizer_policy import (
    AuthorizerResult,
    Decision,
    Malformed,
    evaluate,
    integration_context,
    parse_result,
)
from awsrules.arns import method_arn

ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/users/42"
API = "arn:aws:execute-api:us-east-1:123456789012:abc123"


def _statement(effect: str, resource: Any, action: Any = "execute-api:Invoke") -> dict[str, Any]:
    return {"Effect": effect, "Action": action, "Resource": resource}


def _output(*statements: dict[str, Any], **extra: Any) -> bytes:
    result = {
        "principalId": "alice",
        "policyDocument": {"Version": "2012-10-17", "Statement": list(statements)},
        **extra,
    }
    return json.dumps(result).encode()


def _parsed(payload: bytes) -> AuthorizerResult:
    result = parse_result(payload)
    assert isinstance(result, AuthorizerResult)
    return result


# --- method ARN ----------------------------------------------------------------------------


def test_method_arn_holds_the_request_path_without_leading_slash_input_doc() -> None:
    assert method_arn("us-east-1", "123456789012", "abc123", "dev", "GET", "/users/42") == ARN


def test_method_arn_of_root_ends_with_method_and_slash_recorded_aws_log() -> None:
    assert method_arn("us-east-1", "1", "abc", "ESTestInvoke-stage", "GET", "/") == (
        "arn:aws:execute-api:us-east-1:1:abc/ESTestInvoke-stage/GET/"
    )


# --- parsing -------------------------------------------------------------------------------


def test_well_formed_output_is_parsed_output_doc() -> None:
    result = _parsed(_output(_statement("Allow", ARN)))
    assert (result.principal_id, len(result.statements), result.context) == ("alice", 1, {})


def test_single_statement_object_is_accepted_iam_doc() -> None:
    payload = json.dumps(
        {"principalId": "a", "policyDocument": {"Statement": _statement("Allow", ARN)}}
    ).encode()
    assert len(_parsed(payload).statements) == 1


def test_empty_principal_id_is_accepted_recorded_aws_log() -> None:
    payload = json.dumps(
        {"principalId": "", "policyDocument": {"Statement": [_statement("Allow", ARN)]}}
    ).encode()
    assert _parsed(payload).principal_id == ""


def test_context_numbers_and_booleans_are_stringified_null_kept_recorded_dt69823() -> None:
    context = {"str": "hello", "num": 123, "float": 1.5, "bool": True, "no": False, "null": None}
    result = _parsed(_output(_statement("Allow", ARN), context=context))
    assert result.context == {
        "str": "hello",
        "num": "123",
        "float": "1.5",
        "bool": "true",
        "no": "false",
        "null": None,
    }


def test_usage_identifier_key_is_a_known_field_output_doc() -> None:
    assert isinstance(
        parse_result(_output(_statement("Allow", ARN), usageIdentifierKey="k")), AuthorizerResult
    )


@pytest.mark.parametrize(
    ("payload", "reason_part"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not an object"),
        (_output(_statement("Allow", ARN), isAuthorized=True), 'Unrecognized field "isAuthorized"'),
        (json.dumps({"policyDocument": {"Statement": []}}).encode(), "principalId"),
        (json.dumps({"principalId": 7, "policyDocument": {}}).encode(), "principalId"),
        (json.dumps({"principalId": "a"}).encode(), "policyDocument"),
        (json.dumps({"principalId": "a", "policyDocument": "x"}).encode(), "policyDocument"),
        (
            json.dumps({"principalId": "a", "policyDocument": {"Statement": []}}).encode(),
            "Statement",
        ),
        (_output(_statement("Maybe", ARN)), "Effect"),
        (_output({"Effect": "Allow", "Resource": ARN}), "Action and Resource"),
        (_output(_statement("Allow", 42)), "Action and Resource"),
        (_output(_statement("Allow", ARN), context={"a": {"b": 1}}), "object or an array"),
        (_output(_statement("Allow", ARN), context={"a": [1]}), "object or an array"),
        (_output(_statement("Allow", ARN), context="x"), "context is not an object"),
    ],
)
def test_malformed_output_is_rejected_output_doc(payload: bytes, reason_part: str) -> None:
    result = parse_result(payload)
    assert isinstance(result, Malformed) and reason_part in result.reason


# --- evaluation ----------------------------------------------------------------------------


def _decide(*statements: dict[str, Any], arn: str = ARN) -> Decision:
    return evaluate(_parsed(_output(*statements)).statements, arn)


def test_allow_on_the_method_arn_allows_output_doc() -> None:
    assert _decide(_statement("Allow", ARN)) is Decision.ALLOW


def test_explicit_deny_wins_over_allow_iam_doc() -> None:
    assert _decide(_statement("Allow", "*"), _statement("Deny", ARN)) is Decision.EXPLICIT_DENY


def test_deny_of_another_method_does_not_deny_iam_doc() -> None:
    decision = _decide(_statement("Allow", "*"), _statement("Deny", API + "/dev/POST/*"))
    assert decision is Decision.ALLOW


def test_no_matching_allow_is_an_implicit_deny_iam_doc() -> None:
    assert _decide(_statement("Allow", API + "/dev/POST/users")) is Decision.NO_MATCHING_ALLOW


def test_star_matches_across_slashes_output_doc() -> None:
    assert _decide(_statement("Allow", API + "/*")) is Decision.ALLOW


def test_question_mark_matches_one_character_iam_doc() -> None:
    assert _decide(_statement("Allow", API + "/d?v/GET/users/4?")) is Decision.ALLOW


def test_question_mark_does_not_match_two_characters_iam_doc() -> None:
    assert _decide(_statement("Allow", API + "/d?/GET/users/42")) is Decision.NO_MATCHING_ALLOW


def test_resource_list_allows_when_one_entry_matches_output_doc() -> None:
    decision = _decide(_statement("Allow", [API + "/prod/*", API + "/dev/GET/users/*"]))
    assert decision is Decision.ALLOW


def test_resource_is_case_sensitive_iam_doc() -> None:
    assert _decide(_statement("Allow", API + "/dev/get/users/42")) is Decision.NO_MATCHING_ALLOW


def test_action_execute_api_star_matches_invoke_iam_doc() -> None:
    assert _decide(_statement("Allow", ARN, action="execute-api:*")) is Decision.ALLOW


def test_action_is_case_insensitive_iam_doc() -> None:
    assert _decide(_statement("Allow", ARN, action="EXECUTE-API:invoke")) is Decision.ALLOW


def test_action_list_with_other_service_only_does_not_allow_iam_doc() -> None:
    decision = _decide(_statement("Allow", ARN, action=["s3:GetObject", "lambda:*"]))
    assert decision is Decision.NO_MATCHING_ALLOW


def test_not_resource_allows_every_other_resource_iam_doc() -> None:
    statement = {"Effect": "Allow", "Action": "execute-api:Invoke", "NotResource": API + "/prod/*"}
    assert _decide(statement) is Decision.ALLOW


def test_not_action_excluding_invoke_does_not_allow_iam_doc() -> None:
    statement = {"Effect": "Allow", "NotAction": "execute-api:Invoke", "Resource": "*"}
    assert _decide(statement) is Decision.NO_MATCHING_ALLOW


def test_policy_for_get_denies_post_of_the_same_path_gotcha() -> None:
    post = ARN.replace("/GET/", "/POST/")
    assert _decide(_statement("Allow", API + "/*/GET/users/*"), arn=post) is (
        Decision.NO_MATCHING_ALLOW
    )


# --- what the integration sees ---------------------------------------------------------------


def test_integration_context_has_principal_latency_and_context_recorded_dt69823() -> None:
    result = _parsed(_output(_statement("Allow", ARN), context={"n": 1, "z": None}))
    assert integration_context(result, 12) == {
        "principalId": "alice",
        "integrationLatency": 12,
        "n": "1",
        "z": None,
    }

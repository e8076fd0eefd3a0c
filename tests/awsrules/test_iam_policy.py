"""IAM's evaluation of identity-based policies, pure (awsrules/iam_policy.py; docs/aws-behaviour.md
section 28). Sources: IAM User Guide, "Policy evaluation logic" (explicit deny, implicit
deny), "IAM JSON policy elements: Action / Resource / Condition operators", "Single-valued vs.
multivalued context keys", "IAM policy elements: Variables and tags"."""

from __future__ import annotations

from typing import Any

import pytest

from awsrules.iam_policy import (
    Decision,
    RequestContext,
    UnknownConditionOperator,
    denial_message,
    evaluate,
)

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:alice-users"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def ctx(
    action: str = "lambda:GetFunction", resource: str = FUNCTION, /, **keys: tuple[str, ...]
) -> RequestContext:
    return RequestContext(action, resource, dict(keys))


def test_no_policy_is_an_implicit_deny_policy_evaluation_logic() -> None:
    assert evaluate([], ctx()) is Decision.IMPLICIT_DENY


def test_a_matching_allow_allows() -> None:
    assert evaluate([policy(allow("lambda:GetFunction", FUNCTION))], ctx()) is Decision.ALLOW


def test_explicit_deny_wins_over_allow_policy_evaluation_logic() -> None:
    deny = {"Effect": "Deny", "Action": "lambda:*", "Resource": "*"}
    assert evaluate([policy(allow("*")), policy(deny)], ctx()) is Decision.EXPLICIT_DENY


def test_actions_compare_without_case_action_element() -> None:
    assert evaluate([policy(allow("LAMBDA:getfunction"))], ctx()) is Decision.ALLOW


def test_action_wildcards_match_action_element() -> None:
    assert evaluate([policy(allow("lambda:Get*"))], ctx()) is Decision.ALLOW
    assert evaluate([policy(allow("lambda:List*"))], ctx()) is Decision.IMPLICIT_DENY


def test_not_action_allows_every_other_action() -> None:
    statement = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    assert evaluate([policy(statement)], ctx()) is Decision.ALLOW
    assert evaluate([policy(statement)], ctx("iam:GetRole")) is Decision.IMPLICIT_DENY


def test_resources_compare_with_case_resource_element() -> None:
    upper = FUNCTION.replace("alice-users", "ALICE-users")
    assert evaluate([policy(allow("lambda:*", upper))], ctx()) is Decision.IMPLICIT_DENY


def test_an_exact_name_does_not_match_a_longer_prefix_alice_vs_alice_smith() -> None:
    smith = FUNCTION.replace("alice-users", "alice-smith-users")
    assert evaluate([policy(allow("lambda:*", FUNCTION))], ctx("lambda:GetFunction", smith)) is (
        Decision.IMPLICIT_DENY
    )
    wildcard = FUNCTION.replace("alice-users", "alice-*")
    assert (
        evaluate([policy(allow("lambda:*", wildcard))], ctx("lambda:GetFunction", smith))
        is Decision.ALLOW
    )


def test_not_resource_excludes_resources() -> None:
    statement = {"Effect": "Allow", "Action": "lambda:*", "NotResource": FUNCTION}
    assert evaluate([policy(statement)], ctx()) is Decision.IMPLICIT_DENY


def test_a_single_statement_object_is_read_like_a_list() -> None:
    document = {"Version": "2012-10-17", "Statement": allow("lambda:GetFunction")}
    assert evaluate([document], ctx()) is Decision.ALLOW


TAGGED = {"StringEquals": {"aws:ResourceTag/workbook-prefix": "alice"}}


def test_string_equals_on_a_resource_tag_allows_the_tagged_resource() -> None:
    request = ctx(**{"aws:ResourceTag/workbook-prefix": ("alice",)})
    assert evaluate([policy(allow("lambda:*", Condition=TAGGED))], request) is Decision.ALLOW


def test_string_equals_refuses_another_prefix() -> None:
    request = ctx(**{"aws:ResourceTag/workbook-prefix": ("alice-smith",)})
    assert evaluate([policy(allow("lambda:*", Condition=TAGGED))], request) is (
        Decision.IMPLICIT_DENY
    )


def test_a_missing_key_fails_a_positive_operator_condition_operators() -> None:
    assert evaluate([policy(allow("lambda:*", Condition=TAGGED))], ctx()) is (
        Decision.IMPLICIT_DENY
    )


def test_a_missing_key_passes_a_negated_operator_condition_operators() -> None:
    condition = {"StringNotEquals": {"aws:ResourceTag/workbook-prefix": "bob"}}
    assert evaluate([policy(allow("lambda:*", Condition=condition))], ctx()) is Decision.ALLOW


def test_if_exists_passes_when_the_key_is_missing() -> None:
    condition = {"StringEqualsIfExists": {"aws:ResourceTag/workbook-prefix": "alice"}}
    assert evaluate([policy(allow("lambda:*", Condition=condition))], ctx()) is Decision.ALLOW


def test_condition_key_names_compare_without_case() -> None:
    request = ctx(**{"AWS:RESOURCETAG/WORKBOOK-PREFIX": ("alice",)})
    assert evaluate([policy(allow("lambda:*", Condition=TAGGED))], request) is Decision.ALLOW


def test_values_of_one_key_are_ored_and_keys_anded() -> None:
    condition = {
        "StringEquals": {
            "aws:RequestTag/workbook-prefix": ["bob", "alice"],
            "aws:RequestTag/workbook": "x",
        }
    }
    both = ctx(**{"aws:RequestTag/workbook-prefix": ("alice",), "aws:RequestTag/workbook": ("x",)})
    one = ctx(**{"aws:RequestTag/workbook-prefix": ("alice",), "aws:RequestTag/workbook": ("y",)})
    statement = allow("lambda:*", Condition=condition)
    assert evaluate([policy(statement)], both) is Decision.ALLOW
    assert evaluate([policy(statement)], one) is Decision.IMPLICIT_DENY


def test_string_like_takes_wildcards() -> None:
    condition = {"StringLike": {"aws:RequestTag/workbook-prefix": "ali?e*"}}
    request = ctx(**{"aws:RequestTag/workbook-prefix": ("alice-smith",)})
    assert evaluate([policy(allow("lambda:*", Condition=condition))], request) is Decision.ALLOW


TAG_KEYS = {"ForAllValues:StringEquals": {"aws:TagKeys": ["workbook", "workbook-prefix"]}}


def test_for_all_values_holds_when_every_tag_key_is_allowed() -> None:
    request = ctx(**{"aws:TagKeys": ("workbook", "workbook-prefix")})
    assert evaluate([policy(allow("lambda:*", Condition=TAG_KEYS))], request) is Decision.ALLOW


def test_for_all_values_fails_with_one_other_tag_key() -> None:
    request = ctx(**{"aws:TagKeys": ("workbook", "cost-center")})
    assert evaluate([policy(allow("lambda:*", Condition=TAG_KEYS))], request) is (
        Decision.IMPLICIT_DENY
    )


def test_for_all_values_holds_vacuously_without_the_key_multivalued_context_keys() -> None:
    assert evaluate([policy(allow("lambda:*", Condition=TAG_KEYS))], ctx()) is Decision.ALLOW


def test_for_any_value_needs_one_match_and_fails_without_the_key() -> None:
    condition = {"ForAnyValue:StringEquals": {"aws:TagKeys": "workbook"}}
    statement = allow("lambda:*", Condition=condition)
    assert evaluate([policy(statement)], ctx(**{"aws:TagKeys": ("x", "workbook")})) is (
        Decision.ALLOW
    )
    assert evaluate([policy(statement)], ctx()) is Decision.IMPLICIT_DENY


def test_null_true_holds_when_the_key_is_missing() -> None:
    condition = {"Null": {"aws:RequestTag/workbook-prefix": "true"}}
    deny = {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": condition}
    assert evaluate([policy(allow("*"), deny)], ctx()) is Decision.EXPLICIT_DENY
    tagged = ctx(**{"aws:RequestTag/workbook-prefix": ("alice",)})
    assert evaluate([policy(allow("*"), deny)], tagged) is Decision.ALLOW


def test_arn_like_on_passed_role_and_string_equals_on_passed_to_service() -> None:
    role = "arn:aws:iam::123456789012:role/alice-users-lambda-role"
    condition = {
        "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"},
        "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/alice"},
    }
    statement = allow("iam:PassRole", role, Condition=condition)
    to_lambda = ctx(
        "iam:PassRole",
        role,
        **{
            "iam:PassedToService": ("lambda.amazonaws.com",),
            "aws:PrincipalArn": ("arn:aws:iam::123456789012:user/alice",),
        },
    )
    to_ec2 = ctx("iam:PassRole", role, **{"iam:PassedToService": ("ec2.amazonaws.com",)})
    assert evaluate([policy(statement)], to_lambda) is Decision.ALLOW
    assert evaluate([policy(statement)], to_ec2) is Decision.IMPLICIT_DENY


def test_aws_username_variable_in_a_resource_policy_variables() -> None:
    statement = allow(
        "iam:SimulatePrincipalPolicy", "arn:aws:iam::123456789012:user/${aws:username}"
    )
    own = ctx(
        "iam:SimulatePrincipalPolicy",
        "arn:aws:iam::123456789012:user/alice",
        **{"aws:username": ("alice",)},
    )
    other = ctx(
        "iam:SimulatePrincipalPolicy",
        "arn:aws:iam::123456789012:user/bob",
        **{"aws:username": ("alice",)},
    )
    assert evaluate([policy(statement)], own) is Decision.ALLOW
    assert evaluate([policy(statement)], other) is Decision.IMPLICIT_DENY


def test_an_operator_the_evaluator_lacks_is_an_error_not_a_guess() -> None:
    condition = {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}
    with pytest.raises(UnknownConditionOperator):
        evaluate([policy(allow("*", Condition=condition))], ctx())


def test_the_implicit_denial_message_names_user_action_and_resource_access_denied_messages() -> (
    None
):
    message = denial_message(
        "arn:aws:iam::123456789012:user/alice", ctx("lambda:CreateFunction"), Decision.IMPLICIT_DENY
    )
    assert message == (
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
        "lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:"
        "alice-users because no identity-based policy allows the lambda:CreateFunction action"
    )


def test_the_explicit_denial_message_says_explicit_deny() -> None:
    message = denial_message("arn:aws:iam::1:user/a", ctx(), Decision.EXPLICIT_DENY)
    assert message.endswith("with an explicit deny in an identity-based policy")

"""ARNs and URIs: docs/aws-behaviour.md sections 5 and 13."""

from __future__ import annotations

from awsrules import arns


def test_execute_api_arn_names_stage_verb_and_resource_path() -> None:
    assert (
        arns.execute_api_arn("eu-west-1", "123456789012", "abc", "dev", "GET", "/users")
        == "arn:aws:execute-api:eu-west-1:123456789012:abc/dev/GET/users"
    )


def test_execute_api_arn_takes_the_partition() -> None:
    arn = arns.execute_api_arn("cn-north-1", "1", "abc", "*", "GET", "/users", partition="aws-cn")
    assert arn == "arn:aws-cn:execute-api:cn-north-1:1:abc/*/GET/users"


def test_method_arn_of_the_root_path_ends_with_the_verb_and_a_slash() -> None:
    assert arns.method_arn("us-east-1", "1", "abc", "dev", "GET", "/") == (
        "arn:aws:execute-api:us-east-1:1:abc/dev/GET/"
    )


def test_authorizer_source_arn_names_the_authorizer() -> None:
    assert arns.authorizer_source_arn("us-east-1", "1", "abc", "xyz") == (
        "arn:aws:execute-api:us-east-1:1:abc/authorizers/xyz"
    )


def test_lambda_integration_uri_round_trips() -> None:
    function = "arn:aws:lambda:eu-west-1:1:function:alice-users"
    uri = arns.lambda_integration_uri("eu-west-1", function)
    assert uri == (
        f"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{function}/invocations"
    )
    assert arns.parse_lambda_integration_uri(uri) == arns.LambdaTarget("eu-west-1", function)


def test_a_uri_that_is_not_lambda_is_not_parsed() -> None:
    assert arns.parse_lambda_integration_uri("https://example.com/") is None


def test_user_pool_arn_and_issuer_name_the_same_pool() -> None:
    pool = arns.user_pool_from_arn("arn:aws:cognito-idp:eu-west-1:1:userpool/eu-west-1_abc")
    assert pool == arns.UserPoolRef("eu-west-1", "eu-west-1_abc")
    assert pool is not None
    assert arns.user_pool_from_issuer(pool.issuer) == pool


def test_a_foreign_issuer_names_no_pool() -> None:
    assert arns.user_pool_from_issuer("https://evil.example.com/eu-west-1_abc") is None
    assert arns.user_pool_from_issuer(None) is None


def test_a_malformed_pool_arn_names_no_pool() -> None:
    assert arns.user_pool_from_arn("arn:aws:cognito-idp:eu-west-1:1:identitypool/x") is None

"""What a request presents to IAM: the operation from botocore's model, the action, the resource
ARN and the context keys (emulator/iam/operations.py, emulator/iam/request_context.py;
docs/aws-behaviour.md 28.5, 28.6)."""

from __future__ import annotations

import json

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from emulator.iam.operations import identify
from emulator.iam.request_context import contexts
from emulator.moto_bridge.iam_principals import IamUser

USER = IamUser("alice", "arn:aws:iam::123456789012:user/alice", "AIDAALICE", "s", True)
TAGS = {"workbook": "cognito-authorizer", "workbook-prefix": "alice"}


def _request(method: str, path: str, body: bytes = b"", **headers: str) -> Request:
    builder = EnvironBuilder(method=method, path=path, data=body, headers=list(headers.items()))
    environ = builder.get_environ()
    environ["REQUEST_URI"] = path
    return Request(environ)


def _contexts(service: str, request: Request) -> list[tuple[str, str, dict[str, tuple[str, ...]]]]:
    operation = identify(request, service)
    assert operation is not None
    return [(c.action, c.resource, dict(c.keys)) for c in contexts(operation, "us-east-1", USER)]


def test_create_function_with_a_role_also_needs_pass_role_to_lambda() -> None:
    body = json.dumps({"FunctionName": "alice-users", "Role": "arn:aws:iam::123456789012:role/r"})
    found = _contexts("lambda", _request("POST", "/2015-03-31/functions", body.encode()))
    assert [(action, resource) for action, resource, _ in found] == [
        ("lambda:CreateFunction", "arn:aws:lambda:us-east-1:123456789012:function:alice-users"),
        ("iam:PassRole", "arn:aws:iam::123456789012:role/r"),
    ]
    assert found[1][2]["iam:PassedToService"] == ("lambda.amazonaws.com",)


def test_invoke_is_lambda_invoke_function_on_the_function_without_its_qualifier() -> None:
    arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af%3A1"
    path = f"/2015-03-31/functions/{arn}/invocations"
    [(action, resource, _)] = _contexts("lambda", _request("POST", path))
    assert (action, resource) == (
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
    )


def test_a_log_group_is_presented_as_aws_names_it_in_denials() -> None:
    body = json.dumps({"logGroupName": "/aws/lambda/alice-users", "tags": TAGS}).encode()
    request = _request("POST", "/", body, **{"X-Amz-Target": "Logs_20140328.CreateLogGroup"})
    [(action, resource, keys)] = _contexts("logs", request)
    assert (action, resource) == (
        "logs:CreateLogGroup",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alice-users:log-stream:",
    )
    assert keys["aws:TagKeys"] == ("workbook", "workbook-prefix")


def test_create_user_pool_is_on_star_with_its_request_tags() -> None:
    body = json.dumps({"PoolName": "p", "UserPoolTags": TAGS}).encode()
    target = "AWSCognitoIdentityProviderService.CreateUserPool"
    [(action, resource, keys)] = _contexts(
        "cognito-idp", _request("POST", "/", body, **{"X-Amz-Target": target})
    )
    assert (action, resource, keys["aws:RequestTag/workbook-prefix"]) == (
        "cognito-idp:CreateUserPool",
        "*",
        ("alice",),
    )


def test_an_api_gateway_call_is_its_verb_on_its_path() -> None:
    request = _request("PATCH", "/restapis/abc123/resources/r1/methods/GET")
    [(action, resource, keys)] = _contexts("apigateway", request)
    assert (action, resource, "aws:ResourceTag/workbook-prefix" in keys) == (
        "apigateway:PATCH",
        "arn:aws:apigateway:us-east-1::/restapis/abc123/resources/r1/methods/GET",
        False,  # no such API in moto: no tags to present
    )


def test_iam_tags_are_read_from_the_query_protocols_members() -> None:
    body = (
        b"Action=CreateRole&Version=2010-05-08&RoleName=alice-users-lambda-role"
        b"&Tags.member.1.Key=workbook-prefix&Tags.member.1.Value=alice"
    )
    request = _request("POST", "/", body, **{"Content-Type": "application/x-www-form-urlencoded"})
    [(action, resource, keys)] = _contexts("iam", request)
    assert (action, resource, keys["aws:RequestTag/workbook-prefix"]) == (
        "iam:CreateRole",
        "arn:aws:iam::123456789012:role/alice-users-lambda-role",
        ("alice",),
    )


def test_the_callers_keys_are_in_every_context() -> None:
    [(_, _, keys)] = _contexts("lambda", _request("GET", "/2015-03-31/functions/"))
    assert (keys["aws:username"], keys["aws:PrincipalArn"], keys["aws:RequestedRegion"]) == (
        ("alice",),
        (USER.arn,),
        ("us-east-1",),
    )

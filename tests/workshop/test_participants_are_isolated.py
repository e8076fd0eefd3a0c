"""Participant ``alice``'s credentials cannot change participant ``alice-smith``'s resources,
although one prefix starts the other: each kind (role, function, log group, REST API, user
pool, its users) answers AccessDenied in its service's protocol and is unchanged afterwards;
and alice cannot create a REST API or pool without her tags, or with alice-smith's
(docs/aws-behaviour.md 28.7, 28.8)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.process import EmulatorProcess
from helpers.config import ResourceNames, workbook_tags
from helpers.iam import LAMBDA_TRUST_POLICY
from tests.workshop.participants import ACCOUNT, REGION, Participant

ASSUME_LAMBDA = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def lambda_handler(event, context):\n    return 1\n")
    return buffer.getvalue()


@dataclass(frozen=True)
class Stack:
    """alice-smith's resources, made with alice-smith's own credentials."""

    api_id: str
    pool_id: str


@pytest.fixture(scope="module")
def smith_stack(alice_smith: Participant) -> Stack:
    session, url = alice_smith.session(), alice_smith.url
    names = ResourceNames(alice_smith.name)
    tags = workbook_tags(alice_smith.name)
    iam = session.client("iam", endpoint_url=url)
    role = iam.create_role(
        RoleName=names.role,
        AssumeRolePolicyDocument=ASSUME_LAMBDA,
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
        PermissionsBoundary=alice_smith.boundary_arn,
    )["Role"]["Arn"]
    session.client("logs", endpoint_url=url).create_log_group(
        logGroupName=names.log_group, tags=tags
    )
    session.client("lambda", endpoint_url=url).create_function(
        FunctionName=names.function,
        Runtime="python3.12",
        Role=role,
        Handler="app.lambda_handler",
        Code={"ZipFile": _zip()},
        Tags=tags,
    )
    api_id = session.client("apigateway", endpoint_url=url).create_rest_api(
        name=names.rest_api, tags=tags
    )["id"]
    idp = session.client("cognito-idp", endpoint_url=url)
    pool_id = idp.create_user_pool(PoolName=names.user_pool, UserPoolTags=tags)["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username=names.user)
    return Stack(api_id, pool_id)


def _denied(call: Callable[[], Any]) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return (
        str(response["Error"]["Code"]),
        int(response["ResponseMetadata"]["HTTPStatusCode"]),
        str(response["Error"]["Message"]),
    )


def _message(action: str, resource: str) -> str:
    return (
        f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: {action} on "
        f"resource: {resource} because no identity-based policy allows the {action} action"
    )


SMITH = ResourceNames("alice-smith")


def test_alice_cannot_delete_alice_smiths_role_403_access_denied(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    iam = alice.session().client("iam", endpoint_url=alice.url)
    arn = f"arn:aws:iam::{ACCOUNT}:role/{SMITH.role}"
    assert _denied(lambda: iam.delete_role(RoleName=SMITH.role)) == (
        "AccessDenied",
        403,
        _message("iam:DeleteRole", arn),
    )
    assert _owner(iam_emulator, "iam").get_role(RoleName=SMITH.role)["Role"]["Arn"] == arn


def test_alice_cannot_update_alice_smiths_function_403_access_denied_exception(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    lam = alice.session().client("lambda", endpoint_url=alice.url)
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{SMITH.function}"
    update = lambda: lam.update_function_configuration(  # noqa: E731
        FunctionName=SMITH.function, Handler="evil.handler"
    )
    assert _denied(update) == (
        "AccessDeniedException",
        403,
        _message("lambda:UpdateFunctionConfiguration", arn),
    )
    owner = _owner(iam_emulator, "lambda")
    assert owner.get_function_configuration(FunctionName=SMITH.function)["Handler"] == (
        "app.lambda_handler"
    )


def test_alice_cannot_delete_alice_smiths_log_group_400_access_denied_exception(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    logs = alice.session().client("logs", endpoint_url=alice.url)
    arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{SMITH.log_group}:log-stream:"
    assert _denied(lambda: logs.delete_log_group(logGroupName=SMITH.log_group)) == (
        "AccessDeniedException",
        400,
        _message("logs:DeleteLogGroup", arn),
    )
    groups = _owner(iam_emulator, "logs").describe_log_groups(logGroupNamePrefix=SMITH.log_group)
    assert [g["logGroupName"] for g in groups["logGroups"]] == [SMITH.log_group]


def test_alice_cannot_delete_alice_smiths_rest_api_403_by_its_tags(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    apigw = alice.session().client("apigateway", endpoint_url=alice.url)
    arn = f"arn:aws:apigateway:{REGION}::/restapis/{smith_stack.api_id}"
    assert _denied(lambda: apigw.delete_rest_api(restApiId=smith_stack.api_id)) == (
        "AccessDeniedException",
        403,
        _message("apigateway:DELETE", arn),
    )
    assert _owner(iam_emulator, "apigateway").get_rest_api(restApiId=smith_stack.api_id)["name"]


def test_alice_cannot_add_a_resource_under_alice_smiths_rest_api_children_inherit_its_tags(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    owner = _owner(iam_emulator, "apigateway")
    root = owner.get_resources(restApiId=smith_stack.api_id)["items"][0]["id"]
    apigw = alice.session().client("apigateway", endpoint_url=alice.url)
    create = lambda: apigw.create_resource(  # noqa: E731
        restApiId=smith_stack.api_id, parentId=root, pathPart="evil"
    )
    arn = f"arn:aws:apigateway:{REGION}::/restapis/{smith_stack.api_id}/resources/{root}"
    assert _denied(create) == ("AccessDeniedException", 403, _message("apigateway:POST", arn))
    assert len(owner.get_resources(restApiId=smith_stack.api_id)["items"]) == 1


def test_alice_cannot_delete_alice_smiths_user_pool_400_by_its_tags(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    idp = alice.session().client("cognito-idp", endpoint_url=alice.url)
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{smith_stack.pool_id}"
    assert _denied(lambda: idp.delete_user_pool(UserPoolId=smith_stack.pool_id)) == (
        "AccessDeniedException",
        400,
        _message("cognito-idp:DeleteUserPool", arn),
    )
    pool = _owner(iam_emulator, "cognito-idp").describe_user_pool(UserPoolId=smith_stack.pool_id)
    assert pool["UserPool"]["Name"] == SMITH.user_pool


def test_alice_cannot_reset_the_password_of_alice_smiths_user(
    alice: Participant, smith_stack: Stack, iam_emulator: EmulatorProcess
) -> None:
    idp = alice.session().client("cognito-idp", endpoint_url=alice.url)
    reset = lambda: idp.admin_set_user_password(  # noqa: E731
        UserPoolId=smith_stack.pool_id,
        Username=SMITH.user,
        Password="Hijacked-1234",
        Permanent=True,
    )
    arn = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{smith_stack.pool_id}"
    assert _denied(reset) == (
        "AccessDeniedException",
        400,
        _message("cognito-idp:AdminSetUserPassword", arn),
    )
    user = _owner(iam_emulator, "cognito-idp").admin_get_user(
        UserPoolId=smith_stack.pool_id, Username=SMITH.user
    )
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_alice_cannot_create_an_untagged_rest_api(alice: Participant) -> None:
    apigw = alice.session().client("apigateway", endpoint_url=alice.url)
    arn = f"arn:aws:apigateway:{REGION}::/restapis"
    assert _denied(lambda: apigw.create_rest_api(name="alice-untagged")) == (
        "AccessDeniedException",
        403,
        _message("apigateway:POST", arn),
    )


def test_alice_cannot_create_a_rest_api_tagged_with_alice_smiths_prefix(
    alice: Participant,
) -> None:
    apigw = alice.session().client("apigateway", endpoint_url=alice.url)
    create = lambda: apigw.create_rest_api(  # noqa: E731
        name="alice-smith-users-api", tags=workbook_tags("alice-smith")
    )
    code, status, _ = _denied(create)
    assert (code, status) == ("AccessDeniedException", 403)


def test_alice_cannot_create_an_untagged_user_pool(alice: Participant) -> None:
    idp = alice.session().client("cognito-idp", endpoint_url=alice.url)
    assert _denied(lambda: idp.create_user_pool(PoolName="alice-untagged")) == (
        "AccessDeniedException",
        400,
        _message("cognito-idp:CreateUserPool", "*"),
    )


def test_alice_cannot_create_a_user_pool_with_an_extra_tag_key(alice: Participant) -> None:
    """``ForAllValues:StringEquals aws:TagKeys``: no tag key beyond the workbook's two."""
    idp = alice.session().client("cognito-idp", endpoint_url=alice.url)
    tags = {**workbook_tags("alice"), "cost-center": "elsewhere"}
    code, status, _ = _denied(lambda: idp.create_user_pool(PoolName="x", UserPoolTags=tags))
    assert (code, status) == ("AccessDeniedException", 400)


def test_alice_cannot_pass_alice_smiths_role_to_her_own_function(
    alice: Participant, smith_stack: Stack
) -> None:
    lam = alice.session().client("lambda", endpoint_url=alice.url)
    role = f"arn:aws:iam::{ACCOUNT}:role/{SMITH.role}"
    create = lambda: lam.create_function(  # noqa: E731
        FunctionName="alice-users",
        Runtime="python3.12",
        Role=role,
        Handler="app.lambda_handler",
        Code={"ZipFile": _zip()},
        Tags=workbook_tags("alice"),
    )
    assert _denied(create) == ("AccessDeniedException", 403, _message("iam:PassRole", role))


@pytest.mark.parametrize("boundary", [None, "alice-smith-workbook-boundary"])
def test_alice_cannot_create_her_execution_role_without_her_own_permissions_boundary(
    alice: Participant, boundary: str | None
) -> None:
    """Without the boundary a role with her inline policy could do anything (docs 28.12); the
    whole-course test shows the same CreateRole with her boundary is allowed."""
    iam = alice.session().client("iam", endpoint_url=alice.url)
    extra = {"PermissionsBoundary": f"arn:aws:iam::{ACCOUNT}:policy/{boundary}"} if boundary else {}
    create = lambda: iam.create_role(  # noqa: E731
        RoleName="alice-users-lambda-role",
        AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST_POLICY),
        Tags=[{"Key": k, "Value": v} for k, v in workbook_tags("alice").items()],
        **extra,
    )
    role = f"arn:aws:iam::{ACCOUNT}:role/alice-users-lambda-role"
    assert _denied(create) == ("AccessDenied", 403, _message("iam:CreateRole", role))


def test_alice_may_read_her_identity_without_any_permission(alice: Participant) -> None:
    """sts:GetCallerIdentity needs no permission [doc: STS API Reference]."""
    sts = alice.session().client("sts", endpoint_url=alice.url)
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"


def _owner(emulator: EmulatorProcess, service: str) -> Any:
    import boto3

    session = boto3.Session(region_name=REGION, **emulator.credentials.boto3_kwargs())
    return session.client(service, endpoint_url=emulator.url)

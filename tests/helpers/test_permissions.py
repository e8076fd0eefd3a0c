"""The course's IAM actions as data (helpers/permissions.py): the README section is generated
from it, 00's preflight simulates it, and an AccessDenied anywhere names the action."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.stub import Stubber

from helpers import permissions, preflight
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from helpers.errors import PermissionDenied

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "apigateway": "apigateway",
    "cognito-idp": "cognito-idp",
    "iam": "iam",
    "lambda": "lambda",
    "logs": "logs",
}
NOT_OPERATIONS = {"iam:PassRole", "lambda:InvokeFunction"}  # actions without an API of the name
ACCOUNT = "123456789012"
FUNCTION_ARN = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:alice-users"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/Workshop"


def aws_workbook() -> Workbook:
    return Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )


def operations(service: str) -> set[str]:
    client = boto3.client(
        service, region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    return set(client.meta.service_model.operation_names)


# --- the list ------------------------------------------------------------------------------


def test_the_readme_section_is_the_one_generated_from_the_list() -> None:
    readme = (ROOT / "README.md").read_text()
    assert permissions.readme_section() in readme


def test_the_readme_says_power_user_access_is_not_enough() -> None:
    section = (ROOT / "README.md").read_text().split("## Permissions your AWS identity needs")[1]
    assert "PowerUserAccess" in section.split("\n## ")[0]


def test_every_action_is_listed_once() -> None:
    assert len(set(permissions.ACTIONS)) == len(permissions.ACTIONS)


@pytest.mark.parametrize(
    "action",
    [a for a in permissions.ACTIONS if a not in NOT_OPERATIONS and not a.startswith("apigateway:")],
)
def test_each_action_is_an_operation_of_its_service(action: str) -> None:
    service, name = action.split(":")
    assert name in operations(service)


def unlisted_calls(modules: list[Path], listed: set[str]) -> list[str]:
    """The operations ``modules`` call (``.snake_name(`` or a paginator) whose action is not in
    ``listed``."""
    source = "\n".join(p.read_text() for p in modules)
    called = set(re.findall(r"\.([a-z_]+)\(", source)) | set(
        re.findall(r'get_paginator\("([a-z_]+)"\)', source)
    )
    owners: dict[str, set[str]] = {}
    for service in SERVICES:
        for operation in operations(service):
            owners.setdefault(xform_name(operation), set()).add(f"{service}:{operation}")
    unlisted = []
    for snake in sorted(called & set(owners)):
        candidates = {action_of(a) for a in owners[snake]}
        if not candidates & listed:
            unlisted.append(f"{snake} -> {sorted(candidates)}")
    return unlisted


def helper_modules(*, facilitator: bool) -> list[Path]:
    modules = sorted((ROOT / "helpers").glob("*.py"))
    return [m for m in modules if (m.stem in permissions.FACILITATOR_MODULES) == facilitator]


def test_every_operation_the_course_helpers_call_has_its_action_listed() -> None:
    assert unlisted_calls(helper_modules(facilitator=False), set(permissions.ACTIONS)) == []


def test_the_facilitators_actions_are_not_in_the_course_list() -> None:
    """The participant policy (generated from PERMISSIONS) stays without the room-wide
    listings; with the test above, a course helper that called ListFunctions fails."""
    facilitator_only = {p.action for p in permissions.FACILITATOR_PERMISSIONS}
    assert not facilitator_only & set(permissions.ACTIONS)


def test_every_operation_the_facilitators_tools_call_is_listed_in_one_of_the_two_lists() -> None:
    both = set(permissions.ACTIONS) | {p.action for p in permissions.FACILITATOR_PERMISSIONS}
    modules = helper_modules(facilitator=True)
    assert [m.stem for m in modules] == sorted(permissions.FACILITATOR_MODULES)
    assert unlisted_calls(modules, both) == []


def action_of(operation: str) -> str:
    service, name = operation.split(":")
    if service == "apigateway":
        client = boto3.client(
            service, region_name="eu-west-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
        return f"apigateway:{client.meta.service_model.operation_model(name).http['method']}"
    return "lambda:InvokeFunction" if operation == "lambda:Invoke" else operation


# --- AccessDenied anywhere: one WorkbookError naming the action ----------------------------


def test_access_denied_names_the_action_and_what_to_ask_for() -> None:
    wb = aws_workbook()
    with Stubber(wb.client("lambda")) as stubber:
        stubber.add_client_error(
            "list_tags",
            "AccessDeniedException",
            f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
            f"lambda:ListTags on resource: {FUNCTION_ARN} because no identity-based policy allows "
            "the lambda:ListTags action",
            403,
        )
        with pytest.raises(PermissionDenied) as raised:
            wb.client("lambda").list_tags(
                Resource="arn:aws:lambda:eu-west-1:123456789012:function:alice-users"
            )
    assert raised.value.action == "lambda:ListTags"
    message = str(raised.value)
    assert message.startswith("Your AWS identity may not call lambda:ListTags (")
    assert (
        "The course needs it to check a function is yours (its tags) (notebook 00, 01, 08, 99)."
        in message
    )
    assert "Ask your account's administrator to allow lambda:ListTags" in message


def test_the_action_the_message_names_wins_over_the_operations_own() -> None:
    # CreateFunction is refused when the caller may not pass the execution role.
    wb = aws_workbook()
    with Stubber(wb.client("lambda")) as stubber:
        stubber.add_client_error(
            "get_function",
            "AccessDeniedException",
            f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
            f"iam:PassRole on resource: arn:aws:iam::{ACCOUNT}:role/alice-users-lambda-role",
            403,
        )
        with pytest.raises(PermissionDenied, match=r"may not call iam:PassRole .*hand a role"):
            wb.client("lambda").get_function(FunctionName="alice-users")


@pytest.mark.parametrize(
    ("call", "code", "action"),
    [
        ("update_method", "AccessDeniedException", "apigateway:PATCH"),
        ("get_rest_apis", "AccessDeniedException", "apigateway:GET"),
    ],
)
def test_api_gateway_denials_name_the_http_verb_action(call: str, code: str, action: str) -> None:
    wb = aws_workbook()
    client = wb.client("apigateway")
    with Stubber(client) as stubber:
        stubber.add_client_error(call, code, "User is not authorized to access this resource", 403)
        kwargs: dict[str, Any] = (
            {"restApiId": "a", "resourceId": "r", "httpMethod": "GET"}
            if call == "update_method"
            else {}
        )
        with pytest.raises(PermissionDenied) as raised:
            getattr(client, call)(**kwargs)
    assert raised.value.action == action


def test_iams_own_access_denied_code_is_converted_too() -> None:
    wb = aws_workbook()
    with Stubber(wb.client("iam")) as stubber:
        stubber.add_client_error("create_role", "AccessDenied", "not authorized", 403)
        with pytest.raises(PermissionDenied, match=r"may not call iam:CreateRole"):
            wb.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")


def test_a_wrong_password_is_not_an_iam_denial() -> None:
    wb = aws_workbook()
    with Stubber(wb.client("cognito-idp")) as stubber:
        stubber.add_client_error(
            "initiate_auth", "NotAuthorizedException", "Incorrect username or password.", 400
        )
        with pytest.raises(Exception) as raised:
            wb.client("cognito-idp").initiate_auth(
                AuthFlow="USER_SRP_AUTH", ClientId="c", AuthParameters={}
            )
    assert not isinstance(raised.value, PermissionDenied)


# --- 00's preflight --------------------------------------------------------------------------


@pytest.fixture
def simulated() -> Iterator[tuple[Workbook, Stubber, Stubber]]:
    wb = aws_workbook()
    with Stubber(wb.client("sts")) as sts, Stubber(wb.client("iam")) as iam:
        sts.add_response(
            "get_caller_identity",
            {
                "Account": ACCOUNT,
                "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/Workshop/alice",
                "UserId": "AROA:alice",
            },
        )
        iam.add_response(
            "get_role",
            {
                "Role": {
                    "Path": "/aws-reserved/sso.amazonaws.com/",
                    "RoleName": "Workshop",
                    "RoleId": "AROAEXAMPLEEXAMPLE12",
                    "Arn": ROLE_ARN,
                    "CreateDate": "2026-01-01T00:00:00Z",
                }
            },
            {"RoleName": "Workshop"},
        )
        yield wb, sts, iam


def test_the_preflight_names_the_actions_the_simulator_denies(
    simulated: tuple[Workbook, Stubber, Stubber],
) -> None:
    wb, _, iam = simulated
    denied = {"iam:CreateRole", "iam:PassRole"}
    iam.add_response(
        "simulate_principal_policy",
        {
            "EvaluationResults": [
                {
                    "EvalActionName": action,
                    "EvalDecision": "implicitDeny" if action in denied else "allowed",
                }
                for action in permissions.ACTIONS
            ],
            "IsTruncated": False,
        },
        {
            "PolicySourceArn": ROLE_ARN,
            "ActionNames": list(permissions.ACTIONS),
        },
    )
    report = preflight.check_permissions(wb)
    assert (report.checked, report.missing) == (True, ("iam:CreateRole", "iam:PassRole"))
    assert report.summary.startswith(
        f"2 of {len(permissions.ACTIONS)} actions are denied for arn:aws:iam::{ACCOUNT}:role/"
    )


def test_a_denied_simulation_is_reported_as_not_checked(
    simulated: tuple[Workbook, Stubber, Stubber],
) -> None:
    wb, _, iam = simulated
    iam.add_client_error(
        "simulate_principal_policy",
        "AccessDenied",
        "User is not authorized to perform: iam:SimulatePrincipalPolicy",
        403,
    )
    report = preflight.check_permissions(wb)
    assert (report.checked, report.missing) == (False, ())
    assert report.summary.startswith(
        "Permissions not checked: iam:SimulatePrincipalPolicy itself is denied for your identity."
    )


def test_another_simulator_error_is_reported_not_raised(
    simulated: tuple[Workbook, Stubber, Stubber],
) -> None:
    wb, _, iam = simulated
    iam.add_client_error("simulate_principal_policy", "InvalidInput", "Too many actions", 400)
    report = preflight.check_permissions(wb)
    assert report.summary.startswith(
        "Permissions not checked: the simulator answered InvalidInput: Too many actions."
    )


def test_the_emulator_checks_no_permissions() -> None:
    wb = Workbook(
        WorkbookConfig(backend="local", region="us-east-1", prefix="a", emulator_url="http://x"),
        boto3.Session(aws_access_key_id="t", aws_secret_access_key="t", region_name="us-east-1"),
    )
    report = preflight.check_permissions(wb)
    assert (report.checked, report.missing) == (False, ())
    assert report.summary.startswith("Local emulator: no IAM permissions to check")

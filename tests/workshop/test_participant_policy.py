"""The participant policy (workshop/participant_policy.py; docs/aws-behaviour.md 28.8): the
committed JSON is the generator's output, parliament finds nothing in it and knows the actions,
its actions are exactly helpers/permissions.py's, and each scope is what the Service
Authorization Reference allows (read from parliament's copy of it, iam_definition.json)."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import parliament  # type: ignore[import-untyped]
import pytest
from parliament import analyze_policy_string

from helpers.permissions import ACTIONS, PERMISSIONS, Scope
from workshop.participant_policy import (
    BOUNDARY_FILE,
    EXAMPLE_ACCOUNT,
    EXAMPLE_PREFIX,
    EXAMPLE_REGION,
    POLICY_FILE,
    boundary_policy,
    participant_policy,
    policy_json,
)

ROOT = Path(__file__).resolve().parents[2]
MANAGED_POLICY_LIMIT = 6144
"""IAM quota: a customer managed policy's characters, white space not counted [doc: IAM User
Guide, "IAM and AWS STS quotas"]; a user's inline policies may total only 2,048."""


def _policy() -> dict[str, Any]:
    return participant_policy(EXAMPLE_PREFIX, EXAMPLE_ACCOUNT, EXAMPLE_REGION)


def _actions(policy: dict[str, Any]) -> list[str]:
    return [action for statement in policy["Statement"] for action in statement["Action"]]


def test_the_committed_policy_is_the_generators_output_for_the_example() -> None:
    assert POLICY_FILE.read_text() == policy_json(_policy())


def test_the_command_line_prints_the_policy_for_a_prefix() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "workshop.participant_policy", "--prefix", "bob"]
        + ["--account", "210987654321", "--region", "eu-west-1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert json.loads(printed) == participant_policy("bob", "210987654321", "eu-west-1")


def test_the_command_line_refuses_a_prefix_the_workbook_would_not_use() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workshop.participant_policy", "--prefix", "Alice Smith"]
        + ["--account", "123456789012"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "try 'alice-smith'" in done.stderr


def test_parliament_finds_nothing_in_the_policy() -> None:
    findings = analyze_policy_string(policy_json(_policy())).findings
    assert [(f.issue, f.detail) for f in findings] == []


JUSTIFIED_COMMUNITY_FINDINGS = {
    # cognito-idp:DescribeUserPoolClient returns an app client's secret: 07 reads the machine
    # client's secret for the client-credentials grant; only on the participant's own pools.
    ("CREDENTIALS_EXPOSURE", ""): "07 reads its own machine client's secret",
    # The course creates its two execution roles, their inline log policy, and Lambda
    # permissions for API Gateway: on the two exact role ARNs and the two functions only.
    ("PERMISSIONS_MANAGEMENT_ACTIONS", ""): "the course makes its own roles and permissions",
    # PassRole + CreateFunction + InvokeFunction, UpdateFunctionCode and PutRolePolicy: a
    # participant can run code as their own execution role and write its inline policy. The
    # roles can only be created with the participant's permissions boundary
    # (iam:PermissionsBoundary; parliament does not read conditions), which caps them at
    # writing their two log groups whatever the inline policy says (docs 28.12).
    ("PRIVILEGE_ESCALATION", ""): "own execution roles only, capped by their boundary",
}


def test_parliaments_community_auditors_find_only_the_justified_issues() -> None:
    findings = analyze_policy_string(
        policy_json(_policy()), include_community_auditors=True
    ).findings
    assert {(f.issue, f.detail) for f in findings} == set(JUSTIFIED_COMMUNITY_FINDINGS)


def test_parliament_reports_a_misspelt_action_so_it_really_knows_the_actions() -> None:
    policy = _policy()
    policy["Statement"][0]["Action"].append("lambda:CreateFunctoin")
    findings = analyze_policy_string(policy_json(policy)).findings
    assert [(f.issue, f.detail) for f in findings] == [
        ("UNKNOWN_ACTION", "Unknown action lambda:CreateFunctoin")
    ]


def test_the_policys_actions_are_helpers_permissions_and_nothing_more() -> None:
    actions = _actions(_policy())
    assert sorted(set(actions)) == sorted(ACTIONS)


def test_the_policy_fits_a_customer_managed_policy() -> None:
    compact = json.dumps(_policy(), separators=(",", ":"))
    assert len(compact) < MANAGED_POLICY_LIMIT


def test_names_are_exact_no_arn_ends_in_the_prefix_and_a_wildcard() -> None:
    """``alice-*`` would match ``alice-smith-*``: every ARN names the whole resource."""
    resources = [
        resource
        for statement in _policy()["Statement"]
        for resource in (
            [statement["Resource"]]
            if isinstance(statement["Resource"], str)
            else statement["Resource"]
        )
    ]
    assert [r for r in resources if f"{EXAMPLE_PREFIX}-*" in r or f"{EXAMPLE_PREFIX}*" in r] == []


@cache
def _reference() -> dict[str, dict[str, Any]]:
    path = Path(parliament.__file__).with_name("iam_definition.json")
    services = json.loads(path.read_text())
    return {
        f"{service['prefix']}:{privilege['privilege']}": privilege
        for service in services
        for privilege in service["privileges"]
    }


def _resource_types(action: str) -> set[str]:
    types = {r["resource_type"].rstrip("*") for r in _reference()[action]["resource_types"]}
    return types - {""}


@pytest.mark.parametrize(
    "action",
    [p.action for p in PERMISSIONS if Scope.ANY in p.scopes or Scope.USER_POOL_CREATE in p.scopes],
)
def test_resource_star_only_for_actions_without_a_resource_type(action: str) -> None:
    """Service Authorization Reference: no resource type means ``"Resource": "*"``."""
    assert _resource_types(action) == set()


@pytest.mark.parametrize(
    "action",
    [p.action for p in PERMISSIONS if not {Scope.ANY, Scope.USER_POOL_CREATE} & set(p.scopes)],
)
def test_every_other_action_has_a_resource_type_to_scope_by(action: str) -> None:
    assert _resource_types(action) != set()


@pytest.mark.parametrize(
    "action",
    [
        p.action
        for p in PERMISSIONS
        if Scope.REST_API_CREATE in p.scopes or Scope.USER_POOL_CREATE in p.scopes
    ],
)
def test_creation_is_scoped_by_request_tags_the_action_supports(action: str) -> None:
    keys = {k for r in _reference()[action]["resource_types"] for k in r["condition_keys"]}
    assert {"aws:RequestTag/${TagKey}", "aws:TagKeys"} <= keys


def test_pass_role_supports_passed_to_service() -> None:
    keys = {k for r in _reference()["iam:PassRole"]["resource_types"] for k in r["condition_keys"]}
    assert "iam:PassedToService" in keys


# --- the permissions boundary of the execution roles (docs 28.12) ---------------------------


def test_the_committed_boundary_is_the_generators_output_for_the_example() -> None:
    expected = boundary_policy(EXAMPLE_PREFIX, EXAMPLE_ACCOUNT, EXAMPLE_REGION)
    assert BOUNDARY_FILE.read_text() == policy_json(expected)


def test_the_boundary_allows_only_the_log_writes_of_the_two_log_groups() -> None:
    document = boundary_policy("alice", "123456789012", "eu-west-1")
    actions = {a for s in document["Statement"] for a in s["Action"]}
    resources = {s["Resource"] for s in document["Statement"]}
    assert actions == {"logs:CreateLogStream", "logs:PutLogEvents"}
    assert resources == {
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/alice-users:*",
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/alice-token-authorizer:*",
    }
    assert analyze_policy_string(policy_json(document)).findings == []


def test_create_role_is_allowed_only_with_the_participants_boundary() -> None:
    statements = [s for s in _policy()["Statement"] if "iam:CreateRole" in s["Action"]]
    assert len(statements) == 1
    assert statements[0]["Condition"] == {
        "ArnEquals": {
            "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/alice-workbook-boundary"
        }
    }
    assert not any(
        a.startswith(("iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"))
        for s in _policy()["Statement"]
        for a in s["Action"]
    )


def test_the_command_line_prints_the_boundary_with_boundary() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "workshop.participant_policy", "--prefix", "bob", "--boundary"]
        + ["--account", "210987654321", "--region", "eu-west-1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert printed == policy_json(boundary_policy("bob", "210987654321", "eu-west-1"))

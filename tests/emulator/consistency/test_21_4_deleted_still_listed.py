"""List calls keep showing deleted roles and inline policies for a while
(docs/aws-behaviour.md 21.4)."""

from __future__ import annotations

import json

from emulator.consistency.behaviours import DELETED_STILL_LISTED
from tests.emulator.consistency.conftest import TRUST_LAMBDA, Eventual, wait_until

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
    }
)


def role_names(eventual: Eventual) -> list[str]:
    return [role["RoleName"] for role in eventual.client("iam").list_roles()["Roles"]]


def test_list_roles_still_lists_a_just_deleted_role(eventual: Eventual) -> None:
    iam = eventual.client("iam")
    iam.create_role(RoleName="kept", AssumeRolePolicyDocument=TRUST_LAMBDA)
    iam.create_role(RoleName="gone", AssumeRolePolicyDocument=TRUST_LAMBDA)
    iam.delete_role(RoleName="gone")
    assert sorted(role_names(eventual)) == ["gone", "kept"]


def test_list_roles_drops_the_deleted_role_after_the_delay(eventual: Eventual) -> None:
    iam = eventual.client("iam")
    iam.create_role(RoleName="gone", AssumeRolePolicyDocument=TRUST_LAMBDA)
    iam.delete_role(RoleName="gone")
    assert wait_until(
        lambda: role_names(eventual) == [], within=eventual.deadline(DELETED_STILL_LISTED)
    )


def test_list_role_policies_still_lists_a_just_deleted_inline_policy(eventual: Eventual) -> None:
    iam = eventual.client("iam")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST_LAMBDA)
    eventual.skip(DELETED_STILL_LISTED)
    iam.put_role_policy(RoleName="app-role", PolicyName="logs", PolicyDocument=POLICY)
    iam.delete_role_policy(RoleName="app-role", PolicyName="logs")
    assert iam.list_role_policies(RoleName="app-role")["PolicyNames"] == ["logs"]


def test_list_role_policies_drops_the_deleted_policy_after_the_delay(eventual: Eventual) -> None:
    iam = eventual.client("iam")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST_LAMBDA)
    iam.put_role_policy(RoleName="app-role", PolicyName="logs", PolicyDocument=POLICY)
    iam.delete_role_policy(RoleName="app-role", PolicyName="logs")
    assert wait_until(
        lambda: iam.list_role_policies(RoleName="app-role")["PolicyNames"] == [],
        within=eventual.deadline(DELETED_STILL_LISTED),
    )

"""emulator/moto_bridge/iam.py against the pinned moto."""

from __future__ import annotations

import json

import boto3
from moto import mock_aws

from emulator.moto_bridge import iam as moto_iam


@mock_aws
def test_inline_policy_names_lists_a_roles_put_role_policies() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=document)
    assert moto_iam.inline_policy_names("r") == frozenset({"p"})


@mock_aws
def test_inline_policy_names_of_an_unknown_role_is_none() -> None:
    boto3.client("iam", region_name="us-east-1").list_roles()
    assert moto_iam.inline_policy_names("nope") is None

"""emulator/moto_bridge/iam_principals.py against the pinned moto: what IAM enforcement reads
(docs/aws-behaviour.md section 28)."""

from __future__ import annotations

import json

import boto3
from moto import mock_aws

from emulator.moto_bridge import iam_principals

ALLOW = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
DENY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
LIST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:List*", "Resource": "*"}],
}


@mock_aws
def test_user_of_access_key_finds_the_user_and_its_secret() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    user = iam_principals.user_of_access_key(key["AccessKeyId"])
    assert user is not None
    assert (user.name, user.arn, user.secret_access_key, user.active) == (
        "alice",
        "arn:aws:iam::123456789012:user/alice",
        key["SecretAccessKey"],
        True,
    )
    assert key["SecretAccessKey"] not in repr(user)


@mock_aws
def test_user_of_access_key_sees_an_inactive_key_as_inactive() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="bob")
    key = iam.create_access_key(UserName="bob")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="bob", AccessKeyId=key, Status="Inactive")
    user = iam_principals.user_of_access_key(key)
    assert user is not None and user.active is False


@mock_aws
def test_user_of_an_unknown_key_is_none() -> None:
    boto3.client("iam", region_name="us-east-1").list_users()
    assert iam_principals.user_of_access_key("AKIANOBODY0000000000") is None


@mock_aws
def test_user_policies_are_inline_attached_default_version_and_groups() -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="carol")
    iam.put_user_policy(UserName="carol", PolicyName="inline", PolicyDocument=json.dumps(ALLOW))
    arn = iam.create_policy(PolicyName="managed", PolicyDocument=json.dumps(LIST))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(DENY), SetAsDefault=True)
    iam.attach_user_policy(UserName="carol", PolicyArn=arn)
    iam.create_group(GroupName="g")
    iam.put_group_policy(GroupName="g", PolicyName="gp", PolicyDocument=json.dumps(LIST))
    iam.add_user_to_group(GroupName="g", UserName="carol")
    assert iam_principals.user_policies("carol") == [ALLOW, DENY, LIST]


@mock_aws
def test_user_policies_of_an_unknown_user_are_empty() -> None:
    boto3.client("iam", region_name="us-east-1").list_users()
    assert iam_principals.user_policies("nobody") == []


@mock_aws
def test_rest_api_tags_are_create_rest_apis_tags() -> None:
    apigw = boto3.client("apigateway", region_name="us-east-1")
    api = apigw.create_rest_api(name="a", tags={"workbook-prefix": "alice"})["id"]
    assert iam_principals.rest_api_tags(api) == {"workbook-prefix": "alice"}
    assert iam_principals.rest_api_tags("nope") is None


@mock_aws
def test_user_pool_tags_are_create_user_pools_user_pool_tags() -> None:
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="p", UserPoolTags={"workbook-prefix": "alice"})
    assert iam_principals.user_pool_tags(pool["UserPool"]["Id"]) == {"workbook-prefix": "alice"}
    assert iam_principals.user_pool_tags("us-east-1_nope") is None

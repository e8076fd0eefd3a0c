"""IAM: the Lambda function's execution role.

Least privilege: the role gets one inline policy that allows ``logs:CreateLogStream`` and
``logs:PutLogEvents`` on the function's own log group only. We chose this over the managed
``AWSLambdaBasicExecutionRole`` because that policy allows ``logs:CreateLogGroup``,
``CreateLogStream`` and ``PutLogEvents`` on ``*`` (every log group in the account). The log
group itself is created by ``logs.create_log_group`` (with a retention period and tags), so
the function never needs ``logs:CreateLogGroup``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from helpers.errors import aws_failure, error_code

logger = logging.getLogger(__name__)

LAMBDA_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass(frozen=True)
class Role:
    name: str
    arn: str


def log_policy_document(region: str, account_id: str, log_group_name: str) -> dict[str, Any]:
    """The inline policy: write log streams and events in one log group, nothing else."""
    group_arn = f"arn:aws:logs:{region}:{account_id}:log-group:{log_group_name}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "WriteOwnLogGroup",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{group_arn}:*",
            }
        ],
    }


def find_role(iam: Any, role_name: str) -> Role | None:
    """The role called ``role_name``, or None when there is none."""
    try:
        role = iam.get_role(RoleName=role_name)["Role"]
    except ClientError as err:
        if error_code(err) == "NoSuchEntity":
            return None
        raise
    return Role(name=role["RoleName"], arn=role["Arn"])


def create_execution_role(
    iam: Any,
    role_name: str,
    *,
    policy_name: str,
    policy_document: dict[str, Any],
    tags: dict[str, str],
) -> Role:
    """Get or create the Lambda execution role and (re)write its inline log policy."""
    role = find_role(iam, role_name)
    if role is None:
        try:
            created = iam.create_role(
                RoleName=role_name,
                AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST_POLICY),
                Description="Execution role for the Cognito authorizer workbook's users function",
                Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
            )["Role"]
        except ClientError as err:
            raise aws_failure(
                f"Creating role '{role_name}'",
                err,
                "Check that your credentials may call iam:CreateRole, then re-run this cell.",
            ) from err
        role = Role(name=created["RoleName"], arn=created["Arn"])
        logger.info("Created role %s", role.arn)
    else:
        logger.info("Role %s exists; reusing it", role.arn)
    iam.put_role_policy(
        RoleName=role_name, PolicyName=policy_name, PolicyDocument=json.dumps(policy_document)
    )
    return role


def get_role_policy(iam: Any, role_name: str, policy_name: str) -> dict[str, Any]:
    """The inline policy document of a role, as a dict."""
    document = iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)["PolicyDocument"]
    # boto3 URL-decodes and parses it into a dict; some servers return a string.
    return json.loads(document) if isinstance(document, str) else dict(document)


def list_attached_policy_arns(iam: Any, role_name: str) -> list[str]:
    """ARNs of the managed policies attached to a role (the workbook attaches none)."""
    pages = iam.get_paginator("list_attached_role_policies").paginate(RoleName=role_name)
    return [p["PolicyArn"] for page in pages for p in page["AttachedPolicies"]]


def delete_role(iam: Any, role_name: str) -> bool:
    """Delete a role with its inline and attached policies; False when it did not exist."""
    try:
        for page in iam.get_paginator("list_role_policies").paginate(RoleName=role_name):
            for policy_name in page["PolicyNames"]:
                iam.delete_role_policy(RoleName=role_name, PolicyName=policy_name)
        for arn in list_attached_policy_arns(iam, role_name):
            iam.detach_role_policy(RoleName=role_name, PolicyArn=arn)
        iam.delete_role(RoleName=role_name)
    except ClientError as err:
        if error_code(err) == "NoSuchEntity":
            return False
        raise
    logger.info("Deleted role %s", role_name)
    return True


def list_roles_with_prefix(iam: Any, prefix: str) -> list[str]:
    """Names of the roles whose name starts with ``<prefix>-``."""
    pages = iam.get_paginator("list_roles").paginate()
    return [r["RoleName"] for page in pages for r in page["Roles"] if r["RoleName"].startswith(f"{prefix}-")]

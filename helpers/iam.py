"""IAM: the Lambda functions' execution roles.

Least privilege: each role gets one inline policy that allows ``logs:CreateLogStream`` and
``logs:PutLogEvents`` on its own function's log group only. We chose this over the managed
``AWSLambdaBasicExecutionRole`` because that policy allows ``logs:CreateLogGroup``,
``CreateLogStream`` and ``PutLogEvents`` on ``*`` (every log group in the account). The log
group itself is created by ``logs.create_log_group`` (with a retention period and tags), so
the function never needs ``logs:CreateLogGroup``.

``create_lambda_role`` is the one get-or-create; ``create_execution_role`` (the users
function) and ``authorizers.create_authorizer_role`` (the Lambda authorizer) call it with
their own names.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from helpers.backend import Workbook, get_caller_identity
from helpers.config import workbook_tags
from helpers.errors import aws_failure, error_code
from helpers.ownership import require_ours, tag_list_to_dict
from helpers.waits import retry_read_after_write

if TYPE_CHECKING:
    from mypy_boto3_iam.type_defs import CreateRoleRequestTypeDef

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


def log_policy_document(
    region: str, account_id: str, log_group_name: str, *, partition: str = "aws"
) -> dict[str, Any]:
    """The inline policy: write log streams and events in one log group, nothing else."""
    group_arn = f"arn:{partition}:logs:{region}:{account_id}:log-group:{log_group_name}"
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


def find_role(wb: Workbook, role_name: str | None = None) -> Role | None:
    """The workbook's execution role (or ``role_name``), or None when there is none."""
    name = role_name or wb.names.role
    try:
        role = wb.client("iam").get_role(RoleName=name)["Role"]
    except ClientError as err:
        if error_code(err) == "NoSuchEntity":
            return None
        raise
    return Role(name=role["RoleName"], arn=role["Arn"])


def get_role_tags(wb: Workbook, role_name: str) -> dict[str, str] | None:
    """The role's tags from ``GetRole`` (ListRoles leaves tags out; docs/aws-behaviour.md
    29.4); None when the role does not exist."""
    try:
        role = wb.client("iam").get_role(RoleName=role_name)["Role"]
    except ClientError as err:
        if error_code(err) == "NoSuchEntity":
            return None
        raise
    return tag_list_to_dict(role.get("Tags", []))


def _create_role_request(
    wb: Workbook, role_name: str, description: str
) -> CreateRoleRequestTypeDef:
    """CreateRole's request: Lambda's trust policy, the workbook's tags, and the permissions
    boundary when the workshop sets one (``WORKBOOK_PERMISSIONS_BOUNDARY``): the role can then
    never do more than the boundary allows, whatever inline policy is put on it."""
    request: CreateRoleRequestTypeDef = {
        "RoleName": role_name,
        "AssumeRolePolicyDocument": json.dumps(LAMBDA_TRUST_POLICY),
        "Description": description,
        "Tags": [{"Key": k, "Value": v} for k, v in workbook_tags(wb.prefix).items()],
    }
    if wb.config.permissions_boundary:
        request["PermissionsBoundary"] = wb.config.permissions_boundary
    return request


def create_lambda_role(
    wb: Workbook, role_name: str, *, policy_name: str, log_group_name: str, description: str
) -> Role:
    """Get or create a role Lambda may assume, and (re)write its inline log policy.

    The policy ``policy_name`` allows writing to ``log_group_name`` only, the log group of
    the one function that runs with the role. The role is tagged with the workbook's tags;
    a role with the name but not our tags is left alone: WorkbookError (helpers/ownership.py).
    """
    iam = wb.client("iam")
    role = find_role(wb, role_name)
    if role is not None:
        require_ours("IAM role", role_name, get_role_tags(wb, role_name), wb.prefix)
    if role is None:
        try:
            created = iam.create_role(**_create_role_request(wb, role_name, description))["Role"]
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
    account = get_caller_identity(wb).account
    document = log_policy_document(wb.region, account, log_group_name, partition=wb.partition)
    # IAM is eventually consistent: a role created a moment ago can still be NoSuchEntity.
    retry_read_after_write(
        lambda: iam.put_role_policy(
            RoleName=role_name, PolicyName=policy_name, PolicyDocument=json.dumps(document)
        ),
        code="NoSuchEntity",
        what=f"Writing the inline policy of role '{role_name}'",
        next_step="IAM has not propagated the new role yet; re-run this cell in a minute.",
    )
    return role


def create_execution_role(wb: Workbook) -> Role:
    """Get or create ``<prefix>-users-lambda-role``: it may only write the users function's logs."""
    names = wb.names
    return create_lambda_role(
        wb,
        names.role,
        policy_name=names.role_policy,
        log_group_name=names.log_group,
        description="Execution role of the Cognito authorizer workbook's users function",
    )


def get_role_policy(
    wb: Workbook, role_name: str | None = None, policy_name: str | None = None
) -> dict[str, Any]:
    """The inline log policy document of the users function's role, as a dict.

    ``role_name`` and ``policy_name`` read another role's, e.g. the Lambda authorizer's.
    IAM is eventually consistent: right after ``PutRolePolicy`` the read can still answer
    ``NoSuchEntity``, so that is retried for a while ("Changes that I make are not always
    immediately visible", IAM User Guide, Troubleshooting IAM).
    """
    names = wb.names
    role, policy = role_name or names.role, policy_name or names.role_policy
    response = retry_read_after_write(
        lambda: wb.client("iam").get_role_policy(RoleName=role, PolicyName=policy),
        code="NoSuchEntity",
        what=f"Reading the inline policy '{policy}' of role '{role}'",
        next_step="Re-run the cell that creates the role, wait a minute, then re-run this cell.",
    )
    document = response["PolicyDocument"]
    # boto3 URL-decodes and parses it; some servers leave it a string.
    return json.loads(document) if isinstance(document, str) else dict(document)


def list_attached_policy_arns(wb: Workbook, role_name: str | None = None) -> list[str]:
    """ARNs of the managed policies attached to the role (the workbook attaches none)."""
    paginator = wb.client("iam").get_paginator("list_attached_role_policies")
    pages = paginator.paginate(RoleName=role_name or wb.names.role)
    return [p["PolicyArn"] for page in pages for p in page["AttachedPolicies"]]


def delete_role(wb: Workbook, role_name: str) -> bool:
    """Delete a role with its inline and attached policies; False when it did not exist."""
    iam = wb.client("iam")
    try:
        for page in iam.get_paginator("list_role_policies").paginate(RoleName=role_name):
            for policy_name in page["PolicyNames"]:
                iam.delete_role_policy(RoleName=role_name, PolicyName=policy_name)
        for arn in list_attached_policy_arns(wb, role_name):
            iam.detach_role_policy(RoleName=role_name, PolicyArn=arn)
        iam.delete_role(RoleName=role_name)
    except ClientError as err:
        if error_code(err) == "NoSuchEntity":
            return False
        raise
    logger.info("Deleted role %s", role_name)
    return True

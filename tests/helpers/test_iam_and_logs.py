"""IAM execution role and CloudWatch Logs helpers, against the session's emulator."""

from __future__ import annotations

from helpers import awslambda, iam, logs, sweep
from helpers.backend import Workbook


def test_execution_role_is_get_or_create(wb: Workbook) -> None:
    first = iam.create_execution_role(wb)
    second = iam.create_execution_role(wb)
    assert first == second
    assert [name for name in sweep.list_role_names(wb) if name.startswith(wb.prefix)] == [
        wb.names.role
    ]


def test_execution_role_may_only_write_its_own_log_group(wb: Workbook) -> None:
    iam.create_execution_role(wb)
    statement = iam.get_role_policy(wb)["Statement"]
    assert statement == [
        {
            "Sid": "WriteOwnLogGroup",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:"
            f"/aws/lambda/{wb.prefix}-users:*",
        }
    ]
    assert iam.list_attached_policy_arns(wb) == []


def test_execution_role_is_tagged_with_the_workbook_and_prefix(wb: Workbook) -> None:
    iam.create_execution_role(wb)
    tags = wb.client("iam").list_role_tags(RoleName=wb.names.role)["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {
        "workbook": "cognito-authorizer",
        "workbook-prefix": wb.prefix,
    }


def test_deleting_a_missing_role_returns_false(wb: Workbook) -> None:
    assert iam.delete_role(wb, f"{wb.prefix}-nothing") is False


def test_log_group_is_get_or_create_with_retention(wb: Workbook) -> None:
    logs.create_log_group(wb)
    logs.create_log_group(wb)
    groups = wb.client("logs").describe_log_groups(logGroupNamePrefix=wb.names.log_group)
    assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups["logGroups"]] == [
        (wb.names.log_group, 7)
    ]


def test_invocation_log_runs_from_start_to_report(wb: Workbook) -> None:
    role = iam.create_execution_role(wb)
    logs.create_log_group(wb)
    awslambda.create_function(wb, role.arn)
    result = awslambda.invoke_function(wb, {"httpMethod": "GET", "path": "/users"})
    lines = logs.get_invocation_log(wb, result.request_id)
    assert lines[0].startswith(f"START RequestId: {result.request_id}")
    assert lines[1] == 'event {"httpMethod":"GET","path":"/users"}'
    assert lines[-2] == f"END RequestId: {result.request_id}"
    assert lines[-1].startswith(f"REPORT RequestId: {result.request_id}")

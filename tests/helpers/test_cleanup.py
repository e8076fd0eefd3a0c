"""Cleanup finds resources by prefix and deletes them from any partial state."""

from __future__ import annotations

from helpers import apigateway, cleanup, cognito, iam, logs
from helpers.backend import Workbook


def test_cleanup_of_a_partial_course_deletes_everything(wb: Workbook) -> None:
    # A course abandoned after creating the role, the log group, an API and a pool, but no function.
    iam.create_execution_role(wb)
    logs.create_log_group(wb)
    apigateway.create_rest_api(wb)
    cognito.create_user_pool(wb)
    deleted = cleanup.delete_everything(wb)
    assert [d.kind for d in deleted] == ["REST API", "Log group", "IAM role", "User pool"]
    assert cleanup.find_leftovers(wb) == []


def test_cleanup_with_nothing_to_delete_deletes_nothing(wb: Workbook) -> None:
    assert cleanup.delete_everything(wb) == []


def test_cleanup_leaves_other_prefixes_alone(wb: Workbook) -> None:
    wb.client("iam").create_role(RoleName="someone-else-role", AssumeRolePolicyDocument="{}")
    cleanup.delete_everything(wb)
    assert (
        wb.client("iam").get_role(RoleName="someone-else-role")["Role"]["RoleName"]
        == "someone-else-role"
    )
    wb.client("iam").delete_role(RoleName="someone-else-role")

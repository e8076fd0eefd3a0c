"""Cleanup finds resources by prefix and deletes them from any partial state."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from helpers import apigateway, authorizers, awslambda, cleanup, cognito, iam, logs, oauth
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


def test_cleanup_deletes_the_domain_before_its_pool(wb: Workbook) -> None:
    # AWS refuses DeleteUserPool while the pool has a domain (the emulator does not check).
    pool = cognito.create_user_pool(wb)
    domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "1" * 12))
    deleted = cleanup.delete_everything(wb)
    assert [(d.kind, d.name) for d in deleted] == [
        ("User pool domain", domain),
        ("User pool", wb.names.user_pool),
    ]
    assert wb.client("cognito-idp").describe_user_pool_domain(Domain=domain)[
        "DomainDescription"
    ] in ({}, None)


def test_cleanup_deletes_the_second_user_pool(wb: Workbook) -> None:
    cognito.create_user_pool(wb)
    cognito.create_user_pool(wb, wb.names.attacker_pool)
    deleted = cleanup.delete_everything(wb)
    assert sorted(d.name for d in deleted) == sorted([wb.names.user_pool, wb.names.attacker_pool])


def test_groups_and_resource_server_go_with_their_pool(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    cognito.create_group(wb, pool.id, "admins")
    oauth.create_resource_server(wb, pool.id)
    cleanup.delete_everything(wb)
    with pytest.raises(ClientError) as raised:
        wb.client("cognito-idp").list_groups(UserPoolId=pool.id)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_cleanup_removes_the_api_gateway_permissions_before_the_function(wb: Workbook) -> None:
    role = iam.create_execution_role(wb)
    awslambda.create_function(wb, role.arn)
    arn = "arn:aws:execute-api:us-east-1:123456789012:abc1234567/*/{}/users"
    awslambda.add_permission(wb, arn.format("GET"))
    awslambda.add_permission(wb, arn.format("POST"), wb.names.post_permission_statement_id)
    kinds = [(d.kind, d.name) for d in cleanup.delete_everything(wb)]
    assert kinds[:3] == [
        ("Lambda permission", f"{wb.names.function}: apigateway-get-users"),
        ("Lambda permission", f"{wb.names.function}: apigateway-post-users"),
        ("Lambda function", wb.names.function),
    ]


def test_cleanup_deletes_the_lambda_authorizer_with_its_permission_role_and_logs(
    wb: Workbook,
) -> None:
    # 08_lambda_authorizer: the authorizer function, its permission, log group and role.
    pool = cognito.create_user_pool(wb)
    role = authorizers.create_authorizer_role(wb)
    function = authorizers.create_authorizer_function(wb, role.arn, pool.id, "client")
    api = apigateway.create_rest_api(wb)
    authorizer = authorizers.create_token_authorizer(wb, api.id, function.arn)
    authorizers.add_authorizer_permission(wb, api.id, authorizer.id)
    kinds = [(d.kind, d.name) for d in cleanup.delete_everything(wb)]
    names = wb.names
    assert kinds == [
        ("REST API", names.rest_api),
        ("Lambda permission", f"{names.authorizer_function}: apigateway-lambda-authorizer"),
        ("Lambda function", names.authorizer_function),
        ("Log group", names.authorizer_log_group),
        ("IAM role", names.authorizer_role),
        ("User pool", names.user_pool),
    ]


def test_cleanup_lists_roles_by_name(wb: Workbook) -> None:
    # ListRoles' order is unspecified (moto's follows random role ids): sorted for the notebook.
    authorizers.create_authorizer_role(wb)
    iam.create_execution_role(wb)
    roles = [d.name for d in cleanup.find_leftovers(wb) if d.kind == "IAM role"]
    assert roles == [wb.names.authorizer_role, wb.names.role]

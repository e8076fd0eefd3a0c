"""Cleanup finds resources by their exact names and tags and deletes them from any partial
state (docs/aws-behaviour.md section 29)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from helpers import apigateway, authorizers, awslambda, cleanup, cognito, iam, logs, oauth
from helpers.backend import Workbook
from helpers.config import WorkbookConfig, workbook_tags
from tests.helpers.fakes import use_fake_time


def test_cleanup_of_a_partial_course_deletes_everything(wb: Workbook) -> None:
    # A course abandoned after creating the role, the log group, an API and a pool, but no function.
    iam.create_execution_role(wb)
    logs.create_log_group(wb)
    apigateway.create_rest_api(wb)
    cognito.create_user_pool(wb)
    deleted = cleanup.delete_everything(wb).deleted
    assert [d.kind for d in deleted] == ["REST API", "Log group", "IAM role", "User pool"]
    assert cleanup.find_leftovers(wb) == []


def test_cleanup_with_nothing_to_delete_deletes_nothing(wb: Workbook) -> None:
    assert cleanup.delete_everything(wb) == cleanup.CleanupResult(deleted=(), failed=())


def test_cleanup_leaves_other_names_alone(wb: Workbook) -> None:
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
    deleted = cleanup.delete_everything(wb).deleted
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
    deleted = cleanup.delete_everything(wb).deleted
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
    kinds = [(d.kind, d.name) for d in cleanup.delete_everything(wb).deleted]
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
    kinds = [(d.kind, d.name) for d in cleanup.delete_everything(wb).deleted]
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


# --- on AWS: errors, throttling and listings that lag (docs: API Gateway quotas; IAM
# "Changes that I make are not always immediately visible") ----------------------------------


def test_a_resource_that_fails_to_delete_is_reported_and_the_rest_deleted(
    wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    apigateway.create_rest_api(wb)
    iam.create_execution_role(wb)

    def refused(wb: Workbook, api_id: str) -> bool:
        raise ClientError(
            {"Error": {"Code": "BadRequestException", "Message": "Active stages pointing"}},
            "DeleteRestApi",
        )

    monkeypatch.setattr(apigateway, "delete_rest_api", refused)
    result = cleanup.delete_everything(wb)
    assert [(d.kind, d.name) for d in result.deleted] == [("IAM role", wb.names.role)]
    assert [(f.leftover.kind, f.reason) for f in result.failed] == [
        ("REST API", "BadRequestException: Active stages pointing")
    ]


def test_a_throttled_delete_is_retried(wb: Workbook, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = use_fake_time(monkeypatch)
    logs.create_log_group(wb)
    real_delete = logs.delete_log_group
    attempts = {"n": 0}

    def throttled_once(wb: Workbook, name: str) -> bool:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise ClientError(
                {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}},
                "DeleteLogGroup",
            )
        return real_delete(wb, name)

    monkeypatch.setattr(logs, "delete_log_group", throttled_once)
    result = cleanup.delete_everything(wb)
    assert ([d.kind for d in result.deleted], result.failed, clock.sleeps) == (
        ["Log group"],
        (),
        [1.0],
    )


def test_delete_rest_api_waits_out_its_one_call_per_30_s_quota(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use_fake_time(monkeypatch)
    wb = aws_workbook()
    with Stubber(wb.client("apigateway")) as stubber:
        for _ in range(3):
            stubber.add_client_error(
                "delete_rest_api", "TooManyRequestsException", "Too Many Requests", 429
            )
        stubber.add_response("delete_rest_api", {}, {"restApiId": "a1b2c3d4e5"})
        assert apigateway.delete_rest_api(wb, "a1b2c3d4e5") is True
    assert clock.sleeps == [5.0, 10.0, 20.0]


def test_the_final_check_waits_until_a_deleted_role_is_no_longer_found(
    wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = use_fake_time(monkeypatch)
    iam.create_execution_role(wb)
    result = cleanup.delete_everything(wb)
    tags = workbook_tags(wb.prefix)
    reads = iter([tags, tags, None])  # a read that lags behind the deletion

    def lagging(wb: Workbook, role_name: str) -> dict[str, str] | None:
        return next(reads, None) if role_name == wb.names.role else None

    monkeypatch.setattr(iam, "get_role_tags", lagging)
    assert cleanup.wait_until_gone(wb, result) == []
    assert clock.sleeps == [1.0, 2.0]


def test_the_final_check_reports_what_could_not_be_deleted_without_waiting(
    wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = use_fake_time(monkeypatch)
    role = iam.create_execution_role(wb)

    def denied(wb: Workbook, role_name: str) -> bool:
        raise ClientError({"Error": {"Code": "DeleteConflict", "Message": "in use"}}, "DeleteRole")

    with monkeypatch.context() as patched:
        patched.setattr(iam, "delete_role", denied)
        result = cleanup.delete_everything(wb)
    assert [r.name for r in cleanup.wait_until_gone(wb, result)] == [role.name]
    assert clock.sleeps == []


def test_a_pool_deleted_while_listing_is_left_out() -> None:
    wb = aws_workbook()
    with Stubber(wb.client("cognito-idp")) as stubber:
        stubber.add_response(
            "list_user_pools",
            {"UserPools": [{"Id": "eu-west-1_Gone", "Name": "alice-users-pool"}]},
            {"MaxResults": 60},
        )
        stubber.add_client_error(
            "describe_user_pool",
            "ResourceNotFoundException",
            "User pool eu-west-1_Gone does not exist.",
            400,
            expected_params={"UserPoolId": "eu-west-1_Gone"},
        )
        assert cognito.describe_user_pools(wb) == []


def aws_workbook() -> Workbook:
    return Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )

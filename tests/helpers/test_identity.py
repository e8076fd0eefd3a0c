"""Identity in a shared account: resources are ours by their exact names AND the workbook's
tags; a resource with our name but not our tags is reported and left alone, by reuse and by
cleanup alike (docs/aws-behaviour.md section 29; issue 12)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from helpers import apigateway, awslambda, cleanup, cognito, connect, iam, load_config, logs, oauth
from helpers.backend import Workbook
from helpers.config import workbook_tags
from helpers.errors import CheckpointFailed, WorkbookError
from helpers.ownership import Owner, Ownership, ownership_of

# --- the rule (helpers/ownership.py) --------------------------------------------------------


def test_both_tags_with_our_prefix_make_a_resource_ours() -> None:
    assert ownership_of(workbook_tags("alice"), "alice") == Ownership(Owner.OURS, "alice")


def test_no_tags_make_a_resource_untagged() -> None:
    assert ownership_of({}, "alice") == Ownership(Owner.UNTAGGED)


def test_a_prefix_tag_without_the_workbook_tag_is_untagged() -> None:
    assert ownership_of({"workbook-prefix": "alice"}, "alice") == Ownership(Owner.UNTAGGED)


def test_another_workbook_value_is_untagged() -> None:
    tags = {"workbook": "other-course", "workbook-prefix": "alice"}
    assert ownership_of(tags, "alice") == Ownership(Owner.UNTAGGED)


def test_another_prefix_tag_is_another_prefix_s() -> None:
    assert ownership_of(workbook_tags("alice-smith"), "alice") == Ownership(
        Owner.OTHER_PREFIX, "alice-smith"
    )


# --- prefixes never collide: alice vs alice-smith, on the emulator --------------------------


def _workbook(prefix: str) -> Workbook:
    return connect(
        load_config({**os.environ, "WORKBOOK_PREFIX": prefix, "WORKBOOK_REGION": "us-east-1"})
    )


def _build_stack(wb: Workbook) -> None:
    """Every kind of resource the course makes: role, function with its API Gateway
    permission, log group, REST API, user pool with a domain, the attacker's pool."""
    role = iam.create_execution_role(wb)
    logs.create_log_group(wb)
    function = awslambda.create_function(wb, role.arn)
    api = apigateway.create_rest_api(wb)
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id))
    pool = cognito.create_user_pool(wb)
    oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "2" * 12))
    cognito.create_user_pool(wb, wb.names.attacker_pool)
    assert function.name == wb.names.function


@pytest.fixture
def alice_and_smith(wb: Workbook) -> Iterator[tuple[Workbook, Workbook]]:
    """``wb``'s prefix and the same prefix plus ``-smith``, each with a whole stack."""
    smith = _workbook(f"{wb.prefix}-smith")
    try:
        _build_stack(wb)
        _build_stack(smith)
        yield wb, smith
    finally:
        cleanup.delete_everything(smith)


def test_alice_s_cleanup_leaves_alice_smith_s_whole_stack(
    alice_and_smith: tuple[Workbook, Workbook],
) -> None:
    alice, smith = alice_and_smith
    before = cleanup.survey(smith)
    cleanup.delete_everything(alice)
    assert (cleanup.survey(smith), len(before.ours), cleanup.find_leftovers(alice)) == (
        before,
        8,  # API, permission, function, log group, role, domain, two pools
        [],
    )


def test_alice_smith_s_cleanup_leaves_alice_s_whole_stack(
    alice_and_smith: tuple[Workbook, Workbook],
) -> None:
    alice, smith = alice_and_smith
    before = cleanup.survey(alice)
    cleanup.delete_everything(smith)
    assert (cleanup.survey(alice), cleanup.find_leftovers(smith)) == (before, [])


def test_alice_finds_nothing_of_alice_smith_not_even_as_not_ours(
    alice_and_smith: tuple[Workbook, Workbook],
) -> None:
    """Exact names: ``alice-smith-users`` is not one of alice's names at all."""
    alice, _ = alice_and_smith
    assert cleanup.find_not_ours(alice) == []


# --- a name without our tags: reuse refuses it, cleanup reports it and leaves it ------------


def _untagged_role(wb: Workbook, name: str) -> None:
    trust = json.dumps(iam.LAMBDA_TRUST_POLICY)
    wb.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=trust)


def test_create_execution_role_refuses_an_untagged_role_with_its_name(wb: Workbook) -> None:
    _untagged_role(wb, wb.names.role)
    try:
        with pytest.raises(WorkbookError) as refused:
            iam.create_execution_role(wb)
    finally:
        wb.client("iam").delete_role(RoleName=wb.names.role)
    assert str(refused.value).startswith(
        f"IAM role '{wb.names.role}' already exists, but it does not carry the workbook's "
        f"tags, so the workbook will not use or change it (your prefix is '{wb.prefix}'). "
        "Either delete it yourself if it is yours, or pick another prefix: "
        "`export WORKBOOK_PREFIX=<your-name>`"
    )


def test_create_execution_role_writes_no_policy_into_a_role_it_refused(wb: Workbook) -> None:
    _untagged_role(wb, wb.names.role)
    try:
        with pytest.raises(WorkbookError):
            iam.create_execution_role(wb)
        policies = wb.client("iam").list_role_policies(RoleName=wb.names.role)["PolicyNames"]
    finally:
        wb.client("iam").delete_role(RoleName=wb.names.role)
    assert policies == []


def test_cleanup_reports_an_untagged_role_and_leaves_it(wb: Workbook) -> None:
    _untagged_role(wb, wb.names.role)
    try:
        result = cleanup.delete_everything(wb)
        not_ours = cleanup.find_not_ours(wb)
        still_there = wb.client("iam").get_role(RoleName=wb.names.role)["Role"]["RoleName"]
    finally:
        wb.client("iam").delete_role(RoleName=wb.names.role)
    assert (result.deleted, [n.line for n in not_ours], still_there) == (
        (),
        [f"IAM role: {wb.names.role} (it does not carry the workbook's tags)"],
        wb.names.role,
    )


def test_create_log_group_refuses_another_prefix_s_log_group_with_its_name(
    wb: Workbook,
) -> None:
    wb.client("logs").create_log_group(
        logGroupName=wb.names.log_group, tags=workbook_tags("someone")
    )
    try:
        with pytest.raises(WorkbookError, match="its tags say it belongs to prefix 'someone'"):
            logs.create_log_group(wb)
        retention = wb.client("logs").describe_log_groups(logGroupNamePrefix=wb.names.log_group)
    finally:
        wb.client("logs").delete_log_group(logGroupName=wb.names.log_group)
    assert "retentionInDays" not in retention["logGroups"][0]


def test_create_function_refuses_an_untagged_function_with_its_name(wb: Workbook) -> None:
    role = iam.create_execution_role(wb)
    wb.client("lambda").create_function(
        FunctionName=wb.names.function,
        Runtime="python3.12",
        Role=role.arn,
        Handler="app.lambda_handler",
        Code={"ZipFile": awslambda.package_function()},
    )
    try:
        with pytest.raises(WorkbookError, match=f"Lambda function '{wb.names.function}'"):
            awslambda.create_function(wb, role.arn)
    finally:
        wb.client("lambda").delete_function(FunctionName=wb.names.function)


def test_cleanup_deletes_our_role_and_leaves_the_untagged_function(wb: Workbook) -> None:
    role = iam.create_execution_role(wb)
    wb.client("lambda").create_function(
        FunctionName=wb.names.function,
        Runtime="python3.12",
        Role=role.arn,
        Handler="app.lambda_handler",
        Code={"ZipFile": awslambda.package_function()},
    )
    try:
        deleted = [d.kind for d in cleanup.delete_everything(wb).deleted]
        left = awslambda.find_function(wb)
    finally:
        wb.client("lambda").delete_function(FunctionName=wb.names.function)
    assert (deleted, left is not None) == (["IAM role"], True)


def test_create_rest_api_refuses_an_untagged_api_with_its_name(wb: Workbook) -> None:
    api = wb.client("apigateway").create_rest_api(name=wb.names.rest_api)
    try:
        with pytest.raises(WorkbookError, match=f"REST API {api['id']} '{wb.names.rest_api}'"):
            apigateway.create_rest_api(wb)
        named = apigateway.rest_apis_named(wb, wb.names.rest_api)
    finally:
        wb.client("apigateway").delete_rest_api(restApiId=api["id"])
    assert [found.api.id for found in named] == [api["id"]]


def test_create_user_pool_refuses_another_prefix_s_pool_with_its_name(wb: Workbook) -> None:
    pool = wb.client("cognito-idp").create_user_pool(
        PoolName=wb.names.user_pool, UserPoolTags=workbook_tags("bob")
    )["UserPool"]
    try:
        with pytest.raises(WorkbookError, match="belongs to prefix 'bob'"):
            cognito.create_user_pool(wb)
    finally:
        wb.client("cognito-idp").delete_user_pool(UserPoolId=pool["Id"])


def test_our_api_is_found_beside_an_untagged_one_with_the_same_name(wb: Workbook) -> None:
    """API Gateway allows duplicate names: the tags tell ours from the other."""
    ours = apigateway.create_rest_api(wb)
    other = wb.client("apigateway").create_rest_api(name=wb.names.rest_api)
    try:
        found = apigateway.find_rest_api(wb)
        survey = cleanup.survey(wb)
    finally:
        wb.client("apigateway").delete_rest_api(restApiId=other["id"])
    assert (found, [n.leftover.id for n in survey.not_ours]) == (ours, [other["id"]])


# --- 99_cleanup's checkpoint ----------------------------------------------------------------


def test_the_nothing_left_checkpoint_passes_with_only_foreign_resources_and_says_so(
    wb: Workbook, capsys: pytest.CaptureFixture[str]
) -> None:
    _untagged_role(wb, wb.names.role)
    try:
        result = cleanup.delete_everything(wb)
        remaining = cleanup.wait_until_gone(wb, result)
        cleanup.check_nothing_left(wb, remaining, cleanup.find_not_ours(wb))
    finally:
        wb.client("iam").delete_role(RoleName=wb.names.role)
    assert capsys.readouterr().out == (
        f"✅ Nothing with prefix '{wb.prefix}' is left; 1 resource(s) with your names but not "
        "your tags left alone\n"
    )


def test_the_nothing_left_checkpoint_fails_when_ours_remain(wb: Workbook) -> None:
    leftover = cleanup.Leftover("IAM role", wb.names.role, wb.names.role)
    with pytest.raises(CheckpointFailed, match=f"Nothing with prefix '{wb.prefix}' is left"):
        cleanup.check_nothing_left(wb, [leftover], [])

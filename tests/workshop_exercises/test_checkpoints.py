"""The exercises' checkpoints can fail: each exercise broken, its checkpoint run without the fix,
fails with diagnose's hint (helpers/exercises.py; docs/aws-behaviour.md sections 1, 8, 12.3, 13,
22.9). The fixes themselves are the solution notebooks', which nbval runs (workshop/solutions).

One stack for the module (``ensure_stack`` on a prefix of its own); every test restores it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers import apigateway, awslambda, exercises
from helpers.backend import Workbook
from helpers.errors import CheckpointFailed


@pytest.fixture(scope="module")
def stack(shared_wb: Workbook) -> exercises.Stack:
    return exercises.ensure_stack(shared_wb)


@pytest.fixture
def broken(shared_wb: Workbook, stack: exercises.Stack) -> Iterator[exercises.Stack]:
    """The stack, restored after the test broke it."""
    yield stack
    exercises.restore(shared_wb, stack)


def _deployment_count(wb: Workbook, stack: exercises.Stack) -> int:
    items = wb.client("apigateway").get_deployments(restApiId=stack.api.id)["items"]
    return len(items)


def test_ensure_stack_builds_nothing_and_deploys_nothing_on_a_complete_stack(
    shared_wb: Workbook, stack: exercises.Stack
) -> None:
    before = _deployment_count(shared_wb, stack)
    again = exercises.ensure_stack(shared_wb)
    assert (again.api, again.users_id, again.pool, _deployment_count(shared_wb, stack)) == (
        stack.api,
        stack.users_id,
        stack.pool,
        before,
    )


def test_the_complete_stack_passes_checkpoints_1_2_and_6(
    shared_wb: Workbook, stack: exercises.Stack
) -> None:
    grades = [
        exercises.grade_not_redeployed(shared_wb, stack),
        exercises.grade_guarded_preflight(shared_wb, stack),
        exercises.grade_client_headers(shared_wb, stack, {"Authorization": stack.tokens.id_token}),
    ]
    assert [grade.passed for grade in grades] == [True] * 3


def test_checkpoint_1_fails_while_the_stage_serves_the_old_deployment(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    symptom = exercises.break_not_redeployed(shared_wb, broken)
    grade = exercises.grade_not_redeployed(shared_wb, broken)
    assert (symptom.status, grade.passed) == (200, False)
    assert "not deployed" in grade.hint or "redeploy" in grade.hint.lower()


def test_checkpoint_2_fails_with_bearer_and_the_access_token(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    headers = exercises.broken_client_headers(broken)
    grade = exercises.grade_client_headers(shared_wb, broken, headers)
    assert (grade.passed, grade.description) == (
        False,
        "GET /users with your headers: 200 and the greeting (got HTTP 401)",
    )
    assert "access token" in grade.hint.lower()


def test_checkpoint_2_fails_with_two_headers(shared_wb: Workbook, broken: exercises.Stack) -> None:
    headers = {"Authorization": broken.tokens.id_token, "X-Token": broken.tokens.id_token}
    assert not exercises.grade_client_headers(shared_wb, broken, headers).passed


def test_checkpoint_3_fails_for_an_access_token_without_the_methods_scope(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    symptom = exercises.break_missing_scope(shared_wb, broken)
    grade = exercises.grade_missing_scope(shared_wb, broken)
    assert (symptom.status, symptom.body, grade.passed) == (
        401,
        {"message": "Unauthorized"},
        False,
    )
    assert "scope" in grade.hint


def test_checkpoint_3_fails_when_the_scopes_are_removed_instead(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    """Removing the scopes makes the access token 401 anyway, and it is not the fix."""
    exercises.break_missing_scope(shared_wb, broken)
    from helpers import cognito_authorizer

    cognito_authorizer.set_authorization_scopes(shared_wb, broken.api.id, broken.users_id, [])
    grade = exercises.grade_missing_scope(shared_wb, broken)
    assert (grade.passed, grade.description) == (False, "GET /users still requires OAuth scopes")


def test_checkpoint_4_fails_without_the_lambda_permission(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    symptom = exercises.break_missing_permission(shared_wb, broken)
    grade = exercises.grade_missing_permission(shared_wb, broken)
    assert (symptom.status, symptom.body, grade.passed) == (
        500,
        {"message": "Internal server error"},
        False,
    )


def test_checkpoint_4_fails_for_a_permission_on_another_source_arn(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    exercises.break_missing_permission(shared_wb, broken)
    wide = apigateway.method_source_arn(shared_wb, broken.api.id).replace("/GET/users", "/*/*")
    awslambda.add_permission(shared_wb, wide)
    grade = exercises.grade_missing_permission(shared_wb, broken)
    assert (grade.passed, grade.description) == (
        False,
        "A permission scoped to this API's GET /users exists",
    )


def test_checkpoint_5_fails_when_the_policy_for_one_method_is_cached(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    """docs/aws-behaviour.md 12.3: the cached policy is evaluated again for the second route."""
    statuses = exercises.break_cached_method_policy(shared_wb, broken)
    grade = exercises.grade_cached_method_policy(shared_wb, broken)
    assert (statuses, grade.passed) == ((200, 403), False)
    assert grade.description.endswith("(got HTTP 200, 403)")


def test_checkpoint_6_fails_while_the_preflight_is_behind_the_authorizer(
    shared_wb: Workbook, broken: exercises.Stack
) -> None:
    """docs/aws-behaviour.md 22.9: the preflight gets 401 (with the DEFAULT_4XX gateway
    response's Access-Control-Allow-Origin, which does not make a non-2xx preflight pass)."""
    preflight = exercises.break_guarded_preflight(shared_wb, broken)
    grade = exercises.grade_guarded_preflight(shared_wb, broken)
    assert (preflight.status, grade.passed) == (401, False)
    assert grade.hint == exercises.preflight_hint(preflight)


def test_show_grade_prints_the_hint_and_raises_on_a_failed_grade(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(CheckpointFailed):
        exercises.show_grade(exercises.Grade(False, "It works", "diagnose: why. Fix: how."))
    assert capsys.readouterr().out == "❌ It works\n   diagnose: why. Fix: how.\n"


def test_restore_leaves_the_course_state(shared_wb: Workbook, stack: exercises.Stack) -> None:
    exercises.break_guarded_preflight(shared_wb, stack)
    undone = exercises.restore(shared_wb, stack)
    assert (undone, exercises.restore(shared_wb, stack)) == (
        ["the methods' authorization", "the stage serves the draft"],
        [],
    )

"""Each wait in the helpers is needed: without it, the notebook step fails under eventual
consistency, as it would on AWS (docs/aws-behaviour.md section 21).

Pairs of tests, one pair (or more) per wait:

- *with* the wait, on the quick emulator (scale 0.1), the step succeeds: the helper really
  waits the delay out;
- *without* it, on the stretched emulator (scale 100), the step fails the way AWS fails.
  The wait is taken out (``remove_wait``: one call or one check instead of a wait), or the
  step's raw call is made as the helper would make it without waiting, which the docstring
  then says. The delay outlasts the step by minutes, so a slow machine cannot let it pass.

tests/helpers/eventual.py has the emulators, the clocks and the waits taken out.

Waits without a pair, because the emulator does not model what they wait for: the
PutRolePolicy retry of ``iam.create_lambda_role`` (a new role answering NoSuchEntity), the
retry of ``DeleteUserPool`` while the pool's domain is DELETING (cleanup), CloudWatch Logs
delivery (``retry_until_found`` in logs and authorizers: the events are there at once).
The other calls' throttling retries are the same ``retry_throttled`` as the 21.9 pairs'.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import DOMAIN_CREATING
from helpers import (
    apigateway,
    authorizers,
    awslambda,
    cleanup,
    cognito,
    cognito_authorizer,
    iam,
    oauth,
    serving,
    waits,
)
from helpers.backend import Workbook, get_caller_identity
from helpers.errors import WorkbookError
from tests.course import OpenApi
from tests.helpers.eventual import (
    QUICK_SCALE,
    STRETCHED_SCALE,
    EventualEmulator,
    NotWaitedFor,
    SkippingClock,
    aws_error,
    build_open_api,
    call_once,
    check_once,
    edited_users_package,
    no_wait,
    quiet_waits,
    remove_wait,
    start_eventual,
    without_botocore_retries,
)

GREETING = "Testing Lambda from API Gateway"
"""GET /users' answer (lambda_src/users/app.py), a JSON string: on the wire with its quotes."""
TEST_EVENT = {"httpMethod": "GET", "path": "/users"}
"""01_lambda's test event."""


@pytest.fixture(scope="module")
def quick_emulator() -> Iterator[EventualEmulator]:
    emulator = start_eventual(QUICK_SCALE)
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def stretched_emulator() -> Iterator[EventualEmulator]:
    emulator = start_eventual(STRETCHED_SCALE)
    yield emulator
    emulator.stop()


@pytest.fixture
def quick(quick_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch) -> Workbook:
    """A learner on the quick emulator (a fresh account), with the notebooks' clients."""
    quick_emulator.reset()
    quiet_waits(monkeypatch)
    return quick_emulator.workbook(monkeypatch)


@pytest.fixture
def quick_unretried(quick_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch) -> Workbook:
    """As ``quick``, but botocore does not retry: only the helpers' own waits protect."""
    without_botocore_retries(monkeypatch)
    quick_emulator.reset()
    quiet_waits(monkeypatch)
    return quick_emulator.workbook(monkeypatch)


@pytest.fixture
def stretched(stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch) -> Workbook:
    """A learner on the stretched emulator (a fresh account); botocore does not retry, and
    until ``remove_wait`` the helpers' waits skip the delays on the emulator's clock."""
    without_botocore_retries(monkeypatch)
    stretched_emulator.reset()
    quiet_waits(monkeypatch)
    monkeypatch.setattr(waits, "CLOCK", SkippingClock(stretched_emulator))
    return stretched_emulator.workbook(monkeypatch)


# --- 21.1 deployment-propagation: serving.wait_until_served --------------------------------


def deploy_open_api(wb: Workbook) -> OpenApi:
    """Notebooks 01-03: GET /users open, deployed to dev and served."""
    course = build_open_api(wb)
    deployment = apigateway.create_deployment(wb, course.api.id, "GET /users, open")
    serving.wait_until_served(deployment.invoke_url, 200)
    return course


def attach_cognito_authorizer(wb: Workbook, course: OpenApi) -> None:
    """Notebook 04, Steps 1-4: a user pool, its authorizer on GET /users (not deployed)."""
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, course.api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, course.api.id, course.users_id, authorizer.id)


def test_21_1_with_the_serving_wait_a_new_stage_answers_200_when_the_cell_ends(
    quick: Workbook,
) -> None:
    """03_deploy: create_deployment, then wait_until_served(url, 200)."""
    course = build_open_api(quick)
    deployment = apigateway.create_deployment(quick, course.api.id, "GET /users, open")
    served = serving.wait_until_served(deployment.invoke_url, 200)
    assert (served.status, served.body) == (200, GREETING)


def test_21_1_without_the_serving_wait_a_new_stage_answers_403_missing_authentication_token(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brand-new stage serves no deployment yet: 403 as for a route it does not have."""
    course = build_open_api(stretched)
    stretched_emulator.skip_everything()  # the function Active, the permission in effect
    remove_wait(monkeypatch, serving, "wait_until", check_once)
    deployment = apigateway.create_deployment(stretched, course.api.id, "GET /users, open")
    with pytest.raises(NotWaitedFor) as not_served:
        serving.wait_until_served(deployment.invoke_url, 200)
    assert not_served.value.status == 'HTTP 403 {"message":"Missing Authentication Token"}'


def test_21_1_with_the_serving_wait_a_redeploy_with_the_authorizer_answers_401_when_the_cell_ends(
    quick: Workbook,
) -> None:
    """04_cognito_authorizer Step 6: redeploy with the authorizer, wait_until_served(url, 401)."""
    course = deploy_open_api(quick)
    attach_cognito_authorizer(quick, course)
    deployment = apigateway.create_deployment(quick, course.api.id, "GET /users requires Cognito")
    served = serving.wait_until_served(deployment.invoke_url, 401)
    assert (served.status, served.body) == (401, {"message": "Unauthorized"})


def test_21_1_without_the_serving_wait_the_first_call_after_a_redeploy_gets_the_old_deployment(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stage goes on serving the deployment it served before: still open, 200."""
    course = deploy_open_api(stretched)
    attach_cognito_authorizer(stretched, course)
    stretched_emulator.skip_everything()  # the first deployment long served, quotas full
    remove_wait(monkeypatch, serving, "wait_until", check_once)
    deployment = apigateway.create_deployment(
        stretched, course.api.id, "GET /users requires Cognito"
    )
    with pytest.raises(NotWaitedFor) as not_served:
        serving.wait_until_served(deployment.invoke_url, 401)
    assert not_served.value.status == f"HTTP 200 {GREETING}"


# --- 21.2 role-not-yet-assumable: the role retry of awslambda.create_function --------------


def test_21_2_with_the_role_retry_create_function_right_after_create_role_makes_it_active(
    quick: Workbook,
) -> None:
    """01_lambda Steps 1-4: the role, then the function at once."""
    role = iam.create_execution_role(quick)
    function = awslambda.create_function(quick, role.arn)
    assert function.state == "Active"


def test_21_2_without_the_role_retry_create_function_right_after_create_role_cannot_assume_it(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CreateFunction answers 400 InvalidParameterValueException while IAM propagates the
    new role; without the retry the helper reports it as a failure."""
    role = iam.create_execution_role(stretched)
    remove_wait(monkeypatch, awslambda, "retry_role_propagation", call_once)
    with pytest.raises(WorkbookError, match=r"Creating function '.*' failed") as refused:
        awslambda.create_function(stretched, role.arn)
    assert aws_error(refused.value.__cause__) == (
        "InvalidParameterValueException",
        "The role defined for the function cannot be assumed by Lambda.",
    )


# --- 21.3 inline-policy-not-yet-readable: the read retry of iam.get_role_policy ------------


def test_21_3_with_the_read_retry_the_new_inline_policy_is_read_right_after_it_is_written(
    quick: Workbook,
) -> None:
    """01_lambda Step 1 and its checkpoint: create_execution_role, then get_role_policy."""
    iam.create_execution_role(quick)
    statement = iam.get_role_policy(quick)["Statement"][0]
    assert sorted(statement["Action"]) == ["logs:CreateLogStream", "logs:PutLogEvents"]


def test_21_3_without_the_read_retry_get_role_policy_right_after_put_answers_no_such_entity(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GetRolePolicy answers 404 NoSuchEntity for a while after PutRolePolicy creates it."""
    iam.create_execution_role(stretched)
    remove_wait(monkeypatch, iam, "retry_read_after_write", call_once)
    with pytest.raises(ClientError) as unreadable:
        iam.get_role_policy(stretched)
    assert aws_error(unreadable.value) == (
        "NoSuchEntity",
        f"The role policy with name {stretched.names.role_policy} cannot be found.",
    )


# --- 21.4 deleted-still-listed: cleanup.wait_until_gone ------------------------------------


def test_21_4_with_the_listings_wait_cleanup_finds_nothing_left(quick: Workbook) -> None:
    """99_cleanup Steps 2 and 3: delete_everything, then wait_until_gone."""
    iam.create_execution_role(quick)
    result = cleanup.delete_everything(quick)
    assert cleanup.wait_until_gone(quick, result) == []


def test_21_4_cleanup_reads_roles_by_name_so_listroles_lag_does_not_reach_it(
    stretched: Workbook,
) -> None:
    """ListRoles still lists the role DeleteRole deleted, but cleanup finds roles by their
    exact names with GetRole, which is not delayed (21.4; docs/aws-behaviour.md 29.4): one
    listing, as wait_until_gone's check makes, already finds nothing left. (The wait stays for the
    listings that do lag: ListUserPools, GetRestApis.)"""
    role = iam.create_execution_role(stretched)
    result = cleanup.delete_everything(stretched)
    listed = [
        r["RoleName"]
        for r in stretched.client("iam").list_roles()["Roles"]
        if r["RoleName"] == role.name
    ]
    assert (result.deleted, listed, cleanup.find_leftovers(stretched)) == (
        (cleanup.Leftover("IAM role", role.name, role.name),),
        [role.name],
        [],
    )


# --- 21.5 function-pending: awslambda.wait_function_ready and the Invoke conflict retry ----


def test_21_5_with_the_state_wait_the_new_function_is_active_and_answers_invoke(
    quick: Workbook,
) -> None:
    """01_lambda Steps 4 and 5: create_function (checkpoint: Active), then invoke_function."""
    role = iam.create_execution_role(quick)
    function = awslambda.create_function(quick, role.arn)
    result = awslambda.invoke_function(quick, TEST_EVENT)
    assert (function.state, result.status_code, result.function_error) == ("Active", 200, None)


def test_21_5_without_the_state_wait_create_function_returns_a_pending_function(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new function is Pending for a while: 01's checkpoint "the function is Active" fails."""
    role = iam.create_execution_role(stretched)
    stretched_emulator.skip_everything()  # the role assumable
    remove_wait(monkeypatch, awslambda, "wait_function_ready", no_wait)
    assert awslambda.create_function(stretched, role.arn).state == "Pending"


def test_21_5_without_the_waits_invoke_right_after_create_function_answers_resource_conflict(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invoke answers 409 ResourceConflictException while the function is Pending. Both waits
    are taken out: the state wait after CreateFunction and the conflict retry of Invoke."""
    role = iam.create_execution_role(stretched)
    stretched_emulator.skip_everything()  # the role assumable
    remove_wait(monkeypatch, awslambda, "wait_function_ready", no_wait)
    remove_wait(monkeypatch, awslambda, "retry_on_error", call_once)
    awslambda.create_function(stretched, role.arn)
    with pytest.raises(ClientError) as conflict:
        awslambda.invoke_function(stretched, TEST_EVENT)
    assert aws_error(conflict.value) == (
        "ResourceConflictException",
        "The operation cannot be performed at this time. "
        "The function is currently in the following state: Pending",
    )


# --- 21.6 update-in-progress: the waits between deploy_function's updates ------------------


def changed_function(
    wb: Workbook, function: awslambda.FunctionInfo, tmp_path: Path
) -> awslambda.FunctionDeployment:
    """The function re-run with edited code and a new environment: two updates in a row."""
    return awslambda.FunctionDeployment(
        name=function.name,
        role_arn=function.role,
        zip_bytes=edited_users_package(tmp_path),
        handler=awslambda.HANDLER,
        description="GET /users, edited",
        environment=(("LOG_LEVEL", "DEBUG"),),
    )


def test_21_6_with_the_update_waits_new_code_and_configuration_are_both_applied(
    quick: Workbook, tmp_path: Path
) -> None:
    """Re-running the function's cell after editing its code and its environment
    (deploy_function: UpdateFunctionCode, then UpdateFunctionConfiguration)."""
    role = iam.create_execution_role(quick)
    function = awslambda.create_function(quick, role.arn)
    wanted = changed_function(quick, function, tmp_path)
    updated = awslambda.deploy_function(quick, wanted)
    assert (updated.code_sha256, awslambda.get_function_status(quick, function.name)) == (
        awslambda.code_sha256(wanted.zip_bytes),
        awslambda.FunctionStatus("Active", "Successful", ""),
    )


def test_21_6_without_the_update_waits_the_second_update_answers_resource_conflict(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """After UpdateFunctionCode the function's LastUpdateStatus is InProgress, and another
    update answers 409 ResourceConflictException."""
    role = iam.create_execution_role(stretched)
    function = awslambda.create_function(stretched, role.arn)
    remove_wait(monkeypatch, awslambda, "wait_function_ready", no_wait)
    remove_wait(monkeypatch, awslambda, "retry_on_error", call_once)
    with pytest.raises(ClientError) as conflict:
        awslambda.deploy_function(stretched, changed_function(stretched, function, tmp_path))
    assert aws_error(conflict.value) == (
        "ResourceConflictException",
        "The operation cannot be performed at this time. "
        f"An update is in progress for resource: {function.arn}",
    )


# --- 21.7 permission-propagation: test_invoke_method and test_invoke_authorizer ------------


def test_21_7_with_the_permission_wait_the_method_test_right_after_add_permission_answers_200(
    quick: Workbook,
) -> None:
    """02_rest_api Steps 5 and 6: add_permission, then test_invoke_method."""
    course = build_open_api(quick)
    test = apigateway.test_invoke_method(quick, course.api.id, course.users_id)
    assert (test.status, test.body) == (200, f'"{GREETING}"')


def test_21_7_without_the_permission_wait_the_method_test_right_after_add_permission_answers_500(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the statement takes effect API Gateway may not invoke the function: 500,
    "Invalid permissions on Lambda function" in the test's log."""
    course = build_open_api(stretched)
    remove_wait(monkeypatch, apigateway, "wait_until", check_once)
    with pytest.raises(NotWaitedFor) as not_allowed:
        apigateway.test_invoke_method(stretched, course.api.id, course.users_id)
    assert not_allowed.value.status == "500, the permission is not in effect yet"


def build_lambda_authorizer(wb: Workbook) -> tuple[str, str, str]:
    """Notebook 08 up to Step 6 (the permission, last), with a signed-in user: the API's id,
    the authorizer's id, and the user's ID token."""
    api = apigateway.create_rest_api(wb)
    pool = cognito.create_user_pool(wb)
    app_client = cognito.create_app_client(wb, pool.id)
    credentials = cognito.create_user(wb, pool.id)
    role = authorizers.create_authorizer_role(wb)
    function = authorizers.create_authorizer_function(wb, role.arn, pool.id, app_client.id)
    authorizer = authorizers.create_token_authorizer(wb, api.id, function.arn)
    tokens = cognito.sign_in(wb, pool.id, app_client.id, credentials)
    authorizers.add_authorizer_permission(wb, api.id, authorizer.id)
    return api.id, authorizer.id, tokens.id_token


def test_21_7_with_the_permission_wait_the_authorizer_test_after_add_permission_allows_the_token(
    quick: Workbook,
) -> None:
    """08_lambda_authorizer Steps 6 and 7: add_authorizer_permission, test_invoke_authorizer."""
    api_id, authorizer_id, id_token = build_lambda_authorizer(quick)
    tested = authorizers.test_invoke_authorizer(quick, api_id, authorizer_id, id_token)
    assert (tested.succeeded, tested.principal_id) == (
        True,
        cognito.decode_claims(id_token)["sub"],
    )


def test_21_7_without_the_permission_wait_the_authorizer_test_answers_client_status_500(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lambda authorizers likewise (2.8): API Gateway may not invoke the function yet."""
    api_id, authorizer_id, id_token = build_lambda_authorizer(stretched)
    remove_wait(monkeypatch, authorizers, "wait_until", check_once)
    with pytest.raises(NotWaitedFor) as not_allowed:
        authorizers.test_invoke_authorizer(stretched, api_id, authorizer_id, id_token)
    assert not_allowed.value.status == "clientStatus 500"


# --- 21.8 domain-creating, domain-endpoint-not-yet-serving: oauth's two waits --------------


def domain_name(wb: Workbook) -> str:
    return oauth.domain_prefix(wb.prefix, get_caller_identity(wb).account)


def test_21_8_with_the_domain_wait_a_new_domain_is_active_when_the_cell_ends(
    quick: Workbook,
) -> None:
    """07_groups_and_scopes Step 10: create_user_pool_domain."""
    pool = cognito.create_user_pool(quick)
    domain = oauth.create_user_pool_domain(quick, pool.id, domain_name(quick))
    description = quick.client("cognito-idp").describe_user_pool_domain(Domain=domain)
    assert description["DomainDescription"]["Status"] == "ACTIVE"


def test_21_8_without_the_domain_wait_a_new_domain_is_still_creating(
    stretched: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DescribeUserPoolDomain reports Status CREATING for a while after CreateUserPoolDomain."""
    pool = cognito.create_user_pool(stretched)
    remove_wait(monkeypatch, oauth, "wait_until", check_once)
    with pytest.raises(NotWaitedFor) as not_active:
        oauth.create_user_pool_domain(stretched, pool.id, domain_name(stretched))
    assert not_active.value.status == "CREATING"


def machine_client_of(wb: Workbook, pool_id: str) -> oauth.MachineClient:
    """07 Steps 9 and 11: the resource server's scopes and the machine client."""
    resource_server = oauth.create_resource_server(wb, pool_id)
    return oauth.create_machine_client(wb, pool_id, resource_server.scopes)


def test_21_8_with_the_endpoint_wait_a_new_domain_gives_a_client_credentials_token(
    quick: Workbook,
) -> None:
    """07 Steps 10-12: the domain, the machine client, request_client_credentials_token."""
    pool = cognito.create_user_pool(quick)
    domain = oauth.create_user_pool_domain(quick, pool.id, domain_name(quick))
    machine = machine_client_of(quick, pool.id)
    token = oauth.request_client_credentials_token(quick, domain, machine, "users/read")
    claims = cognito.decode_claims(token)
    assert (claims["token_use"], claims["scope"]) == ("access", "users/read")


def test_21_8_without_the_endpoint_wait_a_new_domains_token_endpoint_drops_the_connection(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new domain's endpoints answer only about a minute after CreateUserPoolDomain, even
    once it is ACTIVE: until then a client cannot connect (AWS: the name does not resolve).
    The domain is created first and only its CREATING is skipped, so the domain wait (a
    get-or-create) returns at once without skipping the endpoint's longer delay."""
    pool = cognito.create_user_pool(stretched)
    domain = domain_name(stretched)
    stretched.client("cognito-idp").create_user_pool_domain(UserPoolId=pool.id, Domain=domain)
    stretched_emulator.skip(DOMAIN_CREATING)
    oauth.create_user_pool_domain(stretched, pool.id, domain)
    machine = machine_client_of(stretched, pool.id)
    remove_wait(monkeypatch, oauth, "wait_until", check_once)
    with pytest.raises(NotWaitedFor) as unreachable:
        oauth.request_client_credentials_token(stretched, domain, machine, "users/read")
    assert unreachable.value.status == "no connection (ConnectionError)"


# --- 21.9 apigateway-quotas: the throttling retries of delete_rest_api, create_deployment --


def test_21_9_with_the_throttle_retry_a_second_delete_rest_api_within_30_s_succeeds(
    quick_unretried: Workbook, quick_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """99_cleanup Step 2 for two learners of a workshop, one after the other: DeleteRestApi
    is one call every 30 s per account. botocore does not retry here, so what protects the
    second learner's cleanup is the helpers' own wait."""
    first, second = quick_unretried, quick_emulator.workbook(monkeypatch)
    apigateway.create_rest_api(first)
    api = apigateway.create_rest_api(second)
    cleanup.delete_everything(first)
    result = cleanup.delete_everything(second)
    assert (result.deleted, result.failed) == (
        (cleanup.Leftover("REST API", api.name, api.id),),
        (),
    )


def test_21_9_without_the_throttle_retry_a_second_delete_rest_api_within_30_s_is_refused(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """429 TooManyRequestsException: Step 2 reports the second learner's API as not deleted.
    Both retries are taken out: delete_rest_api's and cleanup's own (of throttled deletes)."""
    first, second = stretched, stretched_emulator.workbook(monkeypatch)
    apigateway.create_rest_api(first)
    api = apigateway.create_rest_api(second)
    remove_wait(monkeypatch, apigateway, "retry_throttled", call_once)
    remove_wait(monkeypatch, cleanup, "retry_on_error", call_once)
    cleanup.delete_everything(first)
    result = cleanup.delete_everything(second)
    not_deleted = cleanup.Failure(
        cleanup.Leftover("REST API", api.name, api.id),
        "TooManyRequestsException: Too Many Requests",
    )
    assert (result.deleted, result.failed) == ((), (not_deleted,))


def test_21_9_with_the_throttle_retry_a_redeploy_within_5_s_succeeds(
    quick_unretried: Workbook,
) -> None:
    """Deployments a few cells apart (07 deploys three times): CreateDeployment is one call
    every 5 s per account. botocore does not retry here: the helper's wait protects."""
    course = build_open_api(quick_unretried)
    first = apigateway.create_deployment(quick_unretried, course.api.id, "first")
    second = apigateway.create_deployment(quick_unretried, course.api.id, "second")
    assert first.id != second.id


def test_21_9_without_the_throttle_retry_a_redeploy_within_5_s_is_too_many_requests(
    stretched: Workbook, stretched_emulator: EventualEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """429 TooManyRequestsException: the second deployment fails (and its message, meant for
    a method without an integration, sends the learner back to 02_rest_api)."""
    course = build_open_api(stretched)
    stretched_emulator.skip_everything()  # every quota full
    remove_wait(monkeypatch, apigateway, "retry_throttled", call_once)
    apigateway.create_deployment(stretched, course.api.id, "first")
    with pytest.raises(WorkbookError, match=r"Deploying REST API .* failed") as refused:
        apigateway.create_deployment(stretched, course.api.id, "second")
    assert aws_error(refused.value.__cause__) == ("TooManyRequestsException", "Too Many Requests")

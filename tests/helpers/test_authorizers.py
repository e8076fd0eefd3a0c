"""Lambda authorizer helpers (helpers/authorizers.py, helpers/authorizer_package.py).

Packaging tests need no emulator; the others run against the session's emulator, which runs
the real zip (with the copied PyJWT and cryptography) on this machine's interpreter.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import boto3
import pytest
from botocore.stub import Stubber

from helpers import apigateway, authorizer_package, authorizers, awslambda, cognito, http, iam
from helpers.awslambda import FunctionInfo
from helpers.backend import Workbook
from helpers.cognito import AppClient, Tokens, UserPool
from helpers.config import WorkbookConfig
from helpers.diagnose import diagnose
from helpers.errors import WorkbookError
from tests.course import OpenApi
from tests.helpers import readonly
from tests.helpers.fakes import use_fake_time

UNAUTHORIZED = {"message": "Unauthorized"}

# --- packaging (no emulator) ----------------------------------------------------------------


def test_pinned_requirements_come_from_pyproject() -> None:
    assert authorizer_package.pinned_requirements() == [
        "pyjwt[crypto]==2.15.1",
        "cryptography==50.0.2",
    ]


def test_unpinned_requirement_is_refused_with_what_to_do(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["pyjwt[crypto]>=2", "cryptography==50.0.2"]\n')
    with pytest.raises(WorkbookError, match=r"does not pin pyjwt with '=='"):
        authorizer_package.pinned_requirements(pyproject)


def test_pip_command_asks_for_lambdas_platform_and_python() -> None:
    command = authorizer_package.pip_command(Path("/tmp/x"), ["pyjwt[crypto]==2.15.1"])
    assert command[3:] == [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--target",
        "/tmp/x",
        "--platform",
        "manylinux2014_x86_64",
        "--implementation",
        "cp",
        "--python-version",
        "3.12",
        "--only-binary=:all:",
        "pyjwt[crypto]==2.15.1",
    ]


def _no_pip(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("pip must not run")


def test_built_dependencies_are_reused_without_running_pip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_calls: list[list[str]] = []

    def fake_pip(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        first_calls.append(command)
        (Path(command[command.index("--target") + 1]) / "jwt").mkdir(parents=True)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    built = authorizer_package.build_lambda_dependencies(tmp_path)
    monkeypatch.setattr(subprocess, "run", _no_pip)
    assert (authorizer_package.build_lambda_dependencies(tmp_path), len(first_calls)) == (
        built,
        1,
    )


def test_failed_pip_says_what_failed_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_pip(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", "ERROR: No matching distribution")

    monkeypatch.setattr(subprocess, "run", failing_pip)
    with pytest.raises(
        WorkbookError, match=r"(?s)exit 1\):\nERROR: No matching distribution\nCheck your internet"
    ):
        authorizer_package.build_lambda_dependencies(tmp_path)


def test_local_package_holds_the_code_and_this_environments_libraries() -> None:
    names = zipfile.ZipFile(io.BytesIO(authorizer_package.package_authorizer("local"))).namelist()
    top = sorted({name.split("/")[0] for name in names if not name.endswith(".so")})
    assert (top, any(n.startswith("_cffi_backend.") for n in names)) == (
        ["app.py", "cffi", "cryptography", "jwt"],
        True,
    )


def test_package_is_reproducible_and_has_no_bytecode() -> None:
    authorizer_package._build_package.cache_clear()
    first = authorizer_package.package_authorizer("local")
    authorizer_package._build_package.cache_clear()  # build again, not from the cache
    second = authorizer_package.package_authorizer("local")
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert (
        first == second and first is not second,
        [n for n in names if "__pycache__" in n or n.endswith(".pyc")],
    ) == (True, [])


def test_on_aws_the_function_reads_the_keys_from_cognitos_jwks_url() -> None:
    config = WorkbookConfig(
        backend="aws", region="eu-west-1", prefix="alice", emulator_url="http://127.0.0.1:4577"
    )
    session = boto3.Session(
        region_name="eu-west-1", aws_access_key_id="offline", aws_secret_access_key="offline"
    )
    pool_id = "eu-west-1_AbCdEf123"
    assert authorizers.authorizer_environment(Workbook(config, session), pool_id, "c1") == {
        "JWKS_URL": f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}/.well-known/jwks.json",
        "ISSUER": f"https://cognito-idp.eu-west-1.amazonaws.com/{pool_id}",
        "APP_CLIENT_ID": "c1",
    }


def test_authorizer_source_arn_names_one_authorizer() -> None:
    assert authorizers.authorizer_source_arn("us-east-1", "123456789012", "abc", "xyz") == (
        "arn:aws:execute-api:us-east-1:123456789012:abc/authorizers/xyz"
    )


# --- against the emulator -----------------------------------------------------------------


@dataclass(frozen=True)
class Course:
    """The state after notebooks 01-05: GET /users behind Cognito, a user with tokens."""

    api: apigateway.RestApi
    users_function: FunctionInfo
    pool: UserPool
    app_client: AppClient
    tokens: Tokens


def build_course(wb: Workbook, open_api: OpenApi) -> Course:
    api, function = open_api.api, open_api.function
    pool = cognito.create_user_pool(wb)
    app_client = cognito.create_app_client(wb, pool.id)
    credentials = cognito.create_user(wb, pool.id)
    tokens = cognito.sign_in(wb, pool.id, app_client.id, credentials)
    return Course(api, function, pool, app_client, tokens)


def build_authorizer_function(wb: Workbook, course: Course) -> FunctionInfo:
    role = authorizers.create_authorizer_role(wb)
    return authorizers.create_authorizer_function(
        wb, role.arn, course.pool.id, course.app_client.id
    )


def build_token_authorizer(
    wb: Workbook, course: Course, authorizer_function: FunctionInfo
) -> authorizers.LambdaAuthorizer:
    authorizer = authorizers.create_token_authorizer(wb, course.api.id, authorizer_function.arn)
    authorizers.add_authorizer_permission(wb, course.api.id, authorizer.id)
    return authorizer


def build_protected_url(
    wb: Workbook, course: Course, token_authorizer: authorizers.LambdaAuthorizer
) -> str:
    """``GET /users-lambda`` behind the Lambda authorizer, deployed to dev."""
    route = authorizers.create_lambda_route(wb, course.api, course.users_function.arn)
    authorizers.attach_lambda_authorizer(wb, course.api.id, route.resource_id, token_authorizer.id)
    apigateway.create_deployment(wb, course.api.id, "GET /users-lambda requires the authorizer")
    return apigateway.invoke_url(wb, course.api.id, path=route.path)


# Function-scoped: for the tests that change the stack.


@pytest.fixture
def course(wb: Workbook, open_api: OpenApi) -> Course:
    return build_course(wb, open_api)


@pytest.fixture
def authorizer_function(wb: Workbook, course: Course) -> FunctionInfo:
    return build_authorizer_function(wb, course)


@pytest.fixture
def token_authorizer(
    wb: Workbook, course: Course, authorizer_function: FunctionInfo
) -> authorizers.LambdaAuthorizer:
    return build_token_authorizer(wb, course, authorizer_function)


@pytest.fixture
def protected_url(
    wb: Workbook, course: Course, token_authorizer: authorizers.LambdaAuthorizer
) -> str:
    return build_protected_url(wb, course, token_authorizer)


# Module-scoped: the same stack built once on `shared_wb`, for the tests that only read it;
# checked unchanged after the module's last test (tests/helpers/readonly.py).


@dataclass(frozen=True)
class Protected:
    course: Course
    authorizer_function: FunctionInfo
    token_authorizer: authorizers.LambdaAuthorizer
    url: str


@pytest.fixture(scope="module")
def shared_protected(shared_wb: Workbook, shared_open_api: OpenApi) -> Iterator[Protected]:
    wb = shared_wb
    course = build_course(wb, shared_open_api)
    function = build_authorizer_function(wb, course)
    authorizer = build_token_authorizer(wb, course, function)
    url = build_protected_url(wb, course, authorizer)
    shared = readonly.SharedResources(
        api_ids=(course.api.id,),
        function_names=(course.users_function.name, function.name),
        pool_ids=(course.pool.id,),
    )
    with readonly.guarded(readonly.workbook_clients(wb), shared):
        yield Protected(course, function, authorizer, url)


@pytest.fixture(scope="module")
def shared_course(shared_protected: Protected) -> Course:
    return shared_protected.course


@pytest.fixture(scope="module")
def shared_authorizer_function(shared_protected: Protected) -> FunctionInfo:
    return shared_protected.authorizer_function


@pytest.fixture(scope="module")
def shared_token_authorizer(shared_protected: Protected) -> authorizers.LambdaAuthorizer:
    return shared_protected.token_authorizer


@pytest.fixture(scope="module")
def shared_protected_url(shared_protected: Protected) -> str:
    return shared_protected.url


def test_authorizer_role_may_only_write_its_own_log_group(wb: Workbook) -> None:
    role = authorizers.create_authorizer_role(wb)
    document = iam.get_role_policy(wb, role.name, wb.names.authorizer_role_policy)
    assert [s["Resource"] for s in document["Statement"]] == [
        f"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/{wb.prefix}-token-authorizer:*"
    ]


def test_create_authorizer_role_twice_reuses_the_role(wb: Workbook) -> None:
    assert authorizers.create_authorizer_role(wb) == authorizers.create_authorizer_role(wb)


def test_authorizer_log_group_gets_the_retention_of_the_users_log_group(
    shared_wb: Workbook, shared_authorizer_function: FunctionInfo
) -> None:
    groups = shared_wb.client("logs").describe_log_groups(
        logGroupNamePrefix=shared_wb.names.authorizer_log_group
    )["logGroups"]
    assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups] == [
        (shared_wb.names.authorizer_log_group, 7)
    ]


def test_authorizer_function_gets_the_pools_jwks_url_and_issuer(
    shared_wb: Workbook, shared_course: Course, shared_authorizer_function: FunctionInfo
) -> None:
    config = shared_wb.client("lambda").get_function_configuration(
        FunctionName=shared_authorizer_function.name
    )
    assert (config["State"], config["Handler"], config["Environment"]["Variables"]) == (
        "Active",
        "app.lambda_handler",
        {
            "JWKS_URL": f"{shared_wb.endpoint_url}/{shared_course.pool.id}/.well-known/jwks.json",
            "ISSUER": f"https://cognito-idp.us-east-1.amazonaws.com/{shared_course.pool.id}",
            "APP_CLIENT_ID": shared_course.app_client.id,
        },
    )


def test_create_authorizer_function_twice_reuses_the_function(
    shared_wb: Workbook, shared_course: Course, shared_authorizer_function: FunctionInfo
) -> None:
    again = authorizers.create_authorizer_function(
        shared_wb,
        shared_authorizer_function.role,
        shared_course.pool.id,
        shared_course.app_client.id,
    )
    assert again == shared_authorizer_function


def test_authorizer_function_allows_an_id_token_when_invoked_directly(
    shared_wb: Workbook, shared_course: Course, shared_authorizer_function: FunctionInfo
) -> None:
    """The copied PyJWT and cryptography load in the emulator's isolated worker."""
    event = {
        "type": "TOKEN",
        "authorizationToken": shared_course.tokens.id_token,
        "methodArn": f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}/dev/GET/x",
    }
    response = shared_wb.client("lambda").invoke(
        FunctionName=shared_authorizer_function.name, Payload=json.dumps(event).encode()
    )
    result = json.loads(response["Payload"].read())
    assert (result["policyDocument"]["Statement"][0], result["context"]["username"]) == (
        {
            "Action": "execute-api:Invoke",
            "Effect": "Allow",
            "Resource": f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}/dev/*",
        },
        shared_wb.prefix,
    )


def test_token_authorizer_reads_authorization_and_caches_300_s(
    shared_token_authorizer: authorizers.LambdaAuthorizer, shared_authorizer_function: FunctionInfo
) -> None:
    assert (
        shared_token_authorizer.type,
        shared_token_authorizer.identity_source,
        shared_token_authorizer.result_ttl_s,
        shared_token_authorizer.authorizer_uri,
    ) == (
        "TOKEN",
        "method.request.header.Authorization",
        300,
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
        f"{shared_authorizer_function.arn}/invocations",
    )


def test_create_token_authorizer_twice_makes_one_authorizer(
    shared_wb: Workbook,
    shared_course: Course,
    shared_authorizer_function: FunctionInfo,
    shared_token_authorizer: authorizers.LambdaAuthorizer,
) -> None:
    again = authorizers.create_token_authorizer(
        shared_wb, shared_course.api.id, shared_authorizer_function.arn
    )
    assert again == shared_token_authorizer


def test_authorizer_permission_is_for_this_authorizer_only(
    shared_wb: Workbook,
    shared_course: Course,
    shared_token_authorizer: authorizers.LambdaAuthorizer,
) -> None:
    statements = awslambda.get_permissions(shared_wb, shared_wb.names.authorizer_function)
    assert [(s.principal, s.source_arn) for s in statements] == [
        (
            "apigateway.amazonaws.com",
            f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}"
            f"/authorizers/{shared_token_authorizer.id}",
        )
    ]


def test_add_authorizer_permission_twice_keeps_one_statement(
    shared_wb: Workbook,
    shared_course: Course,
    shared_token_authorizer: authorizers.LambdaAuthorizer,
) -> None:
    authorizers.add_authorizer_permission(
        shared_wb, shared_course.api.id, shared_token_authorizer.id
    )
    assert len(awslambda.get_permissions(shared_wb, shared_wb.names.authorizer_function)) == 1


def test_lambda_route_without_token_returns_401(shared_protected_url: str) -> None:
    response = http.call_api(shared_protected_url)
    assert (response.status, response.body, response.error_type) == (
        401,
        UNAUTHORIZED,
        "UnauthorizedException",
    )


def test_lambda_route_with_garbage_returns_401(shared_protected_url: str) -> None:
    response = http.call_api(shared_protected_url, "garbage")
    assert (response.status, response.body) == (401, UNAUTHORIZED)


def test_lambda_route_with_access_token_returns_401(
    shared_protected_url: str, shared_course: Course
) -> None:
    response = http.call_api(shared_protected_url, shared_course.tokens.access_token)
    assert (response.status, response.body) == (401, UNAUTHORIZED)


def test_lambda_route_with_id_token_returns_200(
    shared_protected_url: str, shared_course: Course
) -> None:
    response = http.call_api(shared_protected_url, shared_course.tokens.id_token)
    assert (response.status, response.body) == (200, "Testing Lambda from API Gateway")


def test_context_reaches_the_users_function(
    shared_wb: Workbook, shared_protected_url: str, shared_course: Course
) -> None:
    response = http.call_api(shared_protected_url, shared_course.tokens.id_token)
    assert response.request_id is not None
    received = authorizers.get_received_event(shared_wb, response.request_id)
    context = received["requestContext"]["authorizer"]
    claims = cognito.decode_claims(shared_course.tokens.id_token)
    assert (context["principalId"], context["username"], context["groups"]) == (
        claims["sub"],
        shared_wb.prefix,
        "",
    )


def test_route_to_users_function_has_its_own_permission(
    shared_wb: Workbook, shared_course: Course, shared_protected_url: str
) -> None:
    sources = sorted(str(s.source_arn) for s in awslambda.get_permissions(shared_wb))
    assert sources == [
        f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}/*/GET/users",
        f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}/*/GET/users-lambda",
    ]


def test_test_invoke_authorizer_shows_principal_and_policy(
    shared_wb: Workbook,
    shared_course: Course,
    shared_token_authorizer: authorizers.LambdaAuthorizer,
) -> None:
    result = authorizers.test_invoke_authorizer(
        shared_wb, shared_course.api.id, shared_token_authorizer.id, shared_course.tokens.id_token
    )
    assert result.policy is not None
    assert (
        result.client_status,
        result.principal_id,
        result.policy["Statement"][0]["Resource"],
    ) == (
        0,
        cognito.decode_claims(shared_course.tokens.id_token)["sub"],
        f"arn:aws:execute-api:us-east-1:123456789012:{shared_course.api.id}/ESTestInvoke-stage/*",
    )


def test_test_invoke_authorizer_with_garbage_reports_401(
    shared_wb: Workbook,
    shared_course: Course,
    shared_token_authorizer: authorizers.LambdaAuthorizer,
) -> None:
    result = authorizers.test_invoke_authorizer(
        shared_wb, shared_course.api.id, shared_token_authorizer.id, "garbage"
    )
    assert (result.client_status, result.policy) == (401, None)


def test_measure_latency_makes_one_more_call_than_asked(
    shared_protected_url: str, shared_course: Course
) -> None:
    latency = authorizers.measure_latency(
        shared_protected_url, shared_course.tokens.id_token, calls=3
    )
    assert (latency.calls, latency.statuses) == (3, (200, 200, 200, 200))


def test_package_contents_lists_top_level_entries_without_dist_info() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in (
            "app.py",
            "jwt/__init__.py",
            "jwt/api_jwt.py",
            "pyjwt-2.15.1.dist-info/RECORD",
        ):
            archive.writestr(name, "")
    assert authorizer_package.package_contents(buffer.getvalue()) == ["app.py", "jwt"]


# --- diagnose on a Lambda-authorizer route -----------------------------------------------


def _failed_checks(url: str, wb: Workbook, token: str | None) -> list[str]:
    return [c.check for c in diagnose(wb, url, token).checks if not c.ok]


def test_diagnose_without_token_names_the_header_the_authorizer_reads(
    shared_wb: Workbook, shared_protected_url: str
) -> None:
    assert _failed_checks(shared_protected_url, shared_wb, None) == [
        "token in the header the authorizer reads"
    ]


def test_diagnose_with_garbage_says_the_function_refused_it(
    shared_wb: Workbook, shared_protected_url: str
) -> None:
    assert _failed_checks(shared_protected_url, shared_wb, "garbage") == [
        "the authorizer function accepted the token"
    ]


def test_diagnose_with_id_token_finds_nothing_wrong(
    shared_wb: Workbook, shared_protected_url: str, shared_course: Course
) -> None:
    result = diagnose(shared_wb, shared_protected_url, shared_course.tokens.id_token)
    assert (result.status, [c.check for c in result.checks if not c.ok]) == (200, [])


def test_diagnose_without_authorizer_permission_names_it(
    wb: Workbook, protected_url: str, course: Course
) -> None:
    awslambda.remove_permission(
        wb, wb.names.authorizer_function, wb.names.authorizer_permission_statement_id
    )
    result = diagnose(wb, protected_url, course.tokens.id_token)
    assert (result.status, [c.check for c in result.checks if not c.ok]) == (
        500,
        ["API Gateway may invoke the authorizer function"],
    )


# --- TestInvokeAuthorizer right after the permission is added (offline) --------------------

ALLOW = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:x/*"}],
}


def _aws_workbook() -> Workbook:
    return Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )


def test_test_invoke_authorizer_retries_500_while_the_new_permission_is_not_effective(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use_fake_time(monkeypatch)
    wb = _aws_workbook()
    params = {"restApiId": "api", "authorizerId": "auth", "headers": {"Authorization": "eyJ"}}
    with Stubber(wb.client("apigateway")) as stubber:
        for _ in range(2):
            stubber.add_response("test_invoke_authorizer", {"clientStatus": 500}, params)
        stubber.add_response(
            "test_invoke_authorizer",
            {"clientStatus": 200, "principalId": "sub-1", "policy": json.dumps(ALLOW)},
            params,
        )
        result = authorizers.test_invoke_authorizer(wb, "api", "auth", "eyJ")
    assert (result.succeeded, result.first_statement, clock.sleeps) == (
        True,
        ALLOW["Statement"][0],
        [1.0, 2.0],
    )


def test_a_refusal_from_test_invoke_authorizer_is_data_without_a_policy() -> None:
    refused = authorizers.AuthorizerTestResult(
        client_status=401, principal_id=None, policy=None, claims={}, latency_ms=3, log=""
    )
    assert (refused.succeeded, refused.first_statement) == (False, None)

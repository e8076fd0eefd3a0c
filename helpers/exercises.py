"""The break-and-fix exercises of workshop/exercises/: the stack they need, one call that breaks
each, and the checkpoint that grades the learner's fix.

Each exercise is a real, common failure (docs/aws-behaviour.md sections 1, 2, 8, 12, 13, 22):

1. ``not_redeployed``: the authorizer is attached in the draft but the stage serves an older
   deployment (1, 8.1): still 200 without a token.
2. ``wrong_token``: the client sends ``Authorization: Bearer <access token>`` (Postman's
   default) to a method without scopes, which wants the ID token (1): 401.
3. ``missing_scope``: the method requires the scope ``users/read``, which a signed-in user's
   access token does not carry (1): 401.
4. ``missing_permission``: the function's resource policy lost API Gateway's statement (13):
   500 ``{"message": "Internal server error"}``.
5. ``cached_method_policy``: a Lambda authorizer returns a policy for the one ``methodArn``
   it was called for, and API Gateway caches it per token (12.3): the second route 403s.
6. ``guarded_preflight``: ``OPTIONS /users`` behind the Cognito authorizer (22.9): the
   browser's preflight gets 401 without ``Access-Control-Allow-Origin``, a "CORS error".

``ensure_stack`` builds only what is missing of what the course made (00-09), with the
course's own helpers, so a solution runs after the course or on an empty account.
``restore`` undoes what any exercise changed. A grade never raises: ``show_grade`` prints it
as a checkpoint (✅/❌, and on failure ``diagnose``'s likely cause and fix).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

import requests
from botocore.exceptions import ClientError

from helpers import (
    apigateway,
    authorizers,
    awslambda,
    cognito,
    cognito_authorizer,
    cors,
    http,
    iam,
    logs,
    serving,
)
from helpers.authorizer_package import package_authorizer
from helpers.backend import Workbook, get_caller_identity
from helpers.browser_app import APP_ORIGIN
from helpers.checks import check
from helpers.cognito import create_user as create_pool_user
from helpers.diagnose import diagnose, explain_cors_failure
from helpers.errors import aws_failure, error_code
from helpers.waits import retry_throttled

logger = logging.getLogger(__name__)

MISSING_SCOPE = "users/read"
"""Exercise 3's scope: a resource server's scope, never in an SRP sign-in's access token."""
SIGNED_IN_SCOPE = "aws.cognito.signin.user.admin"
"""The one scope an SRP sign-in's access token carries (docs/aws-behaviour.md section 1)."""
SECOND_ROUTE_PART = "me"
SECOND_ROUTE_STATEMENT_ID = "exercise-get-users-lambda-me"
METHOD_SCOPED_HANDLER = "method_scoped.lambda_handler"
METHOD_SCOPED_SOURCE = '''"""Exercise 5: app.py's checks, a policy for one methodArn only."""

import app


def lambda_handler(event, context):
    answer = app.lambda_handler(event, context)
    answer["policyDocument"]["Statement"][0]["Resource"] = event["methodArn"]
    return answer
'''
"""Added to lambda_src/authorizer's package by exercise 5: the common mistake of allowing only
``event["methodArn"]`` while results are cached for 300 s per token (12.1, 12.3)."""
PREFLIGHT_HEADERS = {
    "Origin": APP_ORIGIN,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}
"""What a browser sends before ``fetch(url, {headers: {Authorization: ...}})`` from the app."""


@dataclass(frozen=True)
class Stack:
    """What the exercises use of the course's resources (ids, URLs, a signed-in user)."""

    api: apigateway.RestApi
    users_id: str
    url: str
    pool: cognito.UserPool
    app_client: cognito.AppClient
    credentials: cognito.UserCredentials
    tokens: cognito.Tokens
    cognito_authorizer_id: str
    lambda_authorizer_id: str
    lambda_route_id: str
    lambda_url: str
    authorizer_role_arn: str

    @property
    def second_route_url(self) -> str:
        """Exercise 5's second route, ``GET /users-lambda/me``, behind the same authorizer."""
        return f"{self.lambda_url}/{SECOND_ROUTE_PART}"


@dataclass(frozen=True)
class Grade:
    """A checkpoint's verdict: what was checked, and on failure what to do."""

    passed: bool
    description: str
    hint: str = ""


# --- the stack ------------------------------------------------------------------------------


def ensure_stack(wb: Workbook) -> Stack:
    """Get the course's resources, creating only those that are missing, and deploy when
    anything changed (then wait until the stage serves it). Re-running changes nothing."""
    changed = False
    role = iam.find_role(wb) or iam.create_execution_role(wb)
    function = awslambda.find_function(wb)
    if function is None:
        logs.create_log_group(wb)
        function = awslambda.create_function(wb, role.arn)
    api = apigateway.find_rest_api(wb)
    if api is None:
        api, changed = apigateway.create_rest_api(wb), True
    users_id = apigateway.find_resource(wb, api.id)
    if users_id is None:
        users_id, changed = apigateway.create_resource(wb, api), True
    if apigateway.get_method(wb, api.id, users_id) is None:
        apigateway.put_method(wb, api.id, users_id)
        changed = True
    if apigateway.get_integration(wb, api.id, users_id) is None:
        apigateway.put_lambda_integration(wb, api.id, users_id, function.arn)
        changed = True
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id))
    pool = cognito.find_user_pool(wb) or cognito.create_user_pool(wb)
    app_client = cognito.find_app_client(wb, pool.id) or cognito.create_app_client(wb, pool.id)
    authorizer = cognito_authorizer.find_authorizer(
        wb, api.id
    ) or cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn)
    authorizer_role = iam.find_role(wb, wb.names.authorizer_role)
    if authorizer_role is None:
        authorizer_role = authorizers.create_authorizer_role(wb)
    if awslambda.find_function(wb, wb.names.authorizer_function) is None:
        authorizers.create_authorizer_function(wb, authorizer_role.arn, pool.id, app_client.id)
    authorizer_arn = _function_arn(wb, wb.names.authorizer_function)
    lambda_authorizer = authorizers.find_lambda_authorizer(wb, api.id)
    if lambda_authorizer is None:
        lambda_authorizer = authorizers.create_token_authorizer(wb, api.id, authorizer_arn)
        changed = True
    authorizers.add_authorizer_permission(wb, api.id, lambda_authorizer.id)
    route_id = apigateway.find_resource(wb, api.id, wb.names.lambda_resource_path)
    if route_id is None:
        route_id = authorizers.create_lambda_route(wb, api, function.arn).resource_id
        changed = True
    if apigateway.get_method(wb, api.id, users_id, cors.PREFLIGHT_METHOD) is None:
        cors.enable_cors(wb, api, resource_path=wb.names.resource_path, allowed_origin=APP_ORIGIN)
        changed = True
    credentials = create_pool_user(wb, pool.id)
    stack = Stack(
        api=api,
        users_id=users_id,
        url=apigateway.invoke_url(wb, api.id),
        pool=pool,
        app_client=app_client,
        credentials=credentials,
        tokens=cognito.sign_in(wb, pool.id, app_client.id, credentials),
        cognito_authorizer_id=authorizer.id,
        lambda_authorizer_id=lambda_authorizer.id,
        lambda_route_id=route_id,
        lambda_url=apigateway.invoke_url(wb, api.id, path=wb.names.lambda_resource_path),
        authorizer_role_arn=authorizer_role.arn,
    )
    changed |= _restore_methods(wb, stack)
    if changed or not _stage_exists(wb, api.id) or not _serves_the_course(stack):
        deploy(wb, stack, "The exercises' stack")
    return stack


def _serves_the_course(stack: Stack) -> bool:
    """The stage answers as the course left it: ``GET /users`` 401 without a token and 200
    with the ID token, the preflight 200. (A draft can match while the stage serves an older
    deployment: exercise 1.)"""
    return (
        http.call_api(stack.url).status == 401
        and http.call_api(stack.url, stack.tokens.id_token).status == 200
        and send_preflight(stack.url).status == 200
    )


def _function_arn(wb: Workbook, name: str) -> str:
    info = awslambda.find_function(wb, name)
    if info is None:
        raise aws_failure(
            f"Reading function '{name}'",
            ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "GetFunction"),
            "Re-run this cell.",
        )
    return info.arn


def _stage_exists(wb: Workbook, api_id: str) -> bool:
    try:
        wb.client("apigateway").get_stage(restApiId=api_id, stageName=wb.names.stage)
    except ClientError as err:
        if error_code(err) == "NotFoundException":
            return False
        raise
    return True


def _restore_methods(wb: Workbook, stack: Stack) -> bool:
    """The course's authorization on every method the exercises touch; True if any changed.

    ``GET /users``: the Cognito authorizer, no scopes; ``OPTIONS /users``: NONE;
    ``GET /users-lambda``: the Lambda authorizer.
    """
    api_id, changed = stack.api.id, False
    method = apigateway.get_method(wb, api_id, stack.users_id)
    if method is None or (method.authorization_type, method.authorizer_id) != (
        "COGNITO_USER_POOLS",
        stack.cognito_authorizer_id,
    ):
        cognito_authorizer.attach_authorizer(
            wb, api_id, stack.users_id, stack.cognito_authorizer_id
        )
        changed = True
    if method is not None and method.authorization_scopes:
        cognito_authorizer.set_authorization_scopes(wb, api_id, stack.users_id, [])
        changed = True
    preflight = apigateway.get_method(wb, api_id, stack.users_id, cors.PREFLIGHT_METHOD)
    if preflight is not None and preflight.authorization_type != "NONE":
        apigateway.update_method_authorization(
            wb,
            api_id,
            stack.users_id,
            authorization_type="NONE",
            authorizer_id=None,
            http_method=cors.PREFLIGHT_METHOD,
        )
        changed = True
    route = apigateway.get_method(wb, api_id, stack.lambda_route_id)
    if route is None or route.authorization_type != "CUSTOM":
        authorizers.attach_lambda_authorizer(
            wb, api_id, stack.lambda_route_id, stack.lambda_authorizer_id
        )
        changed = True
    return changed


def deploy(wb: Workbook, stack: Stack, description: str) -> apigateway.Deployment:
    """Deploy the draft to ``dev`` and wait until the stage serves a deployment at least as
    new (``GET /users`` without a token: 401, as every exercise's end state wants)."""
    deployment = apigateway.create_deployment(wb, stack.api.id, description)
    serving.wait_until_served(stack.url, 401)
    return deployment


def restore(wb: Workbook, stack: Stack) -> list[str]:
    """Undo what any exercise changed: the course's methods, permission and authorizer
    function, and no second route; deploy if anything changed. Returns what it undid."""
    undone: list[str] = []
    if _restore_methods(wb, stack):
        undone.append("the methods' authorization")
    awslambda.add_permission(wb, apigateway.method_source_arn(wb, stack.api.id))
    authorizer = awslambda.find_function(wb, wb.names.authorizer_function)
    if authorizer is not None and authorizer.handler != authorizers.HANDLER:
        authorizers.create_authorizer_function(
            wb, stack.authorizer_role_arn, stack.pool.id, stack.app_client.id
        )
        undone.append(f"{wb.names.authorizer_function} runs {authorizers.HANDLER}")
    second = apigateway.find_resource(wb, stack.api.id, _second_route_path(wb))
    if second is not None:
        retry_throttled(
            lambda: wb.client("apigateway").delete_resource(
                restApiId=stack.api.id, resourceId=second
            ),
            what=f"Deleting resource {_second_route_path(wb)}",
        )
        awslambda.remove_permission(wb, wb.names.function, SECOND_ROUTE_STATEMENT_ID)
        undone.append(f"no {_second_route_path(wb)}")
    if not _serves_the_course(stack):
        undone.append("the stage serves the draft")
    if undone:
        deploy(wb, stack, "The exercises' stack, restored")
    return undone


def _second_route_path(wb: Workbook) -> str:
    return f"{wb.names.lambda_resource_path}/{SECOND_ROUTE_PART}"


# --- checkpoints ----------------------------------------------------------------------------


def show_grade(grade: Grade) -> None:
    """Print the grade as a checkpoint: ✅, or ❌ with its hint (and raise CheckpointFailed)."""
    check(grade.passed, grade.description, grade.hint)


def _diagnosis_hint(
    wb: Workbook, url: str, token: str | None = None, header: str = "Authorization"
) -> str:
    found = diagnose(wb, url, token, header=header)
    return f"diagnose: {found.likely_cause} Fix: {found.fix}"


def _grade_calls(
    wb: Workbook,
    description: str,
    calls: list[tuple[str, str | None, int]],
) -> Grade:
    """Call each (url, token, wanted status); the first that answers otherwise fails the grade
    with diagnose's hint for that call."""
    seen: list[str] = []
    for url, token, wanted in calls:
        answer = http.call_api(url, token)
        seen.append(str(answer.status))
        if answer.status != wanted:
            return Grade(
                False,
                f"{description} (got HTTP {', '.join(seen)})",
                _diagnosis_hint(wb, url, token),
            )
    return Grade(True, description)


# --- 1. the stage was not redeployed --------------------------------------------------------


def break_not_redeployed(wb: Workbook, stack: Stack) -> http.HttpResponse:
    """Serve a deployment without the authorizer, then attach it in the draft only (as 04's
    Step 4 does before Step 6). Returns what a client now sees: 200 without a token."""
    apigateway.update_method_authorization(
        wb, stack.api.id, stack.users_id, authorization_type="NONE", authorizer_id=None
    )
    apigateway.create_deployment(wb, stack.api.id, "GET /users open (exercise 1)")
    serving.wait_until_served(stack.url, 200)
    cognito_authorizer.attach_authorizer(
        wb, stack.api.id, stack.users_id, stack.cognito_authorizer_id
    )
    return http.call_api(stack.url)


def grade_not_redeployed(wb: Workbook, stack: Stack) -> Grade:
    """No token: 401; the ID token: 200. Both only once the stage serves the draft."""
    return _grade_calls(
        wb,
        "The stage serves the authorizer: no token 401, the ID token 200",
        [(stack.url, None, 401), (stack.url, stack.tokens.id_token, 200)],
    )


# --- 2. the wrong token in the header -------------------------------------------------------


def broken_client_headers(stack: Stack) -> dict[str, str]:
    """The headers a client sends by default: Postman's OAuth helper uses the access token,
    with ``Bearer``."""
    return {"Authorization": f"Bearer {stack.tokens.access_token}"}


def grade_client_headers(wb: Workbook, stack: Stack, headers: dict[str, str]) -> Grade:
    """``GET /users`` with the learner's headers: 200 and the greeting of the signed-in user.
    ``headers`` must hold one header (the token source the authorizer reads)."""
    description = "GET /users with your headers: 200 and the greeting"
    if len(headers) != 1:
        return Grade(False, description, "Send exactly one header: the one the authorizer reads.")
    ((name, value),) = headers.items()
    answer = http.call_api(stack.url, value, header=name)
    greeting = f"Testing Lambda from API Gateway. Hello, {stack.credentials.username}!"
    if answer.status == 200 and answer.body == greeting:
        return Grade(True, description)
    return Grade(
        False,
        f"{description} (got HTTP {answer.status})",
        _diagnosis_hint(wb, stack.url, value, header=name),
    )


# --- 3. an access token without the method's scope ------------------------------------------


def break_missing_scope(wb: Workbook, stack: Stack) -> http.HttpResponse:
    """Require the scope ``users/read`` on ``GET /users`` and deploy. Returns what the
    signed-in user's access token now gets: 401."""
    cognito_authorizer.set_authorization_scopes(wb, stack.api.id, stack.users_id, [MISSING_SCOPE])
    apigateway.create_deployment(wb, stack.api.id, "GET /users wants users/read (exercise 3)")
    serving.wait_until_served(
        stack.url, 401, token=stack.tokens.id_token, token_name="the ID token"
    )
    return http.call_api(stack.url, stack.tokens.access_token)


def grade_missing_scope(wb: Workbook, stack: Stack) -> Grade:
    """The method still requires scopes (removing them is not the fix) and the signed-in
    user's access token gets 200."""
    method = apigateway.get_method(wb, stack.api.id, stack.users_id)
    scopes = method.authorization_scopes if method is not None else ()
    if not scopes:
        return Grade(
            False,
            "GET /users still requires OAuth scopes",
            "Keep the scopes: add one that the access token carries, then redeploy.",
        )
    return _grade_calls(
        wb,
        f"GET /users requires {', '.join(scopes)}; the access token gets 200",
        [(stack.url, stack.tokens.access_token, 200)],
    )


# --- 4. the Lambda permission is missing ----------------------------------------------------


def break_missing_permission(wb: Workbook, stack: Stack) -> http.HttpResponse:
    """Remove API Gateway's statement from the function's resource policy. Returns what the
    ID token now gets: 500."""
    awslambda.remove_permission(wb, wb.names.function, wb.names.permission_statement_id)
    return http.call_api(stack.url, stack.tokens.id_token)


def grade_missing_permission(wb: Workbook, stack: Stack) -> Grade:
    """The ID token gets 200, and the permission is scoped to this API's ``GET /users``."""
    wanted = apigateway.method_source_arn(wb, stack.api.id)
    statements = awslambda.get_permissions(wb)
    if not any(s.source_arn == wanted for s in statements):
        return Grade(
            False,
            "A permission scoped to this API's GET /users exists",
            f"Add one whose SourceArn is {wanted} (not '*': least privilege).",
        )
    return _grade_calls(
        wb,
        "A permission for GET /users only; the ID token gets 200",
        [(stack.url, stack.tokens.id_token, 200)],
    )


# --- 5. a Lambda authorizer's policy for one methodArn, cached ------------------------------


def break_cached_method_policy(wb: Workbook, stack: Stack) -> tuple[int, int]:
    """Deploy the authorizer with a policy for one ``methodArn`` (``METHOD_SCOPED_SOURCE``), put
    a second route ``GET /users-lambda/me`` behind it, deploy, and call both routes with one
    fresh token. Returns the two statuses: (200, 403)."""
    authorizer_function = awslambda.find_function(wb, wb.names.authorizer_function)
    environment = authorizers.authorizer_environment(wb, stack.pool.id, stack.app_client.id)
    awslambda.deploy_function(
        wb,
        awslambda.FunctionDeployment(
            name=wb.names.authorizer_function,
            role_arn=authorizer_function.role if authorizer_function else stack.authorizer_role_arn,
            zip_bytes=method_scoped_package(wb),
            handler=METHOD_SCOPED_HANDLER,
            description="TOKEN Lambda authorizer (exercise 5: a policy for one methodArn)",
            timeout_s=authorizers.TIMEOUT_S,
            environment=tuple(sorted(environment.items())),
        ),
    )
    _put_second_route(wb, stack)
    apigateway.create_deployment(wb, stack.api.id, "GET /users-lambda/me (exercise 5)")
    token = fresh_id_token(wb, stack)
    serving.wait_until_served(stack.second_route_url, 200, token=token, token_name="a new token")
    token = fresh_id_token(wb, stack)
    first = http.call_api(stack.lambda_url, token)
    return first.status, http.call_api(stack.second_route_url, token).status


def method_scoped_package(wb: Workbook) -> bytes:
    """lambda_src/authorizer's package plus ``method_scoped.py``."""
    buffer = io.BytesIO(package_authorizer(wb.backend))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as package:
        info = zipfile.ZipInfo("method_scoped.py", date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        package.writestr(info, METHOD_SCOPED_SOURCE)
    return buffer.getvalue()


def _put_second_route(wb: Workbook, stack: Stack) -> str:
    """``GET /users-lambda/me``: the Lambda authorizer, a proxy integration to the users
    function, and a permission for that route only."""
    client, path = wb.client("apigateway"), _second_route_path(wb)
    resource_id = apigateway.find_resource(wb, stack.api.id, path)
    if resource_id is None:
        created = retry_throttled(
            lambda: client.create_resource(
                restApiId=stack.api.id, parentId=stack.lambda_route_id, pathPart=SECOND_ROUTE_PART
            ),
            what=f"Creating resource {path}",
        )
        resource_id = str(created["id"])
    if apigateway.get_method(wb, stack.api.id, resource_id) is None:
        retry_throttled(
            lambda: client.put_method(
                restApiId=stack.api.id,
                resourceId=resource_id,
                httpMethod="GET",
                authorizationType="CUSTOM",
                authorizerId=stack.lambda_authorizer_id,
            ),
            what=f"Creating method GET {path}",
        )
    function_arn = _function_arn(wb, wb.names.function)
    apigateway.put_lambda_integration(wb, stack.api.id, resource_id, function_arn)
    source_arn = apigateway.execute_api_source_arn(
        wb.region,
        get_caller_identity(wb).account,
        stack.api.id,
        "GET",
        path,
        partition=wb.partition,
    )
    awslambda.add_permission(wb, source_arn, SECOND_ROUTE_STATEMENT_ID)
    return resource_id


def fresh_id_token(wb: Workbook, stack: Stack) -> str:
    """A new ID token for the same user (a refresh): a new authorizer cache key (12.2)."""
    return cognito.refresh_tokens(wb, stack.pool.id, stack.app_client.id, stack.tokens).id_token


def grade_cached_method_policy(wb: Workbook, stack: Stack) -> Grade:
    """One new token, both routes behind the Lambda authorizer, one after the other: 200, 200."""
    token = fresh_id_token(wb, stack)
    return _grade_calls(
        wb,
        "One token, two routes behind the Lambda authorizer: 200 and 200",
        [(stack.lambda_url, token, 200), (stack.second_route_url, token, 200)],
    )


# --- 6. OPTIONS behind the authorizer -------------------------------------------------------


@dataclass(frozen=True)
class Preflight:
    """A browser's preflight of ``GET /users`` from the app's origin, as the gateway answers."""

    status: int
    allow_origin: str | None
    headers: dict[str, str]


def send_preflight(url: str) -> Preflight:
    """``OPTIONS url`` as a browser sends it before a call with ``Authorization``."""
    try:
        answer = requests.options(url, headers=PREFLIGHT_HEADERS, timeout=http.TIMEOUT_S)
    except requests.RequestException as err:
        raise aws_failure(
            f"Calling OPTIONS {url}",
            ClientError({"Error": {"Code": type(err).__name__}}, "OPTIONS"),
            "Check the URL, then re-run this cell.",
        ) from err
    headers = dict(answer.headers)
    allow = next(
        (v for k, v in headers.items() if k.lower() == "access-control-allow-origin"), None
    )
    return Preflight(answer.status_code, allow, headers)


def preflight_hint(preflight: Preflight) -> str:
    """Why a preflight that carries ``Access-Control-Allow-Origin`` still fails: a browser
    wants an "ok status" (2xx) too (Fetch standard, CORS check; docs/aws-behaviour.md 22.9)."""
    return (
        f"The preflight got HTTP {preflight.status}: a browser needs a 2xx preflight, and a "
        "preflight never carries the token, so an OPTIONS method behind an authorizer always "
        "fails it (the DEFAULT_4XX gateway response's Access-Control-Allow-Origin does not "
        "help). Fix: OPTIONS with authorization NONE, then redeploy."
    )


def break_guarded_preflight(wb: Workbook, stack: Stack) -> Preflight:
    """Put ``OPTIONS /users`` behind the Cognito authorizer and deploy. Returns the preflight
    a browser now gets: 401, no ``Access-Control-Allow-Origin``."""
    apigateway.update_method_authorization(
        wb,
        stack.api.id,
        stack.users_id,
        authorization_type="COGNITO_USER_POOLS",
        authorizer_id=stack.cognito_authorizer_id,
        http_method=cors.PREFLIGHT_METHOD,
    )
    apigateway.create_deployment(wb, stack.api.id, "OPTIONS /users behind Cognito (exercise 6)")
    serving.wait_until_served(stack.url, 401, method=cors.PREFLIGHT_METHOD)
    return send_preflight(stack.url)


def grade_guarded_preflight(wb: Workbook, stack: Stack) -> Grade:
    """The preflight: 200 with ``Access-Control-Allow-Origin``; ``GET /users`` without a token
    still 401 (the fix opens the preflight, not the API)."""
    description = "The preflight gets 200 with Access-Control-Allow-Origin; GET still wants a token"
    preflight = send_preflight(stack.url)
    if preflight.status != 200 or preflight.allow_origin is None:
        why = explain_cors_failure(preflight.status, preflight.headers)
        return Grade(
            False,
            f"{description} (preflight: HTTP {preflight.status})",
            f"diagnose: {why}" if why else preflight_hint(preflight),
        )
    return _grade_calls(wb, description, [(stack.url, None, 401)])

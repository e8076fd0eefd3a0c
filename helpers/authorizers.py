"""Lambda authorizers: the TOKEN authorizer of ``08_lambda_authorizer`` and what it needs.

A Lambda authorizer is a function API Gateway calls before the integration; it answers with
an IAM policy (and a context) or with the error ``Unauthorized``. This module creates its
execution role, the function from ``lambda_src/authorizer`` (packaged with PyJWT and
cryptography, see ``authorizer_package``), the API Gateway authorizer (type ``TOKEN``), the
permission that lets API Gateway call the function, a second route ``GET /users-lambda``
protected by it, and wraps ``TestInvokeAuthorizer``.
"""

from __future__ import annotations

import json
import logging
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests

from awsrules.arns import UserPoolRef
from awsrules.arns import authorizer_source_arn as authorizer_source_arn
from helpers import apigateway, awslambda, cognito, iam, logs
from helpers.authorizer_package import package_authorizer
from helpers.backend import Workbook, get_caller_identity
from helpers.errors import WorkbookError
from helpers.waits import NotYet, retry_throttled, retry_until_found, wait_until

if TYPE_CHECKING:
    from mypy_boto3_apigateway.type_defs import AuthorizerResponseTypeDef, AuthorizerTypeDef
    from mypy_boto3_logs import CloudWatchLogsClient

logger = logging.getLogger(__name__)

HANDLER = "app.lambda_handler"
TIMEOUT_S = 10
IDENTITY_SOURCE = f"method.request.header.{apigateway.AUTHORIZATION_HEADER}"
RESULT_TTL_S = 300  # API Gateway's default; 0 switches caching off, 3600 is the maximum
PERMISSION_DEADLINE_S = 60.0


@dataclass(frozen=True)
class LambdaAuthorizer:
    id: str
    name: str
    type: str
    authorizer_uri: str
    identity_source: str
    result_ttl_s: int


@dataclass(frozen=True)
class Route:
    """A resource and method of the API, e.g. ``GET /users-lambda``."""

    resource_id: str
    path: str
    http_method: str


@dataclass(frozen=True)
class AuthorizerTestResult:
    """What the console's authorizer Test button shows."""

    client_status: int
    principal_id: str | None
    policy: dict[str, Any] | None
    claims: dict[str, str]
    """The response's ``claims``: a Cognito authorizer's claims. For a Lambda authorizer AWS
    documents nothing there (the emulator puts the context in it); its context is in ``log``."""
    latency_ms: int
    log: str

    @property
    def succeeded(self) -> bool:
        """The authorizer answered with a policy (``clientStatus`` 0 per the API reference;
        200 on the emulator and in recorded AWS answers)."""
        return self.client_status in (0, 200) and self.policy is not None

    @property
    def first_statement(self) -> dict[str, Any] | None:
        """The policy's first statement, or None when there is no policy (e.g. a 401)."""
        statements = (self.policy or {}).get("Statement") or []
        first = statements[0] if isinstance(statements, list) and statements else None
        return first if isinstance(first, dict) else None


@dataclass(frozen=True)
class Latency:
    """Wall-clock milliseconds of one first call and the median of the calls after it."""

    first_ms: float
    median_ms: float
    calls: int
    statuses: tuple[int, ...]


# --- the function -------------------------------------------------------------------------


def create_authorizer_role(wb: Workbook) -> iam.Role:
    """Get or create ``<prefix>-authorizer-lambda-role``: it may only write its own logs.

    The authorizer needs nothing else from AWS: the JWKS is public, fetched over HTTPS.
    """
    names = wb.names
    return iam.create_lambda_role(
        wb,
        names.authorizer_role,
        policy_name=names.authorizer_role_policy,
        log_group_name=names.authorizer_log_group,
        description="Execution role of the Cognito authorizer workbook's Lambda authorizer",
    )


def authorizer_environment(wb: Workbook, user_pool_id: str, app_client_id: str) -> dict[str, str]:
    """The function's environment: where the keys are, which issuer and app client to trust.

    ``JWKS_URL`` is the only value that differs between the backends (AWS's Cognito
    endpoint, or the emulator's copy); the issuer has the AWS form on both.
    """
    return {
        "JWKS_URL": cognito.jwks_url(wb, user_pool_id),
        "ISSUER": UserPoolRef(wb.region, user_pool_id, dns_suffix=wb.dns_suffix).issuer,
        "APP_CLIENT_ID": app_client_id,
    }


def create_authorizer_function(
    wb: Workbook, role_arn: str, user_pool_id: str, app_client_id: str
) -> awslambda.FunctionInfo:
    """Get or create ``<prefix>-token-authorizer`` (and its log group), wait until Active.

    The same ``CreateFunction`` call on both backends; only the package's dependencies are
    built differently (``authorizer_package``). Re-running updates the code when it changed
    and the configuration when the role or the environment differ.
    """
    logs.create_log_group(wb, wb.names.authorizer_log_group)
    environment = authorizer_environment(wb, user_pool_id, app_client_id)
    return awslambda.deploy_function(
        wb,
        awslambda.FunctionDeployment(
            name=wb.names.authorizer_function,
            role_arn=role_arn,
            zip_bytes=package_authorizer(wb.backend),
            handler=HANDLER,
            description="TOKEN Lambda authorizer: verifies Cognito ID tokens with PyJWT",
            timeout_s=TIMEOUT_S,
            environment=tuple(sorted(environment.items())),
        ),
    )


# --- the API Gateway authorizer -----------------------------------------------------------


def _lambda_authorizer(item: AuthorizerTypeDef | AuthorizerResponseTypeDef) -> LambdaAuthorizer:
    return LambdaAuthorizer(
        id=item["id"],
        name=item["name"],
        type=item["type"],
        authorizer_uri=item.get("authorizerUri", ""),
        identity_source=item.get("identitySource", ""),
        result_ttl_s=int(item.get("authorizerResultTtlInSeconds", RESULT_TTL_S)),
    )


def find_lambda_authorizer(wb: Workbook, api_id: str) -> LambdaAuthorizer | None:
    """The authorizer called ``<prefix>-lambda-authorizer`` on the API, or None."""
    item = apigateway.find_authorizer_item(wb, api_id, wb.names.lambda_authorizer)
    return None if item is None else _lambda_authorizer(item)


def create_token_authorizer(wb: Workbook, api_id: str, function_arn: str) -> LambdaAuthorizer:
    """Get or create a ``TOKEN`` authorizer that passes the Authorization header to the function.

    Results are cached for 300 s per header value. An existing one that points elsewhere is
    updated. Like any API change, it reaches callers with the next deployment.
    """
    client = wb.client("apigateway")
    uri = apigateway.lambda_integration_uri(wb.region, function_arn, partition=wb.partition)
    existing = find_lambda_authorizer(wb, api_id)
    if existing is None:
        created = retry_throttled(
            lambda: client.create_authorizer(
                restApiId=api_id,
                name=wb.names.lambda_authorizer,
                type="TOKEN",
                authorizerUri=uri,
                identitySource=IDENTITY_SOURCE,
                authorizerResultTtlInSeconds=RESULT_TTL_S,
            ),
            what=f"Creating authorizer '{wb.names.lambda_authorizer}'",
        )
        return _lambda_authorizer(created)
    wanted = (uri, IDENTITY_SOURCE, RESULT_TTL_S)
    if (existing.authorizer_uri, existing.identity_source, existing.result_ttl_s) == wanted:
        return existing
    updated = retry_throttled(
        lambda: client.update_authorizer(
            restApiId=api_id,
            authorizerId=existing.id,
            patchOperations=[
                {"op": "replace", "path": "/authorizerUri", "value": uri},
                {"op": "replace", "path": "/identitySource", "value": IDENTITY_SOURCE},
                {
                    "op": "replace",
                    "path": "/authorizerResultTtlInSeconds",
                    "value": str(RESULT_TTL_S),
                },
            ],
        ),
        what=f"Updating authorizer '{existing.name}'",
    )
    return _lambda_authorizer(updated)


def add_authorizer_permission(
    wb: Workbook, api_id: str, authorizer_id: str
) -> awslambda.PermissionStatement:
    """Allow API Gateway to invoke the authorizer function, for this authorizer only.

    Without it every call to a protected method gets 500 (``AuthorizerConfigurationException``).
    Get-or-create by statement id; a statement for another API or authorizer is replaced.
    """
    account = get_caller_identity(wb).account
    return awslambda.add_permission(
        wb,
        authorizer_source_arn(wb.region, account, api_id, authorizer_id, partition=wb.partition),
        wb.names.authorizer_permission_statement_id,
        function_name=wb.names.authorizer_function,
    )


# --- the route it protects ----------------------------------------------------------------


def create_lambda_route(wb: Workbook, api: apigateway.RestApi, function_arn: str) -> Route:
    """Get or create ``GET /users-lambda`` calling the users function, as 02 did for ``/users``.

    A resource under the root, a ``GET`` method (authorization ``NONE`` until
    ``attach_lambda_authorizer``), a Lambda proxy integration, and a permission on the users
    function for this path (its ``GET /users`` permission does not cover it).
    """
    path = wb.names.lambda_resource_path
    resource_id = apigateway.find_resource(wb, api.id, path)
    if resource_id is None:
        created = retry_throttled(
            lambda: wb.client("apigateway").create_resource(
                restApiId=api.id, parentId=api.root_resource_id, pathPart=path.lstrip("/")
            ),
            what=f"Creating resource {path}",
        )
        resource_id = str(created["id"])
    if apigateway.get_method(wb, api.id, resource_id) is None:
        retry_throttled(
            lambda: wb.client("apigateway").put_method(
                restApiId=api.id,
                resourceId=resource_id,
                httpMethod=apigateway.HTTP_METHOD,
                authorizationType="NONE",
            ),
            what=f"Creating method GET {path}",
        )
    apigateway.put_lambda_integration(wb, api.id, resource_id, function_arn)
    account = get_caller_identity(wb).account
    source_arn = apigateway.execute_api_source_arn(
        wb.region, account, api.id, apigateway.HTTP_METHOD, path, partition=wb.partition
    )
    awslambda.add_permission(wb, source_arn, wb.names.lambda_route_permission_statement_id)
    return Route(resource_id=resource_id, path=path, http_method=apigateway.HTTP_METHOD)


def attach_lambda_authorizer(
    wb: Workbook, api_id: str, resource_id: str, authorizer_id: str
) -> apigateway.MethodInfo:
    """Require the Lambda authorizer on the resource's ``GET`` (``UpdateMethod``: ``CUSTOM``)."""
    return apigateway.update_method_authorization(
        wb, api_id, resource_id, authorization_type="CUSTOM", authorizer_id=authorizer_id
    )


# --- trying it ----------------------------------------------------------------------------


def _test_invoke_once(
    wb: Workbook, api_id: str, authorizer_id: str, token: str
) -> AuthorizerTestResult:
    response = retry_throttled(
        lambda: wb.client("apigateway").test_invoke_authorizer(
            restApiId=api_id,
            authorizerId=authorizer_id,
            headers={apigateway.AUTHORIZATION_HEADER: token},
        ),
        what=f"Testing authorizer {authorizer_id}",
    )
    policy = response.get("policy")
    return AuthorizerTestResult(
        client_status=int(response.get("clientStatus", 0)),
        principal_id=response.get("principalId"),
        policy=json.loads(policy) if policy else None,
        claims={str(k): str(v) for k, v in (response.get("claims") or {}).items()},
        latency_ms=int(response.get("latency", 0)),
        log=str(response.get("log", "")),
    )


def test_invoke_authorizer(
    wb: Workbook, api_id: str, authorizer_id: str, token: str
) -> AuthorizerTestResult:
    """Run the authorizer on a token without a deployment (the console's authorizer Test).

    It always calls the function (no cache) and shows its policy without enforcing it.
    Right after ``add_authorizer_permission`` the new permission may not be effective yet, and
    API Gateway answers ``clientStatus`` 500 (it may not invoke the function): that is
    called again, with backoff, for up to 60 s. Any other status is the answer, shown as data
    (a refused token: 401).
    """

    def check() -> AuthorizerTestResult | NotYet:
        result = _test_invoke_once(wb, api_id, authorizer_id, token)
        return NotYet("clientStatus 500") if result.client_status == 500 else result

    return wait_until(
        check,
        what=f"API Gateway to be allowed to invoke authorizer {authorizer_id}'s function",
        next_step=(
            "API Gateway still may not invoke the function, or the function fails: re-run "
            "add_authorizer_permission (Step 6), read the function's log group, then re-run "
            "this cell."
        ),
        deadline_s=PERMISSION_DEADLINE_S,
        first_delay_s=1.0,
    )


def _event_for(
    client: CloudWatchLogsClient, log_group: str, request_id: str
) -> dict[str, Any] | None:
    pages = client.get_paginator("filter_log_events").paginate(
        logGroupName=log_group, filterPattern=f'"{request_id}"'
    )
    for page in pages:
        for item in page["events"]:
            message = str(item["message"])
            if not message.startswith("event "):
                continue
            event: dict[str, Any] = json.loads(message[len("event ") :])
            if (event.get("requestContext") or {}).get("requestId") == request_id:
                return event
    return None


def get_received_event(wb: Workbook, request_id: str) -> dict[str, Any]:
    """The event the users function logged for API request ``request_id``.

    The users function logs every event as ``event {...}``; ``requestContext.requestId`` is
    the API request's id, which API Gateway also returns in the ``x-amzn-RequestId`` header.
    On AWS the log line arrives a few seconds after the call.
    """
    group = wb.names.log_group
    client = wb.client("logs")
    return retry_until_found(
        lambda: _event_for(client, group, request_id),
        what=f"the event of API request {request_id} in log group '{group}'",
        next_step="CloudWatch Logs can lag behind on AWS; re-run this cell in a minute.",
        deadline_s=logs.LOG_ARRIVAL_DEADLINE_S,
    )


def measure_latency(url: str, token: str, calls: int = 20) -> Latency:
    """Call ``GET url`` once, then ``calls`` more times, on one keep-alive connection.

    The first call pays for anything not yet cached (a Lambda authorizer's invocation for a
    new token, a cold start); the median of the others is the steady state.
    """
    durations: list[float] = []
    statuses: list[int] = []
    with requests.Session() as session:
        for _ in range(calls + 1):
            started = time.perf_counter()
            try:
                response = session.get(
                    url, headers={apigateway.AUTHORIZATION_HEADER: token}, timeout=35
                )
            except requests.RequestException as err:
                raise WorkbookError(
                    f"Could not reach {url} ({type(err).__name__}). Check the URL and re-run."
                ) from err
            durations.append((time.perf_counter() - started) * 1000)
            statuses.append(response.status_code)
    return Latency(
        first_ms=durations[0],
        median_ms=statistics.median(durations[1:]),
        calls=calls,
        statuses=tuple(statuses),
    )


test_invoke_authorizer.__test__ = False  # type: ignore[attr-defined]  # an AWS API name

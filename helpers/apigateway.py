"""API Gateway (REST APIs): the API, ``GET /users``, its Lambda integration, a method's
authorization settings, deployments and invoke URLs. The Cognito authorizer itself is in
``cognito_authorizer``; Lambda authorizers are in ``authorizers``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from awsrules import arns
from awsrules.arns import lambda_integration_uri as lambda_integration_uri
from helpers.backend import Workbook, get_caller_identity
from helpers.config import workbook_tags
from helpers.errors import WorkbookError, aws_failure, error_code
from helpers.ownership import not_ours_error, ownership_of
from helpers.waits import NotYet, retry_throttled, wait_until

if TYPE_CHECKING:
    from mypy_boto3_apigateway.type_defs import (
        AuthorizerTypeDef,
        PatchOperationTypeDef,
        ResourceTypeDef,
        RestApiResponseTypeDef,
        RestApiTypeDef,
    )

logger = logging.getLogger(__name__)

HTTP_METHOD = "GET"
AUTHORIZATION_HEADER = "Authorization"
DELETE_REST_API_DEADLINE_S = 150.0


@dataclass(frozen=True)
class RestApi:
    id: str
    name: str
    root_resource_id: str


@dataclass(frozen=True)
class MethodInfo:
    http_method: str
    authorization_type: str
    authorizer_id: str | None
    authorization_scopes: tuple[str, ...]


@dataclass(frozen=True)
class IntegrationInfo:
    type: str
    http_method: str
    uri: str


@dataclass(frozen=True)
class TestInvokeResult:
    """What the console's Test tab shows for a method."""

    status: int
    body: str
    latency_ms: int
    log: str


@dataclass(frozen=True)
class Deployment:
    id: str
    stage_name: str
    invoke_url: str


def _rest_api(item: RestApiTypeDef | RestApiResponseTypeDef) -> RestApi:
    return RestApi(id=item["id"], name=item["name"], root_resource_id=item["rootResourceId"])


def _rest_api_items(wb: Workbook) -> list[RestApiTypeDef]:
    pages = wb.client("apigateway").get_paginator("get_rest_apis").paginate()
    return [item for page in pages for item in page.get("items", [])]


def _resource_items(wb: Workbook, api_id: str) -> list[ResourceTypeDef]:
    pages = wb.client("apigateway").get_paginator("get_resources").paginate(restApiId=api_id)
    return [item for page in pages for item in page.get("items", [])]


def find_authorizer_item(wb: Workbook, api_id: str, name: str) -> AuthorizerTypeDef | None:
    """GetAuthorizers' entry for the authorizer called ``name`` on the API, or None."""
    pages = wb.client("apigateway").get_paginator("get_authorizers").paginate(restApiId=api_id)
    items = (item for page in pages for item in page.get("items", []))
    return next((item for item in items if item.get("name") == name), None)


@dataclass(frozen=True)
class TaggedRestApi:
    """A REST API as GetRestApis lists it, with its ``tags`` (docs/aws-behaviour.md 29.2)."""

    api: RestApi
    tags: dict[str, str]


def rest_apis_named(wb: Workbook, name: str) -> list[TaggedRestApi]:
    """Every REST API called exactly ``name``, with its tags (API Gateway allows duplicates;
    it has no read by name, so this is GetRestApis filtered)."""
    return [
        TaggedRestApi(_rest_api(item), dict(item.get("tags", {})))
        for item in _rest_api_items(wb)
        if item.get("name") == name
    ]


def list_rest_apis(wb: Workbook) -> list[TaggedRestApi]:
    """Every REST API in the region with its tags (the sweep's listing)."""
    return [
        TaggedRestApi(_rest_api(item), dict(item.get("tags", {}))) for item in _rest_api_items(wb)
    ]


def find_rest_api(wb: Workbook, name: str | None = None) -> RestApi | None:
    """Our REST API called ``<prefix>-users-api`` (or ``name``), or None.

    Ours means the name and the workbook's tags (helpers/ownership.py). Raises when several
    of ours share the name (API Gateway allows it), because the workbook could not tell which
    one is the learner's, and when only APIs that are not ours have it: the workbook does not
    adopt them.
    """
    wanted = name or wb.names.rest_api
    named = rest_apis_named(wb, wanted)
    ours = [found.api for found in named if ownership_of(found.tags, wb.prefix).is_ours]
    if len(ours) > 1:
        ids = ", ".join(sorted(api.id for api in ours))
        raise WorkbookError(
            f"There are {len(ours)} REST APIs named '{wanted}' ({ids}). "
            "Run notebook 99_cleanup to delete them, then start again from 02_rest_api."
        )
    if ours:
        return ours[0]
    if named:
        raise not_ours_error(
            f"REST API {named[0].api.id}",
            wanted,
            ownership_of(named[0].tags, wb.prefix),
            wb.prefix,
        )
    return None


def create_rest_api(wb: Workbook) -> RestApi:
    """Get or create the REGIONAL REST API ``<prefix>-users-api``, tagged."""
    existing = find_rest_api(wb)
    if existing is not None:
        logger.info("REST API %s (%s) exists; reusing it", existing.name, existing.id)
        return existing
    name = wb.names.rest_api
    api = retry_throttled(
        lambda: wb.client("apigateway").create_rest_api(
            name=name,
            description="Cognito authorizer workbook: GET /users",
            endpointConfiguration={"types": ["REGIONAL"]},
            tags=workbook_tags(wb.prefix),
        ),
        what=f"Creating REST API '{name}'",
    )
    logger.info("Created REST API %s (%s)", name, api["id"])
    return _rest_api(api)


def find_resource(wb: Workbook, api_id: str, path: str | None = None) -> str | None:
    """The id of the resource at ``path`` (default ``/users``), or None."""
    wanted = path or wb.names.resource_path
    for resource in _resource_items(wb, api_id):
        if resource.get("path") == wanted:
            return str(resource["id"])
    return None


def create_resource(wb: Workbook, api: RestApi) -> str:
    """Get or create the ``/users`` resource under the API's root; returns its id."""
    existing = find_resource(wb, api.id)
    if existing is not None:
        return existing
    path_part = wb.names.resource_path.lstrip("/")
    resource = retry_throttled(
        lambda: wb.client("apigateway").create_resource(
            restApiId=api.id, parentId=api.root_resource_id, pathPart=path_part
        ),
        what=f"Creating resource /{path_part}",
    )
    return str(resource["id"])


def get_method(
    wb: Workbook, api_id: str, resource_id: str, http_method: str = HTTP_METHOD
) -> MethodInfo | None:
    """``GET`` (or ``http_method``) on the resource as the API's working copy has it.

    None when absent. The working copy is what you edit; callers see the copy in the last
    deployment.
    """
    try:
        method = wb.client("apigateway").get_method(
            restApiId=api_id, resourceId=resource_id, httpMethod=http_method
        )
    except ClientError as err:
        if error_code(err) == "NotFoundException":
            return None
        raise
    return MethodInfo(
        http_method=method["httpMethod"],
        authorization_type=method.get("authorizationType", "NONE"),
        authorizer_id=method.get("authorizerId"),
        authorization_scopes=tuple(method.get("authorizationScopes", [])),
    )


def put_method(wb: Workbook, api_id: str, resource_id: str) -> MethodInfo:
    """Get or create ``GET /users`` with no authorization (anyone may call it).

    When a later notebook attached an authorizer, re-running this resets the method to
    ``NONE``, so the course can be replayed from here.
    """
    client = wb.client("apigateway")
    method = get_method(wb, api_id, resource_id)
    if method is None:
        retry_throttled(
            lambda: client.put_method(
                restApiId=api_id,
                resourceId=resource_id,
                httpMethod=HTTP_METHOD,
                authorizationType="NONE",
            ),
            what="Creating method GET /users",
        )
    elif method.authorization_type != "NONE":
        logger.info("GET /users uses %s; resetting it to NONE", method.authorization_type)
        update_method_authorization(
            wb, api_id, resource_id, authorization_type="NONE", authorizer_id=None
        )
    result = get_method(wb, api_id, resource_id)
    if result is None:
        raise WorkbookError(
            "Method GET /users is missing right after it was created; re-run this cell."
        )
    return result


def get_integration(
    wb: Workbook, api_id: str, resource_id: str, http_method: str = HTTP_METHOD
) -> IntegrationInfo | None:
    """The integration of ``GET /users`` (or ``http_method``); None when it has none."""
    try:
        integration = wb.client("apigateway").get_integration(
            restApiId=api_id, resourceId=resource_id, httpMethod=http_method
        )
    except ClientError as err:
        if error_code(err) == "NotFoundException":
            return None
        raise
    return IntegrationInfo(
        type=integration["type"],
        http_method=integration.get("httpMethod", ""),
        uri=integration.get("uri", ""),
    )


def put_lambda_integration(
    wb: Workbook,
    api_id: str,
    resource_id: str,
    function_arn: str,
    http_method: str = HTTP_METHOD,
) -> IntegrationInfo:
    """Connect ``GET /users`` (or ``http_method``) to the function with ``AWS_PROXY``.

    API Gateway always calls Lambda with ``POST``, whatever the client's method.
    """
    uri = lambda_integration_uri(wb.region, function_arn, partition=wb.partition)
    current = get_integration(wb, api_id, resource_id, http_method)
    if current != IntegrationInfo(type="AWS_PROXY", http_method="POST", uri=uri):
        retry_throttled(
            lambda: wb.client("apigateway").put_integration(
                restApiId=api_id,
                resourceId=resource_id,
                httpMethod=http_method,
                type="AWS_PROXY",
                integrationHttpMethod="POST",
                uri=uri,
            ),
            what=f"Creating the Lambda integration of {http_method} /users",
        )
    result = get_integration(wb, api_id, resource_id, http_method)
    if result is None:
        raise WorkbookError(
            f"The integration of {http_method} /users is missing right after it was created; "
            "re-run this cell."
        )
    return result


def execute_api_source_arn(
    region: str,
    account_id: str,
    api_id: str,
    http_method: str,
    path: str,
    *,
    partition: str = arns.DEFAULT_PARTITION,
) -> str:
    """The ``SourceArn`` for a Lambda permission: this API, any stage, one method and path."""
    return arns.execute_api_arn(
        region, account_id, api_id, "*", http_method, path, partition=partition
    )


def method_source_arn(wb: Workbook, api_id: str, http_method: str = HTTP_METHOD) -> str:
    """The source ARN of ``GET /users`` (or ``http_method``) on this API, any stage."""
    account = get_caller_identity(wb).account
    return execute_api_source_arn(
        wb.region, account, api_id, http_method, wb.names.resource_path, partition=wb.partition
    )


PERMISSION_NOT_YET = "Invalid permissions on Lambda function"
"""API Gateway's execution-log words for a call its resource-based permission does not allow."""
PERMISSION_DEADLINE_S = 60.0


def test_invoke_method(
    wb: Workbook, api_id: str, resource_id: str, headers: dict[str, str] | None = None
) -> TestInvokeResult:
    """Call ``GET /users`` through the working copy without deploying (the console's Test).

    The test skips authorizers, so it answers even when the method requires a token. Right
    after ``add_permission`` the new permission may not be in effect yet, and the test answers
    500 with "Invalid permissions on Lambda function" in its log (docs/aws-behaviour.md 21.7):
    that is called again, with backoff, for up to 60 s. Any other answer is the answer.
    """

    def once() -> TestInvokeResult | NotYet:
        response = wb.client("apigateway").test_invoke_method(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod=HTTP_METHOD,
            pathWithQueryString=wb.names.resource_path,
            headers=headers or {},
        )
        result = TestInvokeResult(
            status=int(response["status"]),
            body=str(response.get("body", "")),
            latency_ms=int(response.get("latency", 0)),
            log=str(response.get("log", "")),
        )
        if result.status == 500 and PERMISSION_NOT_YET in result.log:
            return NotYet("500, the permission is not in effect yet")
        return result

    return wait_until(
        once,
        what="the Lambda permission to take effect for the method test",
        next_step=(
            "API Gateway still may not invoke the function: re-run the permission step "
            "(awslambda.add_permission), then this cell."
        ),
        deadline_s=PERMISSION_DEADLINE_S,
        first_delay_s=0.5,
    )


def invoke_url(
    wb: Workbook, api_id: str, stage_name: str | None = None, path: str | None = None
) -> str:
    """The URL that calls ``path`` on a stage.

    AWS: ``https://{api_id}.execute-api.{region}.amazonaws.com/{stage}/users`` (the
    partition's DNS suffix: ``amazonaws.com.cn`` in China); emulator:
    ``{emulator}/restapis/{api_id}/{stage}/_user_request_/users``.
    """
    stage = stage_name or wb.names.stage
    resource_path = path or wb.names.resource_path
    if wb.endpoint_url is None:
        host = f"{api_id}.execute-api.{wb.region}.{wb.dns_suffix}"
        return f"https://{host}/{stage}{resource_path}"
    return f"{wb.endpoint_url}/restapis/{api_id}/{stage}/_user_request_{resource_path}"


def create_deployment(wb: Workbook, api_id: str, description: str) -> Deployment:
    """Deploy the API's working copy to stage ``dev`` (created on the first deployment).

    Each call is a new snapshot: changes to methods or authorizers reach callers only
    through a new deployment.
    """
    stage = wb.names.stage
    try:
        deployment = retry_throttled(
            lambda: wb.client("apigateway").create_deployment(
                restApiId=api_id, stageName=stage, description=description
            ),
            what=f"Deploying REST API {api_id} to stage '{stage}'",
        )
    except ClientError as err:
        raise aws_failure(
            f"Deploying REST API {api_id} to stage '{stage}'",
            err,
            "Every method needs an integration before it can be deployed; re-run 02_rest_api.",
        ) from err
    return Deployment(
        id=deployment["id"], stage_name=stage, invoke_url=invoke_url(wb, api_id, stage)
    )


def update_method_authorization(
    wb: Workbook,
    api_id: str,
    resource_id: str,
    *,
    authorization_type: str,
    authorizer_id: str | None,
    http_method: str = HTTP_METHOD,
) -> MethodInfo:
    """Set the method's authorization with ``UpdateMethod``, like the console's Method Request."""
    operations: list[PatchOperationTypeDef] = [
        {"op": "replace", "path": "/authorizationType", "value": authorization_type}
    ]
    if authorizer_id is not None:
        operations.append({"op": "replace", "path": "/authorizerId", "value": authorizer_id})
    return update_method(wb, api_id, resource_id, http_method, operations)


def update_method(
    wb: Workbook,
    api_id: str,
    resource_id: str,
    http_method: str,
    operations: list[PatchOperationTypeDef],
) -> MethodInfo:
    """UpdateMethod with JSON-patch ``operations`` (what the console's Method Request edits);
    returns the method as it is afterwards."""
    what = f"Updating method {http_method} /users"
    try:
        retry_throttled(
            lambda: wb.client("apigateway").update_method(
                restApiId=api_id,
                resourceId=resource_id,
                httpMethod=http_method,
                patchOperations=operations,
            ),
            what=what,
        )
    except ClientError as err:
        raise aws_failure(
            what, err, "Re-run this cell; if it fails again, re-run 02_rest_api."
        ) from err
    method = get_method(wb, api_id, resource_id, http_method)
    if method is None:
        raise WorkbookError(
            f"Method {http_method} /users disappeared while it was updated; re-run this notebook."
        )
    return method


def delete_rest_api(wb: Workbook, api_id: str) -> bool:
    """Delete a REST API with its stages, deployments and authorizers; False when absent.

    DeleteRestApi's quota is one call every 30 s per account (API Gateway quotas, "API
    Gateway quotas for creating, deploying and managing an API"): throttling is waited out
    for up to 150 s, with delays of 5 s growing to 30 s.
    """
    try:
        retry_throttled(
            lambda: wb.client("apigateway").delete_rest_api(restApiId=api_id),
            what=f"Deleting REST API {api_id}",
            deadline_s=DELETE_REST_API_DEADLINE_S,
            first_delay_s=5.0,
            max_delay_s=30.0,
        )
    except ClientError as err:
        if error_code(err) == "NotFoundException":
            return False
        raise
    logger.info("Deleted REST API %s", api_id)
    return True


test_invoke_method.__test__ = False  # type: ignore[attr-defined]  # an AWS API name, not a pytest test

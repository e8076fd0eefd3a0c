"""API Gateway control-plane operations that moto 5.2 lacks, on top of moto's models.

- UpdateMethod: patch `/authorizationType`, `/authorizerId`, `/authorizationScopes`,
  `/apiKeyRequired`, `/operationName`, `/requestValidatorId` (what the console's Method
  Request edits).
- UpdateIntegration: patch `/uri`, `/httpMethod`, `/type`, `/timeoutInMillis`, `/credentials`.
- TestInvokeMethod: runs the *draft* method, skipping authorization, as the console's Test tab
  does (source ARN stage `test-invoke-stage`).
- TestInvokeAuthorizer: runs an authorizer of the draft on the given headers.
- CreateDeployment (after moto made it): freezes the draft into a deployment snapshot.

API Gateway Developer Guide: "Use the API Gateway console to test a REST API method"
(how-to-test-method) and the API reference for each operation.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from moto.apigateway.exceptions import ApiGatewayException
from moto.apigateway.models import Method, RestAPI

from emulator import moto_bridge
from emulator.apigw.authorizer_input import HEADER, identity_sources
from emulator.apigw.proxy_event import IncomingRequest
from emulator.authorizer_step import AuthorizationScope, Granted, run_authorizer
from emulator.aws_errors import AwsError, bad_request
from emulator.data_plane import DataPlane, Stage
from emulator.deployments import (
    DeploymentSnapshot,
    DeploymentStore,
    MethodSnapshot,
    authorizer_snapshot,
    draft_snapshot,
    snapshot_of,
)
from emulator.routing import RouteMatch

TEST_INVOKE_STAGE = "test-invoke-stage"
AUTHORIZER_SUCCEEDED = 0  # TestInvokeAuthorizer's clientStatus on success (API reference)
TEST_INVOKE_ARN_STAGE = "ESTestInvoke-stage"
_AUTHORIZATION_TYPES = {"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"}


@contextmanager
def moto_errors() -> Iterator[None]:
    """moto's API Gateway exceptions as AWS-shaped errors."""
    try:
        yield
    except ApiGatewayException as err:
        raise AwsError(int(err.code), str(err.error_type), str(err.message)) from err


def _api(region: str, api_id: str) -> RestAPI:
    with moto_errors():
        return moto_bridge.apigateway_backend(region).get_rest_api(api_id)


def _method(region: str, api_id: str, resource_id: str, http_method: str) -> Method:
    with moto_errors():
        return moto_bridge.apigateway_backend(region).get_method(api_id, resource_id, http_method)


def update_method(
    region: str, api_id: str, resource_id: str, http_method: str, body: dict[str, Any]
) -> dict[str, Any]:
    method = _method(region, api_id, resource_id, http_method)
    api = _api(region, api_id)
    for op in body.get("patchOperations", []):
        path, value, kind = op.get("path", ""), op.get("value"), op.get("op", "replace")
        if path == "/authorizationType":
            if value not in _AUTHORIZATION_TYPES:
                raise bad_request(f"Invalid authorization type specified: {value}")
            method.authorization_type = value
            if value in ("NONE", "AWS_IAM"):
                method.authorizer_id = None
        elif path == "/authorizerId":
            if value and value not in api.authorizers:
                raise bad_request(
                    "Invalid authorizer ID specified. Setting the authorization type "
                    "to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."
                )
            method.authorizer_id = value or None
        elif path.startswith("/authorizationScopes"):
            scopes = list(method.authorization_scopes or [])
            if kind == "add" and value:
                scopes.append(value)
            elif kind == "remove":
                scopes = [s for s in scopes if s != value] if value else []
            else:
                scopes = [value] if value else []
            method.authorization_scopes = scopes or None
        elif path == "/apiKeyRequired":
            method.api_key_required = str(value).lower() == "true"
        elif path == "/operationName":
            method.operation_name = value
        elif path == "/requestValidatorId":
            method.request_validator_id = value
        else:
            raise bad_request(f"Invalid patch path '{path}' specified for op '{kind}'.")
    if method.authorization_type in ("CUSTOM", "COGNITO_USER_POOLS") and not method.authorizer_id:
        raise bad_request(
            "Invalid authorizer ID specified. Setting the authorization type to "
            "CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."
        )
    return dict(method.to_json())


def get_integration(region: str, api_id: str, resource_id: str, http_method: str) -> dict[str, Any]:
    """GetIntegration: moto answers 200 `{}` for a method without one; AWS answers 404."""
    integration = _method(region, api_id, resource_id, http_method).method_integration
    if integration is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    return dict(integration.to_json())


def update_integration(
    region: str, api_id: str, resource_id: str, http_method: str, body: dict[str, Any]
) -> dict[str, Any]:
    integration = _method(region, api_id, resource_id, http_method).method_integration
    if integration is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    for op in body.get("patchOperations", []):
        path, value = op.get("path", ""), op.get("value")
        if path == "/uri":
            integration.uri = value
        elif path == "/httpMethod":
            integration.http_method = value
        elif path == "/type":
            integration.integration_type = value
        elif path == "/timeoutInMillis":
            integration.timeout_in_millis = value
        elif path == "/credentials":
            integration.credentials = value
        else:
            raise bad_request(f"Invalid patch path '{path}' specified for op '{op.get('op')}'.")
    return dict(integration.to_json())


def api_summary(snapshot: DeploymentSnapshot) -> dict[str, dict[str, dict[str, Any]]]:
    """GetDeployment's `apiSummary`: path → verb → {authorizationType, apiKeyRequired}."""
    return {
        resource.path: {
            verb: {"authorizationType": method.authorization_type, "apiKeyRequired": False}
            for verb, method in resource.methods
        }
        for resource in snapshot.resources
        if resource.methods
    }


def snapshot_deployment(
    store: DeploymentStore, region: str, api_id: str, deployment_id: str
) -> None:
    store.put(snapshot_of(region, _api(region, api_id), deployment_id))


def test_invoke_method(
    data_plane: DataPlane,
    region: str,
    api_id: str,
    resource_id: str,
    http_method: str,
    body: dict[str, Any],
) -> dict[str, Any]:
    """TestInvokeMethod: the draft method's integration, without authorization."""
    api = _api(region, api_id)
    _method(region, api_id, resource_id, http_method)
    snapshot = draft_snapshot(region, api)
    resource = next(r for r in snapshot.resources if r.id == resource_id)
    method: MethodSnapshot | None = dict(resource.methods).get(http_method)
    assert method is not None  # _method() above raised NotFound otherwise
    target = urlsplit(body.get("pathWithQueryString") or resource.path)
    request = IncomingRequest(
        method=http_method,
        path=target.path or resource.path,
        raw_query_string=target.query,
        headers=_test_headers(body),
        body=(body.get("body") or "").encode(),
        source_ip="test-invoke-source-ip",
    )
    route = RouteMatch(resource, method, _path_parameters(resource.path, request.path))
    stage = Stage(TEST_INVOKE_STAGE, snapshot.deployment_id, dict(body.get("stageVariables") or {}))
    request_id = str(uuid.uuid4())
    started = time.perf_counter()
    result = data_plane.integrate(snapshot, stage, route, request, None, request_id)
    latency = int((time.perf_counter() - started) * 1000)
    headers: dict[str, list[str]] = {}
    for name, value in result.headers:
        headers.setdefault(name, []).append(value)
    log = _execution_log(
        request_id, http_method, resource.path, result.execution_log, result.status
    )
    return {
        "status": result.status,
        "body": result.body.decode(errors="replace"),
        "headers": {name: ",".join(values) for name, values in headers.items()},
        "multiValueHeaders": headers,
        "log": log,
        "latency": latency,
    }


def test_invoke_authorizer(
    data_plane: DataPlane, region: str, api_id: str, authorizer_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """TestInvokeAuthorizer: run a draft authorizer on the given headers.

    Lambda authorizers are really called (never from the cache) with method ARN
    ``.../{api}/ESTestInvoke-stage/GET/`` [recorded: AWS test-invoke logs]; their policy is
    returned, not enforced, as the console's Test button shows it [inferred from a recorded
    log where a Deny policy "Successfully completed authorizer execution"].
    `clientStatus` is "the HTTP status code that the client would have received. Value is 0
    if the authorizer succeeded" [doc: TestInvokeAuthorizer API reference].
    """
    api = _api(region, api_id)
    moto_authorizer = api.authorizers.get(authorizer_id)
    if moto_authorizer is None:
        raise AwsError(404, "NotFoundException", "Invalid Authorizer identifier specified")
    authorizer = authorizer_snapshot(moto_authorizer)
    target = urlsplit(body.get("pathWithQueryString") or "/")
    request = IncomingRequest(
        method="GET",
        path=target.path or "/",
        raw_query_string=target.query,
        headers=_test_headers(body),
        body=(body.get("body") or "").encode(),
        source_ip="test-invoke-source-ip",
    )
    method = MethodSnapshot(
        "GET",
        authorizer.type if authorizer.type == "COGNITO_USER_POOLS" else "CUSTOM",
        authorizer.id,
        (),
        None,
    )
    request_id = str(uuid.uuid4())
    scope = AuthorizationScope(
        api_id=api_id,
        stage=TEST_INVOKE_STAGE,
        region=region,
        account_id=moto_bridge.ACCOUNT_ID,
        http_method="GET",
        resource_path=request.path,
        request_path=request.path,
        path_parameters=None,
        stage_variables=dict(body.get("stageVariables") or {}) or None,
        request_id=request_id,
        resource_id="test-invoke-resource-id",
        deployment_id="test-invoke-deployment-id",
        arn_stage=TEST_INVOKE_ARN_STAGE,
        test_invoke=True,
    )
    started = time.perf_counter()
    outcome = run_authorizer(request, method, authorizer, scope, data_plane.authorizer_env)
    latency = int((time.perf_counter() - started) * 1000)
    log = _authorizer_log(request_id, outcome.trail)
    if not isinstance(outcome, Granted):
        return {
            "clientStatus": outcome.response.status,
            "log": log or outcome.reason,
            "latency": latency,
        }
    if outcome.principal_id is None:  # Cognito
        return {
            "clientStatus": AUTHORIZER_SUCCEEDED,
            "log": log or "Authorizer succeeded",
            "latency": latency,
            "claims": {k: str(v) for k, v in (outcome.claims or {}).items()},
        }
    return {
        "clientStatus": AUTHORIZER_SUCCEEDED,
        "log": log,
        "latency": latency,
        "principalId": outcome.principal_id,
        "policy": json.dumps(outcome.policy),
        "authorization": _identity_headers(authorizer.identity_source, request.headers),
        "claims": {k: v for k, v in (outcome.claims or {}).items() if v is not None},
    }


def _identity_headers(
    identity_source: str, headers: tuple[tuple[str, str], ...]
) -> dict[str, list[str]]:
    """The identity-source headers of the test request [inferred: AWS fills this map]."""
    found: dict[str, list[str]] = {}
    for source in identity_sources(identity_source):
        name = source.removeprefix(HEADER)
        if name == source:
            continue
        values = [value for key, value in headers if key.lower() == name.lower()]
        if values:
            found[name] = values
    return found


def _authorizer_log(request_id: str, lines: tuple[str, ...]) -> str:
    if not lines:
        return ""
    stamp = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())
    body = [f"Execution log for request {request_id}", *(f"{stamp} : {line}" for line in lines)]
    return "\n".join(body) + "\n"


def _test_headers(body: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for name, values in (body.get("multiValueHeaders") or {}).items():
        pairs += [(name, value) for value in values]
    pairs += list((body.get("headers") or {}).items())
    return tuple(pairs)


def _path_parameters(template: str, path: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for piece, part in zip(template.split("/"), path.split("/"), strict=False):
        if piece.startswith("{") and piece.endswith("}"):
            params[piece.strip("{}+")] = part
    return params


def _execution_log(
    request_id: str, http_method: str, path: str, lines: list[str], status: int
) -> str:
    stamp = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())
    body = [
        f"Execution log for request {request_id}",
        f"{stamp} : Starting execution for request: {request_id}",
        f"{stamp} : HTTP Method: {http_method}, Resource Path: {path}",
        *(f"{stamp} : {line}" for line in lines),
        f"{stamp} : Method completed with status: {status}",
    ]
    return "\n".join(body) + "\n"


def parse_json_body(raw: bytes) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        loaded = json.loads(raw)
    except ValueError as err:
        raise AwsError(400, "SerializationException", "Could not parse request body") from err
    if not isinstance(loaded, dict):
        raise AwsError(400, "SerializationException", "Could not parse request body")
    return loaded


def query_pairs(raw: str) -> list[tuple[str, str]]:
    return parse_qsl(raw, keep_blank_values=True)

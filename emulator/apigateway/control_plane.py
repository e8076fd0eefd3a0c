"""API Gateway control-plane operations that moto 5.2 lacks, and moto answers it completes.

Served by the emulator (emulator/urls.py):

- UpdateMethod: the paths and operations AWS accepts (emulator/apigateway/method_patch.py).
  The patch is validated as a whole before anything changes.
- UpdateIntegration: patch `/uri`, `/httpMethod`, `/type`, `/timeoutInMillis`, `/credentials`.
- GetIntegration: moto answers 200 `{}` for a method without one; AWS answers 404.
- DeleteDeployment: refused while a stage serves the deployment (moto only looks at the
  stage named at CreateDeployment).

Checked before moto answers:

- PutMethod: CUSTOM or COGNITO_USER_POOLS needs a valid authorizer (and a known request
  validator and models), as on AWS.
- GetDeployment: an unknown id is 404 NotFoundException (moto answers 500).

Completed after moto answered:

- CreateDeployment: freeze the draft into a deployment snapshot (what the stage serves), and
  forget the API's cached Lambda authorizer results. In eventual mode the snapshot is served
  only after the propagation delay (docs/aws-behaviour.md 21.1).
- CreateAuthorizer: moto 5.2.5 drops `identityValidationExpression`; store it afterwards. The
  authorizer reports `authType`, and a TTL only when one was given (moto always says 300).
- GetAuthorizer(s), UpdateAuthorizer: no `authorizerResultTtlInSeconds: null`.
- GetDeployment with `embed=apisummary`: add the `apiSummary` of the snapshot.

Sources: the API Gateway API reference for each operation; docs/aws-behaviour.md sections 8 and 15.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from emulator.answers import Answer, json_answer
from emulator.apigateway.deployments import DeploymentSnapshot
from emulator.apigateway.method_patch import PUT_METHOD, apply_method_patch, check_put_method
from emulator.consistency.behaviours import DEPLOYMENT_PROPAGATION
from emulator.errors import AwsError, bad_request
from emulator.input_types import (
    BOOLEAN,
    INTEGER,
    STRING,
    STRING_MAP,
    STRINGS,
    Members,
    check_members,
    patch_operations,
)
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge import server as moto_server
from emulator.wire import json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

_INTEGRATION_PATHS = {
    "/uri": "uri",
    "/httpMethod": "http_method",
    "/type": "integration_type",
    "/timeoutInMillis": "timeout_in_millis",
    "/credentials": "credentials",
}


_NEEDS_VALUE = frozenset({"/uri", "/httpMethod", "/type", "/timeoutInMillis"})
"""Integration paths a patch must give a value: without one the integration could not be
called (docs/aws-behaviour.md 23.2)."""

CREATE_AUTHORIZER: Members = {
    "name": STRING,
    "type": STRING,
    "providerARNs": STRINGS,
    "authType": STRING,
    "authorizerUri": STRING,
    "authorizerCredentials": STRING,
    "identitySource": STRING,
    "identityValidationExpression": STRING,
    "authorizerResultTtlInSeconds": INTEGER,
}
"""CreateAuthorizer's members as the botocore apigateway model types them."""

CREATE_DEPLOYMENT: Members = {
    "stageName": STRING,
    "stageDescription": STRING,
    "description": STRING,
    "cacheClusterEnabled": BOOLEAN,
    "cacheClusterSize": STRING,
    "variables": STRING_MAP,
    "tracingEnabled": BOOLEAN,
}
"""CreateDeployment's members as the botocore apigateway model types them."""


def _patch_operations(body: dict[str, Any]) -> list[dict[str, Any]]:
    return patch_operations(body, bad_request)


_AUTHORIZER_PATHS = frozenset(
    {
        "/authorizerUri",
        "/authorizerCredentials",
        "/authorizerResultTtlInSeconds",
        "/authType",
        "/identitySource",
        "/identityValidationExpression",
        "/name",
        "/type",
    }
)
"""The UpdateAuthorizer paths the emulator applies (through moto)."""
_AUTHORIZER_NEEDS_VALUE = frozenset(
    {"/authorizerResultTtlInSeconds", "/authType", "/identitySource", "/name", "/type"}
)
MAX_AUTHORIZER_TTL = 3600
"""``authorizerResultTtlInSeconds``: "The maximum value is 3600" (Authorizer, API reference)."""


def _authorizer_patch(body: dict[str, Any]) -> list[dict[str, Any]]:
    """UpdateAuthorizer's patch, checked before moto stores any of it (23.1, 23.2)."""
    operations = _patch_operations(body)
    for op in operations:
        path, value = op.get("path") or "", op.get("value")
        if path == "/providerARNs":
            raise bad_request("Patch path /providerARNs is not supported by the emulator")
        if path not in _AUTHORIZER_PATHS:
            raise bad_request(f"Invalid patch path '{path}' specified for op '{op.get('op')}'.")
        if path in _AUTHORIZER_NEEDS_VALUE and value is None:
            raise bad_request(f"Invalid value for {path}: a value is required")
        if path == "/authorizerResultTtlInSeconds" and not (
            str(value).isdecimal() and int(str(value)) <= MAX_AUTHORIZER_TTL
        ):
            raise bad_request(
                f"Invalid value for {path}: it must be an integer from 0 to {MAX_AUTHORIZER_TTL}"
            )
    return operations


def _integration_change(op: dict[str, Any]) -> tuple[str, Any]:
    """The integration field a patch operation changes and its new value (23.2)."""
    path, value = op.get("path") or "", op.get("value")
    name = _INTEGRATION_PATHS.get(path)
    if name is None:
        raise bad_request(f"Invalid patch path '{path}' specified for op '{op.get('op')}'.")
    if path in _NEEDS_VALUE and value is None:
        raise bad_request(f"Invalid value for {path}: a value is required")
    if path == "/timeoutInMillis":
        if not str(value).isdecimal():
            raise bad_request(f"Invalid value for {path}: it must be an integer")
        return name, int(str(value))
    return name, value


def update_method(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    region, (api_id, resource_id, verb) = region_of(request), match.group("api", "res", "verb")
    settings = moto_apigateway.method_settings(region, api_id, resource_id, verb)
    operations = _patch_operations(json_body(request))
    patched = apply_method_patch(
        settings, operations, moto_apigateway.method_context(region, api_id)
    )
    return json_answer(moto_apigateway.update_method(region, api_id, resource_id, verb, patched))


def put_method(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """PutMethod, refused as AWS refuses it; moto answers otherwise (and for an unknown
    resource, which is moto's 404)."""
    region, (api_id, resource_id) = region_of(request), match.group("api", "res")
    body = json_body(request)
    check_members(body, PUT_METHOD, bad_request)
    if moto_apigateway.has_resource(region, api_id, resource_id):
        check_put_method(body, moto_apigateway.method_context(region, api_id))
    return moto_server.call(request.environ, request.get_data())


def get_integration(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    found = moto_apigateway.integration_json(region_of(request), *match.group("api", "res", "verb"))
    if found is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    return json_answer(found)


def update_integration(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    region, (api_id, resource_id, verb) = region_of(request), match.group("api", "res", "verb")
    if moto_apigateway.integration_settings(region, api_id, resource_id, verb) is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    changes = dict(_integration_change(op) for op in _patch_operations(json_body(request)))
    return json_answer(
        moto_apigateway.update_integration(region, api_id, resource_id, verb, changes)
    )


def create_deployment(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    region, api_id = region_of(request), match.group("api")
    body = json_body(request)
    check_members(body, CREATE_DEPLOYMENT, bad_request)
    stage_name = body.get("stageName")
    found = moto_apigateway.find_rest_api(api_id)
    stage_existed = bool(found and stage_name in found[1].stages)
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status < 300:
        snapshot = moto_apigateway.draft_snapshot(region, api_id, str(answer.json()["id"]))
        state.deployments.put(
            snapshot,
            stage_name=stage_name if isinstance(stage_name, str) else None,
            visible_at=state.consistency.ends_at(DEPLOYMENT_PROPAGATION),
        )
        state.authorizer_cache.clear_api(api_id)
        if isinstance(stage_name, str) and stage_name:
            dated = state.stage_dates.updated if stage_existed else state.stage_dates.created
            dated(api_id, stage_name, state.clock.now())
    return answer


def create_authorizer(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    body = json_body(request)
    check_members(body, CREATE_AUTHORIZER, bad_request)
    expression = body.get("identityValidationExpression")
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    region, api_id, authorizer_id = region_of(request), match.group("api"), str(answer.json()["id"])
    if expression:
        moto_apigateway.set_identity_validation_expression(
            region, api_id, authorizer_id, expression
        )
    fixed = moto_apigateway.complete_authorizer(
        region, api_id, authorizer_id, ttl_given="authorizerResultTtlInSeconds" in body
    )
    return answer.with_body(json.dumps(without_null_ttl(fixed)).encode())


def authorizer_answer(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """GetAuthorizer(s), UpdateAuthorizer: moto's answer without a null TTL (15.11). An
    UpdateAuthorizer patch is checked first: moto would store a value of any type (23.1)."""
    body = request.get_data()
    if request.method == "PATCH":
        body = json.dumps({"patchOperations": _authorizer_patch(json_body(request))}).encode()
    answer = moto_server.call(request.environ, body)
    if answer.status >= 300:
        return answer
    payload = answer.json()
    if "item" in payload:
        payload["item"] = [without_null_ttl(item) for item in payload["item"]]
    else:
        payload = without_null_ttl(payload)
    return answer.with_body(json.dumps(payload).encode())


def without_null_ttl(authorizer: dict[str, Any]) -> dict[str, Any]:
    """An authorizer's JSON without ``authorizerResultTtlInSeconds`` when none is set."""
    return {
        k: v
        for k, v in authorizer.items()
        if not (k == "authorizerResultTtlInSeconds" and v is None)
    }


def wants_api_summary(request: Request) -> bool:
    return "apisummary" in ",".join(request.args.getlist("embed")).lower()


DEPLOYMENT_NOT_FOUND = "Invalid Deployment identifier specified"
STAGES_STILL_ACTIVE = "Active stages pointing to this deployment must be moved or deleted"


def get_deployment(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """GetDeployment: 404 for an unknown id (moto raises a KeyError: 500); with
    ``embed=apisummary``, the deployed apiSummary (8.3)."""
    region, (api_id, deployment_id) = region_of(request), match.group("api", "deployment")
    if not moto_apigateway.has_deployment(region, api_id, deployment_id):
        raise AwsError(404, "NotFoundException", DEPLOYMENT_NOT_FOUND)
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300 or not wants_api_summary(request):
        return answer
    snapshot = state.deployments.get(api_id, deployment_id)
    payload = answer.json()
    payload["apiSummary"] = api_summary(snapshot) if snapshot else {}
    return answer.with_body(json.dumps(payload).encode())


def delete_deployment(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """DeleteDeployment: refused while any stage serves it (8.7); moto's own check looks only
    at the stage named at CreateDeployment, which may have moved on since."""
    region, (api_id, deployment_id) = region_of(request), match.group("api", "deployment")
    if not moto_apigateway.has_deployment(region, api_id, deployment_id):
        raise AwsError(404, "NotFoundException", DEPLOYMENT_NOT_FOUND)
    if moto_apigateway.stages_serving(region, api_id, deployment_id):
        raise bad_request(STAGES_STILL_ACTIVE)
    moto_apigateway.delete_deployment(region, api_id, deployment_id)
    return Answer(202, (("Content-Type", "application/json"),), b"{}")


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

"""API Gateway control-plane operations that moto 5.2 lacks, and moto answers it completes.

Served by the emulator (emulator/urls.py):

- UpdateMethod: patch `/authorizationType`, `/authorizerId`, `/authorizationScopes`,
  `/apiKeyRequired`, `/operationName`, `/requestValidatorId` (what the console's Method
  Request edits). The patch is validated as a whole before anything changes.
- UpdateIntegration: patch `/uri`, `/httpMethod`, `/type`, `/timeoutInMillis`, `/credentials`.
- GetIntegration: moto answers 200 `{}` for a method without one; AWS answers 404.

Completed after moto answered:

- CreateDeployment: freeze the draft into a deployment snapshot (what the stage serves), and
  forget the API's cached Lambda authorizer results. In eventual mode the snapshot is served
  only after the propagation delay (docs/aws-behaviour.md 21.1).
- CreateAuthorizer: moto 5.2.5 drops `identityValidationExpression`; store it afterwards.
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
from emulator.consistency.behaviours import DEPLOYMENT_PROPAGATION
from emulator.errors import AwsError, bad_request
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.moto_bridge import server as moto_server
from emulator.wire import json_body, lenient_json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

AUTHORIZATION_TYPES = frozenset({"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
_NEEDS_AUTHORIZER = frozenset({"CUSTOM", "COGNITO_USER_POOLS"})
_INVALID_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)
_INTEGRATION_PATHS = {
    "/uri": "uri",
    "/httpMethod": "http_method",
    "/type": "integration_type",
    "/timeoutInMillis": "timeout_in_millis",
    "/credentials": "credentials",
}


def _patch_operations(body: dict[str, Any]) -> list[dict[str, Any]]:
    operations = body.get("patchOperations", [])
    if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
        raise bad_request("patchOperations must be a list of objects")
    return operations


def update_method(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    region, (api_id, resource_id, verb) = region_of(request), match.group("api", "res", "verb")
    settings = moto_apigateway.method_settings(region, api_id, resource_id, verb)
    authorizers = moto_apigateway.authorizer_ids(region, api_id)
    for op in _patch_operations(json_body(request)):
        _apply_method_patch(settings, op, authorizers)
    if settings["authorization_type"] in _NEEDS_AUTHORIZER and not settings["authorizer_id"]:
        raise bad_request(_INVALID_AUTHORIZER)
    return json_answer(moto_apigateway.update_method(region, api_id, resource_id, verb, settings))


def _apply_method_patch(
    settings: dict[str, Any], op: dict[str, Any], authorizers: frozenset[str]
) -> None:
    path, value, kind = op.get("path", ""), op.get("value"), op.get("op", "replace")
    if path == "/authorizationType":
        if value not in AUTHORIZATION_TYPES:
            raise bad_request(f"Invalid authorization type specified: {value}")
        settings["authorization_type"] = value
        if value in ("NONE", "AWS_IAM"):
            settings["authorizer_id"] = None
    elif path == "/authorizerId":
        if value and value not in authorizers:
            raise bad_request(_INVALID_AUTHORIZER)
        settings["authorizer_id"] = value or None
    elif path.startswith("/authorizationScopes"):
        scopes = list(settings["authorization_scopes"] or [])
        if kind == "add" and value:
            scopes.append(value)
        elif kind == "remove":
            scopes = [s for s in scopes if s != value] if value else []
        else:
            scopes = [value] if value else []
        settings["authorization_scopes"] = scopes or None
    elif path == "/apiKeyRequired":
        settings["api_key_required"] = str(value).lower() == "true"
    elif path == "/operationName":
        settings["operation_name"] = value
    elif path == "/requestValidatorId":
        settings["request_validator_id"] = value
    else:
        raise bad_request(f"Invalid patch path '{path}' specified for op '{kind}'.")


def get_integration(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    found = moto_apigateway.integration_json(region_of(request), *match.group("api", "res", "verb"))
    if found is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    return json_answer(found)


def update_integration(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    region, (api_id, resource_id, verb) = region_of(request), match.group("api", "res", "verb")
    if moto_apigateway.integration_settings(region, api_id, resource_id, verb) is None:
        raise AwsError(404, "NotFoundException", "Invalid Integration identifier specified")
    changes: dict[str, Any] = {}
    for op in _patch_operations(json_body(request)):
        name = _INTEGRATION_PATHS.get(op.get("path", ""))
        if name is None:
            raise bad_request(
                f"Invalid patch path '{op.get('path', '')}' specified for op '{op.get('op')}'."
            )
        changes[name] = op.get("value")
    return json_answer(
        moto_apigateway.update_integration(region, api_id, resource_id, verb, changes)
    )


def create_deployment(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status < 300:
        api_id = match.group("api")
        snapshot = moto_apigateway.draft_snapshot(
            region_of(request), api_id, str(answer.json()["id"])
        )
        stage_name = lenient_json_body(request).get("stageName")
        state.deployments.put(
            snapshot,
            stage_name=stage_name if isinstance(stage_name, str) else None,
            visible_at=state.consistency.ends_at(DEPLOYMENT_PROPAGATION),
        )
        state.authorizer_cache.clear_api(api_id)
    return answer


def create_authorizer(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    expression = lenient_json_body(request).get("identityValidationExpression")
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status < 300 and expression:
        fixed = moto_apigateway.set_identity_validation_expression(
            region_of(request), match.group("api"), str(answer.json()["id"]), expression
        )
        if fixed is not None:
            return answer.with_body(json.dumps(fixed).encode())
    return answer


def wants_api_summary(request: Request) -> bool:
    return "apisummary" in ",".join(request.args.getlist("embed")).lower()


def get_deployment_with_summary(
    state: EmulatorState, request: Request, match: re.Match[str]
) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    snapshot = state.deployments.get(*match.group("api", "deployment"))
    payload = answer.json()
    payload["apiSummary"] = api_summary(snapshot) if snapshot else {}
    return answer.with_body(json.dumps(payload).encode())


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

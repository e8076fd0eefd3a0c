"""API Gateway's REST data plane: a request to a stage, from route to response.

Order as on AWS: the stage's deployment snapshot → route (403 Missing Authentication Token,
before any authorizer) → authorizer (401/403) → integration (AWS_PROXY Lambda: permission check
500, invoke, response validation 502). Every response carries `x-amzn-RequestId`; gateway
errors carry `x-amzn-ErrorType` (docs/aws-behaviour.md section 2).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from emulator import moto_bridge
from emulator.apigw import gateway_responses
from emulator.apigw.gateway_responses import GatewayResponse
from emulator.apigw.proxy_event import IncomingRequest, StageContext, build_proxy_event
from emulator.apigw.proxy_response import parse_proxy_response
from emulator.authorizer_step import AuthorizationScope, AuthorizerEnv, Granted, run_authorizer
from emulator.authorizer_types import CallFailed, FunctionCall
from emulator.aws_errors import AwsError
from emulator.deployments import DeploymentSnapshot, DeploymentStore, IntegrationSnapshot
from emulator.lambda_service import LambdaService
from emulator.permissions import apigateway_may_invoke, execute_api_arn
from emulator.routing import RouteMatch, match_route

log = logging.getLogger("emulator.apigateway")

_LAMBDA_URI = re.compile(
    r"^arn:aws:apigateway:(?P<region>[^:]+):lambda:path/2015-03-31/functions/"
    r"(?P<function>.+)/invocations$"
)
_CONFIG_ERROR = "Execution failed due to configuration error: "
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


@dataclass
class DataPlaneResult:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    execution_log: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stage:
    name: str
    deployment_id: str
    variables: dict[str, str]


class DataPlane:
    def __init__(
        self, deployments: DeploymentStore, lambdas: LambdaService, authorizer_env: AuthorizerEnv
    ) -> None:
        self.deployments = deployments
        self.lambdas = lambdas
        self.authorizer_env = authorizer_env

    def handle(self, api_id: str, stage_name: str, request: IncomingRequest) -> DataPlaneResult:
        """Serve a request to `/restapis/{api_id}/{stage_name}/_user_request_/...`."""
        request_id = str(uuid.uuid4())
        found = moto_bridge.find_rest_api(api_id)
        stage = _stage(found[1], stage_name) if found else None
        snapshot = self.deployments.get(api_id, stage.deployment_id) if stage else None
        if stage is None or snapshot is None:
            return _gateway(
                gateway_responses.missing_authentication_token(), request_id, "no such stage"
            )
        route = match_route(snapshot, request.method, request.path)
        if route is None:
            return _gateway(
                gateway_responses.missing_authentication_token(), request_id, "no route"
            )
        scope = AuthorizationScope(
            api_id=snapshot.api_id,
            stage=stage.name,
            region=snapshot.region,
            account_id=moto_bridge.ACCOUNT_ID,
            http_method=request.method,
            resource_path=route.resource.path,
            request_path=request.path,
            path_parameters=route.path_parameters or None,
            stage_variables=stage.variables or None,
            request_id=request_id,
            resource_id=route.resource.id,
            deployment_id=snapshot.deployment_id,
        )
        authorized = run_authorizer(
            request,
            route.method,
            snapshot.authorizer(route.method.authorizer_id),
            scope,
            self.authorizer_env,
        )
        if not isinstance(authorized, Granted):
            return _gateway(
                authorized.response, request_id, authorized.reason, list(authorized.trail)
            )
        return self.integrate(snapshot, stage, route, request, authorized.context, request_id)

    def integrate(
        self,
        snapshot: DeploymentSnapshot,
        stage: Stage,
        route: RouteMatch,
        request: IncomingRequest,
        authorizer_context: Mapping[str, object] | None,
        request_id: str,
    ) -> DataPlaneResult:
        """Run the method's integration (also used by TestInvokeMethod, on the draft)."""
        integration = route.method.integration
        if integration is None or integration.type != "AWS_PROXY":
            kind = "none" if integration is None else integration.type
            return _gateway(
                gateway_responses.lambda_permission_denied(),
                request_id,
                f"Execution failed due to configuration error: integration type {kind} "
                "is not supported by the emulator",
            )
        target = _lambda_target(integration, stage.variables)
        if target is None:
            return _gateway(
                gateway_responses.lambda_permission_denied(),
                request_id,
                _CONFIG_ERROR + f"Invalid integration URI {integration.uri}",
            )
        region, function_ref = target
        try:
            function = self.lambdas.find(region, function_ref, None)
        except AwsError:
            return _gateway(
                gateway_responses.lambda_permission_denied(),
                request_id,
                f"Execution failed due to configuration error: function {function_ref} not found",
            )
        source_arn = execute_api_arn(
            snapshot.region,
            moto_bridge.ACCOUNT_ID,
            snapshot.api_id,
            stage.name,
            route.method.http_method,
            route.resource.path,
        )
        if not apigateway_may_invoke(moto_bridge.function_policy_statements(function), source_arn):
            return _gateway(
                gateway_responses.lambda_permission_denied(),
                request_id,
                _CONFIG_ERROR + "Invalid permissions on Lambda function",
            )
        event = build_proxy_event(
            request,
            StageContext(
                api_id=snapshot.api_id,
                stage=stage.name,
                deployment_id=snapshot.deployment_id,
                resource_id=route.resource.id,
                resource_path=route.resource.path,
                account_id=moto_bridge.ACCOUNT_ID,
                region=snapshot.region,
            ),
            route.path_parameters or None,
            stage.variables or None,
            authorizer_context,
            request_id=request_id,
            extended_request_id=_extended_request_id(),
            now=self.authorizer_env.now(),
        )
        started = time.perf_counter()
        result = self.lambdas.invoke(region, function, json.dumps(event).encode())
        latency_ms = (time.perf_counter() - started) * 1000
        trail = [
            f"Endpoint request body after transformations: {json.dumps(event)[:512]}",
            f"Received response. Status: 200, Integration latency: {latency_ms:.0f} ms",
        ]
        if result.function_error:
            return _gateway(
                gateway_responses.bad_lambda_response(),
                request_id,
                f"Lambda execution failed with status 200 due to customer function error: "
                f"{result.payload[:200].decode(errors='replace')}",
                trail,
            )
        response = parse_proxy_response(result.payload)
        if response is None:
            return _gateway(
                gateway_responses.bad_lambda_response(),
                request_id,
                "Execution failed due to configuration error: Malformed Lambda proxy response",
                trail,
            )
        headers = list(response.headers)
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", "application/json"))
        headers += [("x-amzn-RequestId", request_id), ("x-amz-apigw-id", _extended_request_id())]
        log.info("%s %s -> %s", request.method, request.path, response.status)
        return DataPlaneResult(
            response.status,
            headers,
            response.body,
            trail + ["Method completed with status: " + str(response.status)],
        )


class LambdaAuthorizerFunctions:
    """Calls authorizer functions through the same warm runtime as integrations."""

    def __init__(self, lambdas: LambdaService) -> None:
        self.lambdas = lambdas

    def call(
        self,
        authorizer_uri: str,
        stage_variables: Mapping[str, str] | None,
        source_arn: str,
        check_permission: bool,
        payload: bytes,
    ) -> FunctionCall | CallFailed:
        uri = _STAGE_VARIABLE.sub(
            lambda m: (stage_variables or {}).get(m.group(1), ""), authorizer_uri
        )
        matched = _LAMBDA_URI.match(uri)
        if matched is None:
            return CallFailed(f"Invalid authorizer URI {authorizer_uri}")
        region, function_ref = matched.group("region"), matched.group("function")
        try:
            function = self.lambdas.find(region, function_ref, None)
        except AwsError:
            return CallFailed(f"Lambda function {function_ref} not found")
        statements = moto_bridge.function_policy_statements(function)
        if check_permission and not apigateway_may_invoke(statements, source_arn):
            return CallFailed("Invalid permissions on Lambda function")
        started = time.perf_counter()
        result = self.lambdas.invoke(region, function, payload)
        latency_ms = int((time.perf_counter() - started) * 1000)
        return FunctionCall(result.payload, result.function_error, latency_ms)


def _stage(api: object, stage_name: str) -> Stage | None:
    stage = getattr(api, "stages", {}).get(stage_name)
    if stage is None or not stage.deployment_id:
        return None
    return Stage(stage.name, stage.deployment_id, dict(stage.variables or {}))


def _lambda_target(
    integration: IntegrationSnapshot, variables: dict[str, str]
) -> tuple[str, str] | None:
    uri = _STAGE_VARIABLE.sub(lambda m: variables.get(m.group(1), ""), integration.uri or "")
    matched = _LAMBDA_URI.match(uri)
    if matched is None:
        return None
    return matched.group("region"), matched.group("function")


def _extended_request_id() -> str:
    return base64.b64encode(os.urandom(10)).decode()[:14] + "="


def _gateway(
    response: GatewayResponse, request_id: str, reason: str, trail: list[str] | None = None
) -> DataPlaneResult:
    log.info("-> %s (%s)", response.status, reason)
    headers = [
        ("Content-Type", "application/json"),
        ("x-amzn-RequestId", request_id),
        ("x-amzn-ErrorType", response.error_type),
        ("x-amz-apigw-id", _extended_request_id()),
        *response.headers,
    ]
    return DataPlaneResult(response.status, headers, response.body, [*(trail or []), reason])

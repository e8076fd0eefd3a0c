"""A Lambda authorizer (TOKEN and REQUEST): call the function, then decide with its policy.

Order, as the API Gateway Developer Guide describes it (apigateway-use-lambda-authorizer,
api-gateway-lambda-authorizer-input/-output) and the Knowledge Center article
"api-gateway-401-error-lambda-authorizer":

1. read the identity: TOKEN, the Token Source header (missing or empty: 401, and the token
   must match ``identityValidationExpression``: else 401), REQUEST, every identity source
   (when caching is on, one missing, null or empty: 401); neither calls the function;
2. with caching on, a cached result for (authorizer, identity values) skips the call;
3. call the function with source ARN ``.../{api}/authorizers/{id}``: no permission for API
   Gateway, or a function error other than ``Unauthorized``, or a malformed result: 500
   ``{"message":null}`` AuthorizerConfigurationException; the error ``Unauthorized``: 401;
4. evaluate the policy on this request's method ARN: explicit Deny → 403 "... with an
   explicit deny", no matching Allow → 403, else the integration gets
   ``requestContext.authorizer = {principalId, integrationLatency, **context}``.

Execution-log lines follow AWS's wording where it is recorded ("Starting authorizer", "Incoming
identity", "Authorizer result body before parsing", "Execution failed due to configuration
error: ...", "Unauthorized request", "Using valid authorizer policy for principal").
"""

from __future__ import annotations

import base64
import json
import os

from awsrules.apigateway import gateway_responses
from awsrules.apigateway import lambda_authorizer_event as authorizer_input
from awsrules.apigateway.lambda_authorizer_policy import (
    AuthorizerResult,
    Decision,
    Malformed,
    evaluate,
    integration_context,
    parse_result,
)
from awsrules.apigateway.proxy_event import IncomingRequest, StageContext, build_proxy_event
from emulator.apigateway.data_plane.authorization import AuthorizationScope, Granted, Refused
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.functions import CallFailed
from emulator.apigateway.deployments import AuthorizerSnapshot, MethodSnapshot

UNAUTHORIZED_ERROR = "Unauthorized"
"""[doc] The authorizer signals 401 by failing with exactly this message (``callback
("Unauthorized")`` in Node.js, ``raise Exception("Unauthorized")`` in Python)."""


def lambda_authorizer(
    request: IncomingRequest,
    method: MethodSnapshot,
    authorizer: AuthorizerSnapshot,
    scope: AuthorizationScope,
    env: DataPlaneEnv,
) -> Granted | Refused:
    trail = [f"Starting authorizer: {authorizer.id} for request: {scope.request_id}"]
    arn = scope.method_arn
    read = _read_identity(request, authorizer, scope, env, arn)
    if isinstance(read, Refused):
        return Refused(read.response, read.reason, (*trail, read.reason))
    event, identity = read
    trail.append("Incoming identity: " + _shown(authorizer, identity))

    caching = authorizer.result_ttl_seconds > 0 and not scope.test_invoke
    key = (scope.api_id, scope.stage, authorizer.id, identity)
    result = env.authorizer_cache.get(key, env.now()) if caching else None
    latency_ms = 0
    if result is not None:
        trail.append("(emulator) authorizer result taken from the cache")
    else:
        called = _call(authorizer, scope, env, event, trail)
        if isinstance(called, Refused):
            return called
        result, latency_ms = called
        if caching:
            env.authorizer_cache.put(key, result, env.now(), authorizer.result_ttl_seconds)
    return _decide(result, latency_ms, arn, scope, trail)


def _read_identity(
    request: IncomingRequest,
    authorizer: AuthorizerSnapshot,
    scope: AuthorizationScope,
    env: DataPlaneEnv,
    arn: str,
) -> tuple[dict[str, object], tuple[str | None, ...]] | Refused:
    """The event to send and the identity values (the cache key), or a 401 without a call."""
    if authorizer.type == "TOKEN":
        header = authorizer.identity_source.strip().removeprefix(authorizer_input.HEADER)
        token = _last_header(request, header)
        if not token:
            return _unauthorized(f"Identity source {header} is missing or empty")
        if not authorizer_input.token_matches(token, authorizer.identity_validation_expression):
            return _unauthorized("The token does not match the identity validation expression")
        return authorizer_input.token_event(token, arn), (token,)
    proxy = _proxy_event(request, scope, env)
    event = authorizer_input.request_event(proxy, arn)
    sources = authorizer_input.identity_sources(authorizer.identity_source)
    values = tuple(authorizer_input.identity_value(source, event) for source in sources)
    missing = authorizer_input.missing_sources(sources, values)
    if missing and authorizer.result_ttl_seconds > 0:
        return _unauthorized(f"Identity sources missing, null or empty: {', '.join(missing)}")
    return event, values


def _call(
    authorizer: AuthorizerSnapshot,
    scope: AuthorizationScope,
    env: DataPlaneEnv,
    event: dict[str, object],
    trail: list[str],
) -> tuple[AuthorizerResult, int] | Refused:
    if not authorizer.authorizer_uri:
        return _configuration_error("the authorizer has no Lambda function to call", trail)
    body = json.dumps(event)
    trail.append(f"Endpoint request body after transformations: {body[:1024]}")
    call = env.functions.call(
        authorizer.authorizer_uri,
        scope.stage_variables,
        scope.authorizer_source_arn(authorizer.id),
        body.encode(),
        check_permission=authorizer.credentials is None,
    )
    if isinstance(call, CallFailed):
        return _configuration_error(call.reason, trail)
    trail.append(
        "Authorizer result body before parsing: "
        + call.payload[:1024].decode("utf-8", errors="replace")
    )
    if call.function_error:
        if _error_message(call.payload) == UNAUTHORIZED_ERROR:
            trail.append(f"Unauthorized request: {scope.request_id}")
            return Refused(
                gateway_responses.unauthorized(), "Unauthorized", (*trail, "Unauthorized")
            )
        return _configuration_error(
            'Invalid JSON in response: Unrecognized field "errorType" , not marked as ignorable',
            trail,
        )
    parsed = parse_result(call.payload)
    if isinstance(parsed, Malformed):
        return _configuration_error(parsed.reason, trail)
    return parsed, call.latency_ms


def _decide(
    result: AuthorizerResult,
    latency_ms: int,
    arn: str,
    scope: AuthorizationScope,
    trail: list[str],
) -> Granted | Refused:
    trail.append(
        "Using valid authorizer policy for principal: "
        + authorizer_input.masked(result.principal_id)
    )
    decision = Decision.ALLOW if scope.test_invoke else evaluate(result.statements, arn)
    if decision is Decision.EXPLICIT_DENY:
        reason = f"The client is not authorized to perform this operation (explicit deny of {arn})"
        return Refused(gateway_responses.explicit_deny(), reason, (*trail, reason))
    if decision is Decision.NO_MATCHING_ALLOW:
        reason = f"The client is not authorized to perform this operation (no Allow for {arn})"
        return Refused(gateway_responses.access_denied(), reason, (*trail, reason))
    trail.append("Successfully completed authorizer execution")
    return Granted(
        context=integration_context(result, latency_ms),
        principal_id=result.principal_id,
        policy=result.policy,
        claims=dict(result.context),
        trail=tuple(trail),
    )


def _proxy_event(
    request: IncomingRequest, scope: AuthorizationScope, env: DataPlaneEnv
) -> dict[str, object]:
    return build_proxy_event(
        request,
        StageContext(
            api_id=scope.api_id,
            stage=scope.stage,
            deployment_id=scope.deployment_id,
            resource_id=scope.resource_id,
            resource_path=scope.resource_path,
            account_id=scope.account_id,
            region=scope.region,
        ),
        scope.path_parameters or None,
        scope.stage_variables or None,
        None,
        request_id=scope.request_id,
        extended_request_id=base64.b64encode(os.urandom(10)).decode()[:14] + "=",
        now=env.now(),
    )


def _last_header(request: IncomingRequest, name: str) -> str | None:
    wanted = name.lower()
    found: str | None = None
    for key, value in request.headers:
        if key.lower() == wanted:
            found = value
    return found


def _error_message(payload: bytes) -> object:
    try:
        loaded = json.loads(payload)
    except ValueError:
        return None
    return loaded.get("errorMessage") if isinstance(loaded, dict) else None


def _shown(authorizer: AuthorizerSnapshot, identity: tuple[str | None, ...]) -> str:
    if authorizer.type == "TOKEN":
        return authorizer_input.masked(identity[0] or "")
    sources = authorizer_input.identity_sources(authorizer.identity_source)
    shown = (
        f"{source}={authorizer_input.masked(value or '')}"
        for source, value in zip(sources, identity, strict=True)
    )
    return "{" + ", ".join(shown) + "}"


def _unauthorized(reason: str) -> Refused:
    return Refused(gateway_responses.unauthorized(), reason)


def _configuration_error(detail: str, trail: list[str]) -> Refused:
    reason = "Execution failed due to configuration error: " + detail
    return Refused(
        gateway_responses.authorizer_configuration_error(),
        reason,
        (*trail, reason, "AuthorizerConfigurationException"),
    )

"""TestInvokeMethod and TestInvokeAuthorizer: the console's Test buttons.

- TestInvokeMethod runs the *draft* method's integration without authorization, as the
  console's Test tab does (source ARN stage `test-invoke-stage`) [doc: API Gateway Developer
  Guide, "Use the API Gateway console to test a REST API method"].
- TestInvokeAuthorizer runs a draft authorizer on the given headers. Lambda authorizers are
  really called (never from the cache) with method ARN ``.../{api}/ESTestInvoke-stage/GET/``
  [recorded: AWS test-invoke logs]; their policy is returned, not enforced, as the console's
  Test button shows it [inferred from a recorded log where a Deny policy "Successfully
  completed authorizer execution"]. `clientStatus` is "the HTTP status code that the client
  would have received. Value is 0 if the authorizer succeeded" [doc: TestInvokeAuthorizer
  API reference].
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from werkzeug.wrappers import Request

from awsrules.apigateway.lambda_authorizer_event import HEADER, identity_sources
from awsrules.apigateway.proxy_event import IncomingRequest, parse_query_string
from awsrules.apigateway.routing import match_resource
from emulator.answers import Answer, json_answer
from emulator.apigateway.data_plane import TEST_INVOKE_STEPS, run
from emulator.apigateway.data_plane.authorization import AuthorizationScope, Granted
from emulator.apigateway.data_plane.authorize import run_authorizer
from emulator.apigateway.data_plane.exchange import Exchange, RouteMatch, Stage
from emulator.apigateway.deployments import TEST_INVOKE_DEPLOYMENT_ID, MethodSnapshot
from emulator.errors import bad_request
from emulator.input_types import STRING, STRING_LIST_MAP, STRING_MAP, Members, check_members
from emulator.moto_bridge import ACCOUNT_ID
from emulator.moto_bridge import apigateway as moto_apigateway
from emulator.wire import json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

TEST_INVOKE_STAGE = "test-invoke-stage"
TEST_INVOKE_ARN_STAGE = "ESTestInvoke-stage"
AUTHORIZER_SUCCEEDED = 0  # TestInvokeAuthorizer's clientStatus on success (API reference)
SOURCE_IP = "test-invoke-source-ip"


TEST_INVOKE: Members = {
    "pathWithQueryString": STRING,
    "body": STRING,
    "headers": STRING_MAP,
    "multiValueHeaders": STRING_LIST_MAP,
    "clientCertificateId": STRING,
    "stageVariables": STRING_MAP,
    "additionalContext": STRING_MAP,
}
"""TestInvokeMethod's and TestInvokeAuthorizer's members as the botocore apigateway model
types them (docs/aws-behaviour.md 23.1)."""


def _test_invoke_body(request: Request) -> dict[str, Any]:
    body = json_body(request)
    check_members(body, TEST_INVOKE, bad_request)
    return body


def test_invoke_method(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """TestInvokeMethod: the draft method's integration, without authorization."""
    region, (api_id, resource_id, http_method) = (
        region_of(request),
        match.group("api", "res", "verb"),
    )
    body = _test_invoke_body(request)
    moto_apigateway.method_settings(region, api_id, resource_id, http_method)  # 404 if none
    snapshot = moto_apigateway.draft_snapshot(region, api_id, TEST_INVOKE_DEPLOYMENT_ID)
    resource = next(r for r in snapshot.resources if r.id == resource_id)
    method: MethodSnapshot | None = dict(resource.methods).get(http_method)
    assert method is not None  # method_settings() above raised NotFound otherwise
    target = urlsplit(_text(body, "pathWithQueryString") or resource.path)
    incoming = IncomingRequest(
        method=http_method,
        path=target.path or resource.path,
        raw_query_string=target.query,
        headers=_test_headers(body),
        body=_text(body, "body").encode(),
        source_ip=SOURCE_IP,
    )
    matched = match_resource([resource.path], incoming.path)
    route = RouteMatch(resource, method, matched.path_parameters if matched else {})
    stage = Stage(TEST_INVOKE_STAGE, snapshot.deployment_id, _stage_variables(body))
    exchange = Exchange(
        api_id, TEST_INVOKE_STAGE, incoming, incoming.path, request_id=str(uuid.uuid4())
    )
    exchange.snapshot, exchange.stage, exchange.route = snapshot, stage, route
    started = time.perf_counter()
    result = run(TEST_INVOKE_STEPS, exchange, state.data_plane_env)
    latency = int((time.perf_counter() - started) * 1000)
    headers: dict[str, list[str]] = {}
    for name, value in result.headers:
        headers.setdefault(name, []).append(value)
    log = _execution_log(exchange, result)
    return json_answer(
        {
            "status": result.status,
            "body": result.body.decode(errors="replace"),
            "headers": {name: ",".join(values) for name, values in headers.items()},
            "multiValueHeaders": headers,
            "log": log,
            "latency": latency,
        }
    )


def test_invoke_authorizer(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """TestInvokeAuthorizer: run a draft authorizer on the given headers."""
    region, (api_id, authorizer_id) = region_of(request), match.group("api", "auth")
    body = _test_invoke_body(request)
    authorizer = moto_apigateway.authorizer_snapshot(region, api_id, authorizer_id)
    target = urlsplit(_text(body, "pathWithQueryString") or "/")
    incoming = IncomingRequest(
        method="GET",
        path=target.path or "/",
        raw_query_string=target.query,
        headers=_test_headers(body),
        body=_text(body, "body").encode(),
        source_ip=SOURCE_IP,
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
        account_id=ACCOUNT_ID,
        http_method="GET",
        resource_path=incoming.path,
        request_path=incoming.path,
        path_parameters=None,
        stage_variables=_stage_variables(body) or None,
        request_id=request_id,
        resource_id="test-invoke-resource-id",
        deployment_id=TEST_INVOKE_DEPLOYMENT_ID,
        arn_stage=TEST_INVOKE_ARN_STAGE,
        test_invoke=True,
    )
    started = time.perf_counter()
    outcome = run_authorizer(incoming, method, authorizer, scope, state.data_plane_env)
    latency = int((time.perf_counter() - started) * 1000)
    log = _authorizer_log(request_id, outcome.trail)
    if not isinstance(outcome, Granted):
        return json_answer(
            {
                "clientStatus": outcome.response.status,
                "log": log or outcome.reason,
                "latency": latency,
            }
        )
    if outcome.principal_id is None:  # Cognito
        return json_answer(
            {
                "clientStatus": AUTHORIZER_SUCCEEDED,
                "log": log or "Authorizer succeeded",
                "latency": latency,
                "claims": {k: str(v) for k, v in (outcome.claims or {}).items()},
            }
        )
    return json_answer(
        {
            "clientStatus": AUTHORIZER_SUCCEEDED,
            "log": log,
            "latency": latency,
            "principalId": outcome.principal_id,
            "policy": json.dumps(outcome.policy),
            "authorization": _identity_headers(authorizer.identity_source, incoming.headers),
            "claims": {k: v for k, v in (outcome.claims or {}).items() if v is not None},
        }
    )


def _text(body: dict[str, Any], name: str) -> str:
    """A string member (its type checked by ``_test_invoke_body``), "" when absent."""
    return str(body.get(name) or "")


def _stage_variables(body: dict[str, Any]) -> dict[str, str]:
    return dict(body.get("stageVariables") or {})


def _test_headers(body: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    multi: dict[str, list[str]] = body.get("multiValueHeaders") or {}
    single: dict[str, str] = body.get("headers") or {}
    pairs = [(name, value) for name, values in multi.items() for value in values]
    pairs += list(single.items())
    return tuple(pairs)


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


LOG_BODY_LIMIT = 1000
"""Bodies in the execution log are cut to this many characters (AWS truncates long ones)."""
_ADDED_BY_RESPOND = frozenset({"x-amzn-requestid", "x-amz-apigw-id"})


def _java_map(pairs: Iterable[tuple[str, str]]) -> str:
    """``{a=1, b=2}``: how AWS's execution log prints a map (Java's ``Map.toString``)."""
    return "{" + ", ".join(f"{k}={v}" for k, v in pairs) + "}"


def _execution_log(exchange: Exchange, result: Answer) -> str:
    """TestInvokeMethod's ``log`` in AWS's layout [recorded: LocalStack
    ``test_invoke_test_method`` snapshot, 2025, docs/aws-behaviour.md 14.9]: the method
    request (path parameters, query string, headers, body), the integration's lines, then on
    success the method response (body, headers) and ``Successfully completed execution``, and
    ``Method completed with status: N`` once, last."""
    stamp = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())
    request, route = exchange.request, exchange.routed()
    query, _ = parse_query_string(request.raw_query_string)
    lines = [
        f"Starting execution for request: {exchange.request_id}",
        f"HTTP Method: {request.method}, Resource Path: {request.path}",
        f"Method request path: {_java_map(route.path_parameters.items())}",
        f"Method request query string: {_java_map((query or {}).items())}",
        f"Method request headers: {_java_map(request.headers)}",
        "Method request body before transformations: "
        + request.body.decode(errors="replace")[:LOG_BODY_LIMIT],
        *result.log,
    ]
    if exchange.response is not None:  # the integration answered: no gateway response
        headers = [(k, v) for k, v in result.headers if k.lower() not in _ADDED_BY_RESPOND]
        lines += [
            "Method response body after transformations: "
            + result.body.decode(errors="replace")[:LOG_BODY_LIMIT],
            f"Method response headers: {_java_map(headers)}",
            "Successfully completed execution",
        ]
    lines.append(f"Method completed with status: {result.status}")
    body = [f"Execution log for request {exchange.request_id}", *(f"{stamp} : {x}" for x in lines)]
    return "\n".join(body) + "\n"

"""Fuzz: every extension route and every hook that reads a body, fed JSON of wrong types and
shapes, deep nesting, huge numbers, NaN and infinities, non-ASCII text and random bytes.
Every answer is a valid 2xx or a 4xx with an AWS-shaped JSON body, never a 5xx; afterwards a
fixed canary of normal calls (reconfigure, sign in, an authorized GET, control-plane reads)
still succeeds (docs/aws-behaviour.md section 23).

Deterministic and quick by default (``derandomize=True``, ``FUZZ_MAX_EXAMPLES`` examples,
200 unless set; the body fuzz runs a tenth on each target). Run it longer with, e.g.:
``FUZZ_MAX_EXAMPLES=5000 .venv/bin/python -m pytest tests/emulator/bad_input/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.process import auth_for
from tests.emulator.bad_input.conftest import MachineClient
from tests.emulator.bad_input.raw import Raw, aws_shaped_4xx, signed_raw_claims
from tests.emulator.conftest import REGION, Stack

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "200"))
"""Examples per test; the body fuzz runs a tenth of them on each of its targets."""


@dataclass(frozen=True)
class Target:
    """One route or hook: how to send a body to it, and the members its input has."""

    name: str
    send: Callable[[Raw, bytes], requests.Response]
    members: tuple[str, ...] = ()
    patch_paths: tuple[str, ...] = ()
    """For an Update operation: the ``path`` values its patch operations mostly use."""


def _apigateway(method: str, path: Callable[[Stack], str]) -> Callable[[Raw, bytes], Any]:
    return lambda raw, body: raw.send(method, path(raw.stack), body)


def _cognito(action: str) -> Callable[[Raw, bytes], requests.Response]:
    return lambda raw, body: raw.cognito(action, body)


def _redeploy_and_get(raw: Raw) -> requests.Response:
    """What a learner does next: deploy the draft and call the stage. What the fuzz stored
    before must not make this crash (a gateway 5xx of a broken integration is AWS's own)."""
    deployed = raw.send("POST", f"{_api(raw.stack)}/deployments", b'{"stageName": "dev"}')
    if deployed.status_code >= 300:
        return deployed
    return raw.stack.get(token=_probe_token(raw.stack))


_TOKENS: dict[str, str] = {}


def _probe_token(stack: Stack) -> str:
    if stack.pool_id not in _TOKENS:
        _TOKENS[stack.pool_id] = stack.tokens("probe")["id"]
    return _TOKENS[stack.pool_id]


def _api(stack: Stack) -> str:
    return f"/restapis/{stack.api_id}"


def _method(verb: str) -> Callable[[Stack], str]:
    return lambda stack: f"{_api(stack)}/resources/{stack.resource_id}/methods/{verb}"


PATCH = ("patchOperations",)
TEST_INVOKE = (
    "pathWithQueryString",
    "body",
    "headers",
    "multiValueHeaders",
    "stageVariables",
    "clientCertificateId",
    "additionalContext",
)
INITIATE = ("AuthFlow", "ClientId", "AuthParameters", "ClientMetadata", "Session", "UserPoolId")
RESPOND = ("ClientId", "ChallengeName", "Session", "ChallengeResponses", "UserPoolId")

TARGETS: tuple[Target, ...] = (
    # the emulator's own routes (reset is left out: it forgets everything, by design)
    Target("health", lambda raw, body: raw.send("GET", "/_emulator/health", body)),
    Target(
        "clock",
        lambda raw, body: raw.send("POST", "/_emulator/clock", body),
        ("advance_seconds", "reset"),
    ),
    Target("unknown operation", lambda raw, body: raw.send("POST", "/_emulator/nothing", body)),
    # API Gateway hooks
    Target(
        "UpdateMethod",
        _apigateway("PATCH", _method("GET")),
        PATCH,
        (
            "/authorizationScopes",
            "/authorizationType",
            "/authorizerId",
            "/apiKeyRequired",
            "/operationName",
            "/requestValidatorId",
            "/requestParameters/method.request.header.X",
            "/requestModels/application~1json",
        ),
    ),
    Target(
        "PutMethod",
        _apigateway("PUT", _method("POST")),
        (
            "authorizationType",
            "authorizerId",
            "apiKeyRequired",
            "operationName",
            "requestParameters",
            "requestModels",
            "requestValidatorId",
            "authorizationScopes",
        ),
    ),
    Target("TestInvokeMethod", _apigateway("POST", _method("GET")), TEST_INVOKE),
    Target(
        "UpdateIntegration",
        _apigateway("PATCH", lambda stack: _method("GET")(stack) + "/integration"),
        PATCH,
        ("/uri", "/httpMethod", "/type", "/timeoutInMillis", "/credentials"),
    ),
    Target(
        "GetIntegration", _apigateway("GET", lambda stack: _method("GET")(stack) + "/integration")
    ),
    Target(
        "CreateAuthorizer",
        _apigateway("POST", lambda stack: f"{_api(stack)}/authorizers"),
        (
            "name",
            "type",
            "providerARNs",
            "authType",
            "authorizerUri",
            "identitySource",
            "identityValidationExpression",
            "authorizerResultTtlInSeconds",
        ),
    ),
    Target(
        "UpdateAuthorizer",
        _apigateway("PATCH", lambda stack: f"{_api(stack)}/authorizers/{stack.authorizer_id}"),
        PATCH,
        ("/identitySource", "/providerARNs", "/name", "/authorizerResultTtlInSeconds"),
    ),
    Target(
        "TestInvokeAuthorizer",
        _apigateway("POST", lambda stack: f"{_api(stack)}/authorizers/{stack.authorizer_id}"),
        TEST_INVOKE,
    ),
    Target(
        "CreateDeployment",
        _apigateway("POST", lambda stack: f"{_api(stack)}/deployments"),
        ("stageName", "stageDescription", "description", "variables", "tracingEnabled"),
    ),
    # Cognito hooks (no real pool id is ever generated: DeleteUserPool must not succeed)
    Target("InitiateAuth", _cognito("InitiateAuth"), INITIATE),
    Target("AdminInitiateAuth", _cognito("AdminInitiateAuth"), INITIATE),
    Target("RespondToAuthChallenge", _cognito("RespondToAuthChallenge"), RESPOND),
    Target("AdminRespondToAuthChallenge", _cognito("AdminRespondToAuthChallenge"), RESPOND),
    Target("DeleteUserPool", _cognito("DeleteUserPool"), ("UserPoolId",)),
    Target("DeleteResourceServer", _cognito("DeleteResourceServer"), ("UserPoolId", "Identifier")),
    Target(
        "probe: redeploy, then an authorized GET",
        lambda raw, body: _redeploy_and_get(raw),
    ),
    Target(
        "JWKS",
        lambda raw, body: raw.send("GET", f"/{raw.stack.pool_id}/.well-known/jwks.json", body),
    ),
)

# --- what the bodies are made of ----------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 2**63, 1e308, -1e308]),
)
TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "nan", "Infinity", "true", "é✓", "\u0000", "../../etc", "[" * 50]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


def _patch_operations(paths: tuple[str, ...]) -> st.SearchStrategy[Any]:
    ops = st.sampled_from(["add", "remove", "replace"])
    known = st.sampled_from(paths or ("/name",))
    operation = st.fixed_dictionaries(
        {"op": st.one_of(ops, ops, ops, JSON_VALUES)},  # mostly real ops and paths: deeper
        optional={"path": st.one_of(known, known, known, JSON_VALUES), "value": JSON_VALUES},
    )
    return st.one_of(st.lists(operation, min_size=1, max_size=3), JSON_VALUES)


def _shaped(target: Target) -> st.SearchStrategy[bytes]:
    """An object with some of the target's own members, each of a random JSON value."""
    if not target.members:
        return st.just(b"{}")
    member_values = {
        name: _patch_operations(target.patch_paths) if name == "patchOperations" else JSON_VALUES
        for name in target.members
    }
    return st.fixed_dictionaries({}, optional=member_values).map(_dumps)


def _bodies(target: Target) -> st.SearchStrategy[bytes]:
    shaped = _shaped(target)
    return st.one_of(
        shaped,
        shaped,
        shaped,
        shaped,  # half of the bodies are the target's own members, of random values
        JSON_VALUES.map(_dumps),
        st.integers(min_value=1, max_value=40_000).map(lambda n: b"[" * n),
        st.integers(min_value=1, max_value=40_000).map(lambda n: b'{"a":' * n),
        st.sampled_from([b'{"a": 1e400}', b"NaN", b'{"a": -Infinity}', b"\xff\xfe", b""]),
        st.binary(max_size=64),
        st.text(max_size=40).map(str.encode),
    )


CLAIMS = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(NUMBERS, JSON_VALUES)
            for name in ("exp", "iat", "nbf", "iss", "token_use", "scope", "aud")
        },
    ),
)
"""Payloads of tokens signed with the emulator's key (signed in the test, not the strategy)."""
TOKENS = st.one_of(
    st.text(max_size=40), st.sampled_from(["Bearer ", "a.b.c", "..", "Bearer a.b.c"])
)


def _latin1(text: str) -> str:
    """A header value requests can send: Latin-1, no line breaks."""
    cleaned = "".join(c for c in text if c not in "\r\n").strip()
    return cleaned.encode("latin-1", errors="replace").decode("latin-1")


GATEWAY_5XX = frozenset({"InternalServerErrorException"})
"""API Gateway's own answer when an integration fails (2.5): AWS-shaped, so allowed from the
data plane (the fuzz may legitimately point the integration elsewhere)."""


def _check(target: str, answer: requests.Response) -> None:
    seen = (target, answer.status_code, answer.headers.get("x-amzn-ErrorType"), answer.text[:300])
    if "probe" in target and answer.status_code >= 500:
        assert answer.headers.get("x-amzn-ErrorType") in GATEWAY_5XX, seen
        assert isinstance(answer.json(), dict), seen
        return
    assert answer.status_code < 500, seen
    if answer.status_code >= 400:
        assert aws_shaped_4xx(answer), seen


def _canary(stack: Stack) -> None:
    """Normal calls, as the tutorial makes them, after the fuzz: put the method, integration
    and clock back, redeploy, sign in, an authorized GET, and control-plane reads."""
    requests.post(
        f"{stack.url}/_emulator/clock", auth=auth_for(stack.url), json={"reset": True}, timeout=5
    )
    apigw = stack.clients["apigateway"]
    apigw.put_integration(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{stack.function_arn}/invocations",
    )
    method = apigw.get_method(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET"
    )
    apigw.update_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        patchOperations=[
            {"op": "replace", "path": "/authorizationType", "value": "COGNITO_USER_POOLS"},
            {"op": "replace", "path": "/authorizerId", "value": stack.authorizer_id},
            *(
                {"op": "remove", "path": "/authorizationScopes", "value": scope}
                for scope in method.get("authorizationScopes", [])
            ),
        ],
    )
    stack.deploy()
    token = stack.tokens("canary")["id"]
    assert stack.get(token=token).status_code == 200
    assert stack.get().status_code == 401
    apigw.get_integration(restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET")
    apigw.get_authorizers(restApiId=stack.api_id)
    apigw.get_deployments(restApiId=stack.api_id)
    stack.clients["cognito-idp"].describe_user_pool(UserPoolId=stack.pool_id)


FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fuzz_one(raw: Raw, target: Target) -> None:
    @settings(FUZZ_SETTINGS, max_examples=max(MAX_EXAMPLES // 10, 5))
    @given(body=_bodies(target))
    def fuzz(body: bytes) -> None:
        _check(target.name, target.send(raw, body))

    fuzz()


def test_fuzzed_bodies_on_every_route_and_hook_are_never_a_5xx(raw: Raw) -> None:
    """Each target in turn, each followed by the probe (redeploy and GET), then the canary:
    what a body stored must not break what comes after."""
    for target in TARGETS:
        _fuzz_one(raw, target)
        _check(f"probe after {target.name}", _redeploy_and_get(raw))
    _canary(raw.stack)


def test_fuzzed_tokens_and_bodies_on_the_data_plane_are_never_a_5xx(raw: Raw) -> None:
    stack = raw.stack

    @FUZZ_SETTINGS
    @given(
        token=st.one_of(TOKENS, CLAIMS.map(lambda claims: json.dumps(claims, allow_nan=True))),
        body=st.binary(max_size=64),
    )
    def fuzz(token: str, body: bytes) -> None:
        if token.startswith(("{", "[")) or token in ("null", "true", "false"):
            token = signed_raw_claims(token)  # a JSON payload: sign it
        answer = requests.get(
            stack.invoke_url(),
            data=body,
            headers={"Authorization": _latin1(token)},
            timeout=30,
        )
        _check("data plane", answer)

    fuzz()
    _canary(stack)


def test_fuzzed_token_endpoint_requests_are_never_a_5xx(
    raw: Raw, machine_client: MachineClient
) -> None:
    form = st.dictionaries(
        st.sampled_from(["grant_type", "client_id", "client_secret", "scope"]),
        st.one_of(st.text(max_size=20), st.just(machine_client.client_id)),
    )

    @FUZZ_SETTINGS
    @given(
        form=form,
        authorization=st.one_of(st.text(max_size=40), st.binary(max_size=30).map(repr)),
        content_type=st.sampled_from(
            ["application/x-www-form-urlencoded", "application/json", "text/plain; charset=é"]
        ),
    )
    def fuzz(form: dict[str, str], authorization: str, content_type: str) -> None:
        answer = requests.post(
            machine_client.token_url,
            data=form,
            headers={"Authorization": _latin1(authorization), "Content-Type": content_type},
            timeout=30,
        )
        _check("token endpoint", answer)

    fuzz()
    _canary(raw.stack)

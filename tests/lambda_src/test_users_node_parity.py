"""The Node.js users function (lambda_src/users_node/index.mjs) answers exactly what the Python
one (lambda_src/users/app.py) answers: same status, same headers, same body bytes, same log
line, on the recorded events of ``tests/events/`` and on the proxy events the course's calls
produce (built with ``awsrules.apigateway.proxy_event.build_proxy_event``, as the emulator's
data plane builds them, with claims rendered by ``render_claims``: docs/aws-behaviour.md
sections 3 and 4), with ``ALLOWED_ORIGIN`` unset and set (22.9). Both run in one node process
(``node_harness.mjs``); skipped only where ``node`` is not installed (CI installs it)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from awsrules.apigateway.cognito_authorizer import render_claims
from awsrules.apigateway.proxy_event import IncomingRequest, StageContext, build_proxy_event
from tests.lambda_src.harness import EVENTS, FakeContext, load_handler_module

app = load_handler_module("users")
HARNESS = Path(__file__).with_name("node_harness.mjs")
ORIGINS = (None, "", "http://localhost:8000")
"""ALLOWED_ORIGIN unset, empty (the same as unset) and set."""

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

STAGE = StageContext(
    api_id="a1b2c3d4e5",
    stage="dev",
    deployment_id="d1e2f3",
    resource_id="x1y2z3",
    resource_path="/users",
    account_id="123456789012",
    region="us-east-1",
)
ID_CLAIMS: dict[str, Any] = {
    "sub": "6f3a1c9e-2b4d-4e8f-9a7b-1c2d3e4f5a6b",
    "aud": "3n4b5urk1ft4fl3mg5e62d9ado",
    "cognito:username": "alice",
    "token_use": "id",
    "auth_time": 1784691844,
    "exp": 1784695444,
    "iat": 1784691844,
    "email_verified": True,
}


def _proxy_event(
    method: str, claims: dict[str, Any] | None, body: bytes = b"", query: str = ""
) -> dict[str, Any]:
    headers: list[tuple[str, str]] = [("Host", "127.0.0.1"), ("User-Agent", "python-requests")]
    if claims is not None:
        headers.append(("Authorization", "eyJraWQi.redacted"))
    if body:
        headers.append(("Content-Type", "application/json"))
    return build_proxy_event(
        IncomingRequest(method, "/users", query, tuple(headers), body, "127.0.0.1"),
        STAGE,
        None,
        None,
        None if claims is None else {"claims": render_claims(claims)},
        request_id="c6af9ac6-7b61-11e6-9a41-93e812345678",
        extended_request_id="AbCdEfGhIjKlMnO=",
        now=1784692372.0,
    )


def course_events() -> dict[str, dict[str, Any]]:
    """The calls of notebooks 03-08, and the inputs that probe the JSON writers."""
    admin = {**ID_CLAIMS, "cognito:groups": ["admins"]}
    return {
        "03 open API": _proxy_event("GET", None),
        "05 ID token": _proxy_event("GET", ID_CLAIMS, query="a=1&a=2&b=x+y"),
        "05 non-ASCII user": _proxy_event("GET", {**ID_CLAIMS, "cognito:username": "zoë 😀"}),
        "05 quotes and controls": _proxy_event(
            "GET", {**ID_CLAIMS, "cognito:username": 'a"b\\c\n\t\x01\x7f/'}
        ),
        "07 admin POST": _proxy_event("POST", admin, b'{"username": "bob"}'),
        "07 admin POST non-ASCII": _proxy_event("POST", admin, '{"username":"Łukasz"}'.encode()),
        "07 admin POST NaN": _proxy_event("POST", admin, b'{"username": "bob", "n": NaN}'),
        "07 admin POST not JSON": _proxy_event("POST", admin, b"username=bob"),
        "07 admin POST a list": _proxy_event("POST", admin, b'["bob"]'),
        "07 admin POST username 5": _proxy_event("POST", admin, b'{"username": 5}'),
        "07 admin POST no body": _proxy_event("POST", admin),
        "07 two groups": _proxy_event(
            "POST", {**ID_CLAIMS, "cognito:groups": ["readers", "admins"]}, b'{"username":"c"}'
        ),
        "07 reader POST": _proxy_event(
            "POST", {**ID_CLAIMS, "cognito:groups": ["readers"]}, b'{"username": "bob"}'
        ),
        "07 machine write": _proxy_event(
            "POST",
            {"client_id": "machine", "token_use": "access", "scope": "users/read  users/write"},
            b'{"username": "m"}',
        ),
        "07 machine read": _proxy_event(
            "POST", {"client_id": "machine", "token_use": "access", "scope": "users/read"}
        ),
    }


def recorded_events() -> dict[str, dict[str, Any]]:
    files = sorted(EVENTS.glob("users_*.json")) + [EVENTS / "console_test.json"]
    return {path.stem: json.loads(path.read_text()) for path in files}


ALL_EVENTS = {**recorded_events(), **course_events()}


@contextlib.contextmanager
def _allowed_origin(origin: str | None) -> Iterator[None]:
    saved = os.environ.pop("ALLOWED_ORIGIN", None)
    if origin is not None:
        os.environ["ALLOWED_ORIGIN"] = origin
    try:
        yield
    finally:
        os.environ.pop("ALLOWED_ORIGIN", None)
        if saved is not None:
            os.environ["ALLOWED_ORIGIN"] = saved


def python_answer(event: dict[str, Any], origin: str | None) -> dict[str, Any]:
    output = io.StringIO()
    with _allowed_origin(origin), contextlib.redirect_stdout(output):
        result = app.lambda_handler(json.loads(json.dumps(event)), FakeContext())
    return {"result": result, "output": output.getvalue()}


CASES = [(name, origin) for name in ALL_EVENTS for origin in ORIGINS]


@pytest.fixture(scope="module")
def node_answers() -> dict[tuple[str, str | None], dict[str, Any]]:
    """Every case answered by index.mjs, in one node process."""
    node = shutil.which("node")
    assert node is not None
    cases = [{"event": ALL_EVENTS[name], "allowed_origin": origin} for name, origin in CASES]
    done = subprocess.run(
        [node, str(HARNESS)],
        input=json.dumps({"cases": cases}),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    answers: list[dict[str, Any]] = json.loads(done.stdout)
    return dict(zip(CASES, answers, strict=True))


def _as_wire(answer: dict[str, Any]) -> tuple[Any, list[tuple[str, str]], str, str]:
    """Status, headers in order, body bytes and log output: what a client and the logs see."""
    result = answer["result"]
    return (
        result["statusCode"],
        list(result["headers"].items()),
        result["body"],
        answer["output"],
    )


@needs_node
@pytest.mark.parametrize(("name", "origin"), CASES)
def test_node_function_answers_the_python_functions_bytes(
    name: str, origin: str | None, node_answers: dict[tuple[str, str | None], dict[str, Any]]
) -> None:
    node = node_answers[(name, origin)]

    assert (list(node["result"]), _as_wire(node)) == (
        list(python_answer(ALL_EVENTS[name], origin)["result"]),
        _as_wire(python_answer(ALL_EVENTS[name], origin)),
    )


@needs_node
def test_node_function_sends_allowed_origin_when_set_docs_22_9(
    node_answers: dict[tuple[str, str | None], dict[str, Any]],
) -> None:
    headers = node_answers[("07 reader POST", "http://localhost:8000")]["result"]["headers"]

    assert headers == {
        "Content-Type": "application/json",
        "Access-Control-Allow-Origin": "http://localhost:8000",
    }


@needs_node
def test_node_function_sends_no_cors_header_when_allowed_origin_is_empty(
    node_answers: dict[tuple[str, str | None], dict[str, Any]],
) -> None:
    headers = node_answers[("03 open API", "")]["result"]["headers"]

    assert headers == {"Content-Type": "application/json"}


def test_python_function_sends_allowed_origin_when_set_docs_22_9() -> None:
    headers = python_answer(ALL_EVENTS["users_anonymous"], "https://app.example")["result"][
        "headers"
    ]

    assert headers == {
        "Content-Type": "application/json",
        "Access-Control-Allow-Origin": "https://app.example",
    }


def test_python_function_without_allowed_origin_sends_the_tutorial_headers() -> None:
    headers = python_answer(ALL_EVENTS["users_post_admin"], None)["result"]["headers"]

    assert headers == {"Content-Type": "application/json"}

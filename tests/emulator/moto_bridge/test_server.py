"""emulator/moto_bridge/server.py: moto's WSGI application, its request handler, and ``call``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
from moto import mock_aws
from werkzeug.test import EnvironBuilder

from emulator.answers import Answer
from emulator.moto_bridge import server as moto_server

# moto's server tells the service from the credential scope of the signature.
AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/apigateway/aws4_request, "
    "SignedHeaders=host, Signature=0"
)


def environ(method: str, path: str, body: bytes = b"") -> dict[str, Any]:
    """A WSGI environ for an API Gateway control-plane request, as the emulator receives it."""
    headers = [("Authorization", AUTHORIZATION), ("Content-Type", "application/json")]
    return EnvironBuilder(method=method, path=path, headers=headers, data=body).get_environ()


def direct(env: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """moto's own answer to a request: (status line, headers, body)."""
    captured: dict[str, Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], *args: Any
    ) -> Callable[..., Any]:
        captured["status"], captured["headers"] = status, headers
        return lambda _data: None

    body = b"".join(moto_server.wsgi_app()(env, start_response))
    return captured["status"], captured["headers"], body


def without_request_id(headers: Any) -> list[tuple[str, str]]:
    """moto makes a new request id for every answer."""
    return [(k, v) for k, v in headers if k.lower() != "x-amzn-requestid"]


def test_wsgi_app_is_made_once_per_process() -> None:
    assert moto_server.wsgi_app() is moto_server.wsgi_app()


@mock_aws
def test_wsgi_app_answers_a_control_plane_request() -> None:
    boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="x")
    status, _, body = direct(environ("GET", "/restapis"))
    assert (status, [item["name"] for item in json.loads(body)["item"]]) == ("200 OK", ["x"])


@mock_aws
def test_call_returns_an_answer_with_moto_status_and_body() -> None:
    api_id = boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="x")["id"]
    answer = moto_server.call(environ("GET", f"/restapis/{api_id}"), b"")
    assert isinstance(answer, Answer)
    assert (answer.status, answer.json()["id"], answer.json()["name"]) == (200, api_id, "x")


@mock_aws
def test_call_returns_moto_headers_without_content_length() -> None:
    _, moto_headers, _ = direct(environ("GET", "/restapis/nope"))
    answer = moto_server.call(environ("GET", "/restapis/nope"), b"")
    expected = [(k, v) for k, v in moto_headers if k.lower() != "content-length"]
    assert without_request_id(answer.headers) == without_request_id(expected)


@mock_aws
def test_moto_itself_sends_content_length() -> None:
    """The test above would pass vacuously if moto sent no Content-Length."""
    _, moto_headers, _ = direct(environ("GET", "/restapis/nope"))
    assert "content-length" in [k.lower() for k, _ in moto_headers]


@mock_aws
def test_call_of_an_unknown_api_returns_moto_404_not_found_exception() -> None:
    answer = moto_server.call(environ("GET", "/restapis/nope"), b"")
    assert (answer.status, answer.header("X-Amzn-ErrorType"), answer.json()) == (
        404,
        "NotFoundException",
        {"__type": "NotFoundException", "message": "Invalid Rest API Id specified"},
    )


@mock_aws
def test_call_sends_the_given_body_instead_of_the_request_body() -> None:
    env = environ("POST", "/restapis", json.dumps({"name": "ignored"}).encode())
    answer = moto_server.call(env, json.dumps({"name": "given"}).encode())
    apis = boto3.client("apigateway", region_name="us-east-1").get_rest_apis()["items"]
    names = [api["name"] for api in apis]
    assert (answer.status, answer.json()["name"], names) == (200, "given", ["given"])


@mock_aws
def test_warm_up_loads_every_course_service_backend() -> None:
    from moto.apigateway.models import apigateway_backends
    from moto.awslambda.models import lambda_backends
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.iam.models import iam_backends
    from moto.logs.models import logs_backends

    from emulator.moto_bridge import ACCOUNT_ID

    moto_server.warm_up("eu-west-3")
    regional = (apigateway_backends, lambda_backends, cognitoidp_backends, logs_backends)
    assert all("eu-west-3" in backends[ACCOUNT_ID] for backends in regional)
    assert ACCOUNT_ID in iam_backends

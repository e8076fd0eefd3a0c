"""The Lambda proxy integration against AWS's recordings in LocalStack's
``test_apigateway_lambda.snapshot.json`` (``test_lambda_aws_proxy_integration``,
``test_lambda_aws_proxy_integration_non_post_method``) and the binary media type rules
(docs/aws-behaviour.md 3.4, 3.11, 3.13, 4.8, 5.10, 9.8, 13.4)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.emulator.conftest import ACCOUNT, REGION, Stack

ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/apigateway-invokes-lambda"


@dataclass
class Proxy:
    """``/{proxy+}`` ANY on the stack's API, its integration calling the echo function."""

    stack: Stack
    resource_id: str

    def integrate(self, *, credentials: str | None, integration_method: str = "POST") -> None:
        apigw, stack = self.stack.clients["apigateway"], self.stack
        extra = {"credentials": credentials} if credentials else {}
        apigw.put_integration(
            restApiId=stack.api_id,
            resourceId=self.resource_id,
            httpMethod="ANY",
            type="AWS_PROXY",
            integrationHttpMethod=integration_method,
            uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
            f"{stack.function_arn}/invocations",
            **extra,
        )
        stack.deploy()

    def raw_get(self, raw_path: str, headers: list[tuple[str, str]]) -> tuple[int, Any]:
        """GET with the path sent byte for byte and each header line as given."""
        url = urlsplit(self.stack.invoke_url(raw_path))
        connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=15)
        connection.putrequest("GET", url.path + (f"?{url.query}" if url.query else ""))
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, json.loads(body)


@pytest.fixture
def proxy(stack: Stack) -> Proxy:
    apigw = stack.clients["apigateway"]
    root_id = next(
        r["id"] for r in apigw.get_resources(restApiId=stack.api_id)["items"] if r["path"] == "/"
    )
    resource_id = apigw.create_resource(
        restApiId=stack.api_id, parentId=root_id, pathPart="{proxy+}"
    )["id"]
    apigw.put_method(
        restApiId=stack.api_id, resourceId=resource_id, httpMethod="ANY", authorizationType="NONE"
    )
    return Proxy(stack, resource_id)


@pytest.fixture
def proxied(proxy: Proxy) -> Proxy:
    """The recorded setup: the integration has ``credentials`` and the function no
    resource-based permission for ``/{proxy+}``."""
    proxy.integrate(credentials=ROLE_ARN)
    return proxy


# --- who may call the function ----------------------------------------------------------------


def test_an_integration_with_credentials_invokes_without_a_resource_policy_recorded(
    proxied: Proxy,
) -> None:
    assert proxied.stack.get("/test-path").status_code == 200


def test_an_integration_without_credentials_or_permission_is_500(proxy: Proxy) -> None:
    proxy.integrate(credentials=None)
    response = proxy.stack.get("/test-path")
    assert (response.status_code, response.text) == (500, '{"message": "Internal server error"}')


def test_integration_http_method_get_answers_500_recorded(proxy: Proxy) -> None:
    proxy.integrate(credentials=ROLE_ARN, integration_method="GET")
    response = proxy.stack.get("/test-path")
    assert (response.status_code, response.json(), response.headers["x-amzn-ErrorType"]) == (
        500,
        {"message": "Internal server error"},
        "InternalServerErrorException",
    )


# --- what the function receives ---------------------------------------------------------------


def test_header_names_reach_the_function_as_sent_recorded(proxied: Proxy) -> None:
    status, event = proxied.raw_get("/test-path", [("tEsT-HEADeR", "aValUE")])
    assert (status, event["headers"]["tEsT-HEADeR"], event["multiValueHeaders"]["tEsT-HEADeR"]) == (
        200,
        "aValUE",
        ["aValUE"],
    )


def test_authorization_and_user_agent_are_spelt_canonically_recorded(proxied: Proxy) -> None:
    _, event = proxied.raw_get(
        "/test-path", [("authorization", "random-value"), ("user-Agent", "test/integration")]
    )
    assert (event["headers"]["Authorization"], event["headers"]["User-Agent"]) == (
        "random-value",
        "test/integration",
    )


def test_a_repeated_header_keeps_every_value_in_multi_value_headers_proxy_guide(
    proxied: Proxy,
) -> None:
    _, event = proxied.raw_get("/test-path", [("X-Tag", "a"), ("X-Tag", "b")])
    assert (event["headers"]["X-Tag"], event["multiValueHeaders"]["X-Tag"]) == ("b", ["a", "b"])


def test_api_gateway_adds_trace_and_forwarded_headers_recorded(proxied: Proxy) -> None:
    _, event = proxied.raw_get("/test-path", [])
    headers = event["headers"]
    assert (
        headers["X-Amzn-Trace-Id"].startswith("Root=1-"),
        headers["X-Forwarded-For"],
        headers["X-Forwarded-Proto"],
        headers["X-Forwarded-Port"] == str(urlsplit(proxied.stack.url).port),
    ) == (True, "127.0.0.1", "http", True)


def test_path_and_path_parameters_keep_percent_2b_recorded(proxied: Proxy) -> None:
    sent = "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
    _, event = proxied.raw_get(sent, [])
    assert (event["path"], event["pathParameters"]["proxy"], event["requestContext"]["path"]) == (
        sent,
        sent.removeprefix("/"),
        f"/dev{sent}",
    )


# --- binary media types -----------------------------------------------------------------------


def add_binary_media_type(stack: Stack, media_type: str) -> None:
    stack.clients["apigateway"].update_rest_api(
        restApiId=stack.api_id,
        patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes/" + media_type.replace("/", "~1")}
        ],
    )
    stack.deploy()


def test_a_base64_body_is_returned_as_text_without_binary_media_types_rust_runtime_667(
    proxied: Proxy,
) -> None:
    response = proxied.stack.get("/x", params={"mode": "base64"}, headers={"Accept": "image/png"})
    assert response.content == b"aGVsbG8="


def test_a_base64_body_is_decoded_for_an_accepted_binary_media_type_ministack_767(
    proxied: Proxy,
) -> None:
    add_binary_media_type(proxied.stack, "image/png")
    response = proxied.stack.get("/x", params={"mode": "base64"}, headers={"Accept": "image/png"})
    assert response.content == b"hello"


def test_a_request_body_of_a_binary_media_type_is_base64_encoded_ministack_767(
    proxied: Proxy,
) -> None:
    add_binary_media_type(proxied.stack, "image/*")
    response = requests.post(
        proxied.stack.invoke_url("/upload"),
        data=b"hello",
        headers={"Content-Type": "image/png"},
        timeout=15,
    )
    event = response.json()
    assert (event["body"], event["isBase64Encoded"]) == ("aGVsbG8=", True)


def test_create_rest_api_keeps_binary_media_types_doc(stack: Stack) -> None:
    apigw = stack.clients["apigateway"]
    api_id = apigw.create_rest_api(name="binary", binaryMediaTypes=["image/png"])["id"]
    assert apigw.get_rest_api(restApiId=api_id)["binaryMediaTypes"] == ["image/png"]

"""The emulator and helpers.diagnose pick the same resource for a path, because both use
awsrules.apigateway.routing (docs/aws-behaviour.md section 9): the ambiguous case
(``/a/{x}/c`` and ``/a/b/{y}`` for ``/a/b/c``), percent-encoded paths, and a verb the most
specific resource lacks (9.7)."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
import requests

from awsrules.apigateway.routing import serving
from helpers.diagnose import match_route
from tests.emulator.conftest import ACCOUNT, REGION, Stack

TEMPLATES = ("/a/{x}/c", "/a/b/{y}", "/users/{id}")


def add_resource(stack: Stack, path: str) -> None:
    apigw = stack.clients["apigateway"]
    resources = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=stack.api_id)["items"]}
    parent = "/"
    for part in path.strip("/").split("/"):
        here = f"{parent.rstrip('/')}/{part}"
        if here not in resources:
            created = apigw.create_resource(
                restApiId=stack.api_id, parentId=resources[parent], pathPart=part
            )
            resources[here] = created["id"]
        parent = here
    apigw.put_method(
        restApiId=stack.api_id,
        resourceId=resources[path],
        httpMethod="GET",
        authorizationType="NONE",
    )
    apigw.put_integration(
        restApiId=stack.api_id,
        resourceId=resources[path],
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{stack.function_arn}/invocations",
    )


@pytest.fixture
def routed(stack: Stack) -> Stack:
    for path in TEMPLATES:
        add_resource(stack, path)
    stack.clients["lambda"].add_permission(
        FunctionName=stack.function_name,
        StatementId="any-get",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{stack.api_id}/*/GET/*",
    )
    stack.deploy()
    return stack


def emulator_resource(stack: Stack, raw_path: str) -> str | None:
    """The resource the emulator routed ``raw_path`` to (sent byte for byte), or None (403)."""
    url = urlsplit(stack.invoke_url(raw_path))
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=15)
    connection.request("GET", url.path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status == 403:
        return None
    assert response.status == 200, body
    resource: str = json.loads(body)["resource"]
    return resource


def templates_of(stack: Stack) -> list[str]:
    items = stack.clients["apigateway"].get_resources(restApiId=stack.api_id)["items"]
    return [str(item["path"]) for item in items]


@pytest.mark.parametrize(
    "raw_path",
    ["/a/b/c", "/a/z/c", "/a/b/z", "/%75sers", "/users/%2F7", "/users/%257", "/%2575sers"],
)
def test_emulator_and_diagnose_route_a_path_to_the_same_resource(
    routed: Stack, raw_path: str
) -> None:
    assert emulator_resource(routed, raw_path) == match_route(templates_of(routed), raw_path)


def test_a_literal_part_wins_the_ambiguous_path(routed: Stack) -> None:
    assert emulator_resource(routed, "/a/b/c") == "/a/b/{y}"


def test_a_double_encoded_path_is_decoded_once(routed: Stack) -> None:
    assert emulator_resource(routed, "/%2575sers") is None


@pytest.fixture
def preflight(stack: Stack) -> Stack:
    """``/users`` has GET only; ``/{proxy+}`` has OPTIONS."""
    apigw = stack.clients["apigateway"]
    root_id = next(
        r["id"] for r in apigw.get_resources(restApiId=stack.api_id)["items"] if r["path"] == "/"
    )
    proxy_id = apigw.create_resource(restApiId=stack.api_id, parentId=root_id, pathPart="{proxy+}")[
        "id"
    ]
    apigw.put_method(
        restApiId=stack.api_id, resourceId=proxy_id, httpMethod="OPTIONS", authorizationType="NONE"
    )
    apigw.put_integration(
        restApiId=stack.api_id,
        resourceId=proxy_id,
        httpMethod="OPTIONS",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
        f"{stack.function_arn}/invocations",
    )
    stack.clients["lambda"].add_permission(
        FunctionName=stack.function_name,
        StatementId="any-options",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{stack.api_id}/*/OPTIONS/*",
    )
    stack.deploy()
    return stack


def test_options_without_an_options_method_reaches_the_proxy_sibling_ministack_pr_1423(
    preflight: Stack,
) -> None:
    response = requests.options(preflight.invoke_url("/users"), timeout=15)
    assert (response.status_code, response.json()["resource"]) == (200, "/{proxy+}")


def test_diagnose_agrees_on_the_proxy_sibling_for_options(preflight: Stack) -> None:
    apigw = preflight.clients["apigateway"]
    resources = {
        r["path"]: r.get("resourceMethods") or {}
        for r in apigw.get_resources(restApiId=preflight.api_id, embed=["methods"])["items"]
    }
    assert match_route(list(resources), "/users", serving(resources, "OPTIONS")) == "/{proxy+}"

"""helpers.cors.enable_cors: the console's "Enable CORS" (doc: "Enable CORS for a REST API
resource", https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors-console.html;
docs/aws-behaviour.md section 22), on the emulator and, with botocore's Stubber, on AWS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from helpers import apigateway, cognito, cognito_authorizer, cors, diagnose
from helpers.apigateway import RestApi
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from tests.course import OpenApi

ORIGIN = "http://localhost:8000"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}


@pytest.fixture
def protected(wb: Workbook, open_api: OpenApi) -> OpenApi:
    """GET /users behind the Cognito authorizer, deployed (04_cognito_authorizer)."""
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, open_api.api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, open_api.api.id, open_api.users_id, authorizer.id)
    apigateway.create_deployment(wb, open_api.api.id, "secured")
    return open_api


def cors_headers(response: requests.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control")}


def test_before_enable_cors_the_preflight_is_403_and_the_401_has_no_allow_origin(
    wb: Workbook, protected: OpenApi
) -> None:
    url = apigateway.invoke_url(wb, protected.api.id)
    preflight = requests.options(url, headers=PREFLIGHT, timeout=15)
    get = requests.get(url, headers={"Origin": ORIGIN}, timeout=15)
    assert (preflight.status_code, cors_headers(preflight), get.status_code, cors_headers(get)) == (
        403,
        {},
        401,
        {},
    )


def test_after_enable_cors_and_redeploy_preflight_is_200_and_tokenless_get_401_has_allow_origin(
    wb: Workbook, protected: OpenApi
) -> None:
    setup = cors.enable_cors(
        wb, protected.api, resource_path=wb.names.resource_path, allowed_origin=ORIGIN
    )
    apigateway.create_deployment(wb, protected.api.id, "cors")
    url = apigateway.invoke_url(wb, protected.api.id)
    preflight = requests.options(url, headers=PREFLIGHT, timeout=15)
    get = requests.get(url, headers={"Origin": ORIGIN}, timeout=15)
    assert (
        preflight.status_code,
        cors_headers(preflight),
        preflight.content,
        get.status_code,
        get.text,
        get.headers.get("Access-Control-Allow-Origin"),
    ) == (200, setup.preflight_headers(), b"", 401, '{"message":"Unauthorized"}', ORIGIN)


def test_enable_cors_changes_nothing_until_redeploy_doc_deployments(
    wb: Workbook, protected: OpenApi
) -> None:
    cors.enable_cors(wb, protected.api, resource_path=wb.names.resource_path, allowed_origin="*")
    url = apigateway.invoke_url(wb, protected.api.id)
    assert requests.options(url, headers=PREFLIGHT, timeout=15).status_code == 403


def method_state(wb: Workbook, api_id: str, resource_id: str) -> dict[str, Any]:
    client = wb.client("apigateway")
    method = client.get_method(restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS")
    responses = client.get_gateway_responses(restApiId=api_id)["items"]
    return {
        "method": {k: v for k, v in method.items() if k != "ResponseMetadata"},
        "gateway": sorted((r["responseType"], str(r.get("responseParameters"))) for r in responses),
    }


def test_enable_cors_twice_is_idempotent(wb: Workbook, protected: OpenApi) -> None:
    path = wb.names.resource_path
    first = cors.enable_cors(wb, protected.api, resource_path=path, allowed_origin=ORIGIN)
    once = method_state(wb, protected.api.id, first.resource_id)
    second = cors.enable_cors(wb, protected.api, resource_path=path, allowed_origin=ORIGIN)
    apigateway.create_deployment(wb, protected.api.id, "cors twice")
    url = apigateway.invoke_url(wb, protected.api.id)
    preflight = requests.options(url, headers=PREFLIGHT, timeout=15)
    assert (
        second,
        method_state(wb, protected.api.id, first.resource_id),
        preflight.status_code,
    ) == (
        first,
        once,
        200,
    )


# --- the AWS backend, offline ----------------------------------------------------------

AWS_CONFIG = WorkbookConfig(
    backend="aws", region="eu-west-1", prefix="alice", emulator_url="http://127.0.0.1:4577"
)
API = RestApi(id="a1b2c3d4e5", name="alice-users-api", root_resource_id="root1")
WHERE = {"restApiId": API.id, "resourceId": "res123", "httpMethod": "OPTIONS"}
HEADERS = {
    "Access-Control-Allow-Headers": cors.DEFAULT_ALLOWED_HEADERS,
    "Access-Control-Allow-Methods": "GET,OPTIONS",
    "Access-Control-Allow-Origin": ORIGIN,
}


@pytest.fixture
def aws_wb() -> Workbook:
    """A Workbook on the AWS backend whose calls never leave (Stubber answers before signing)."""
    return Workbook(AWS_CONFIG, boto3.Session(region_name="eu-west-1"))


@pytest.fixture
def stubbed(aws_wb: Workbook) -> Iterator[Stubber]:
    with Stubber(aws_wb.client("apigateway")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def expect_console_calls(stubbed: Stubber, put_method_error: str | None = None) -> None:
    stubbed.add_response(
        "get_resources",
        {"items": [{"id": "root1", "path": "/"}, {"id": "res123", "path": "/users"}]},
        {"restApiId": API.id},
    )
    if put_method_error is None:
        stubbed.add_response(
            "put_method",
            {"httpMethod": "OPTIONS", "authorizationType": "NONE"},
            {**WHERE, "authorizationType": "NONE"},
        )
    else:
        stubbed.add_client_error(
            "put_method",
            "ConflictException",
            put_method_error,
            409,
            expected_params={**WHERE, "authorizationType": "NONE"},
        )
        stubbed.add_response(
            "get_method", {"httpMethod": "OPTIONS", "authorizationType": "NONE"}, WHERE
        )
    stubbed.add_response(
        "put_integration",
        {"type": "MOCK"},
        {
            **WHERE,
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "passthroughBehavior": "WHEN_NO_MATCH",
        },
    )
    stubbed.add_response(
        "put_method_response",
        {"statusCode": "200"},
        {
            **WHERE,
            "statusCode": "200",
            "responseParameters": {f"method.response.header.{h}": False for h in HEADERS},
            "responseModels": {"application/json": "Empty"},
        },
    )
    stubbed.add_response(
        "put_integration_response",
        {"statusCode": "200"},
        {
            **WHERE,
            "statusCode": "200",
            "responseParameters": {
                f"method.response.header.{h}": f"'{v}'" for h, v in HEADERS.items()
            },
            "responseTemplates": {"application/json": ""},
        },
    )
    for response_type in ("DEFAULT_4XX", "DEFAULT_5XX"):
        stubbed.add_response(
            "put_gateway_response",
            {"responseType": response_type},
            {
                "restApiId": API.id,
                "responseType": response_type,
                "responseParameters": {
                    "gatewayresponse.header.Access-Control-Allow-Origin": f"'{ORIGIN}'",
                    "gatewayresponse.header.Access-Control-Allow-Headers": (
                        f"'{cors.DEFAULT_ALLOWED_HEADERS}'"
                    ),
                },
            },
        )


def test_enable_cors_makes_exactly_the_consoles_calls_on_aws_doc_enable_cors(
    aws_wb: Workbook, stubbed: Stubber
) -> None:
    expect_console_calls(stubbed)
    setup = cors.enable_cors(aws_wb, API, resource_path="/users", allowed_origin=ORIGIN)
    assert setup.preflight_headers() == HEADERS


def test_an_existing_options_method_is_kept_on_aws_recorded_conflict(
    aws_wb: Workbook, stubbed: Stubber
) -> None:
    expect_console_calls(stubbed, "Method already exists for this resource")
    setup = cors.enable_cors(aws_wb, API, resource_path="/users", allowed_origin=ORIGIN)
    assert setup.resource_id == "res123"


def test_another_conflict_is_raised_on_aws(aws_wb: Workbook, stubbed: Stubber) -> None:
    stubbed.add_response(
        "get_resources", {"items": [{"id": "res123", "path": "/users"}]}, {"restApiId": API.id}
    )
    stubbed.add_client_error(
        "put_method", "BadRequestException", "Invalid Resource identifier specified", 400
    )
    with pytest.raises(ClientError, match="Invalid Resource identifier"):
        cors.enable_cors(aws_wb, API, resource_path="/users", allowed_origin=ORIGIN)


# --- diagnose: what the browser's CORS error really is (22.9) ------------------------------


def test_a_guarded_preflight_is_explained_as_really_a_401() -> None:
    explained = diagnose.explain_cors_failure(401, {"Content-Type": "application/json"})
    assert explained is not None and explained.startswith(
        "The CORS error is really a 401 and a guarded preflight"
    )


def test_a_401_without_allow_origin_after_a_good_preflight_is_explained() -> None:
    explained = diagnose.explain_cors_failure(
        200, {"Access-Control-Allow-Origin": "*"}, 401, {"x-amzn-ErrorType": "Unauthorized"}
    )
    assert explained is not None and explained.startswith("The CORS error is really a 401:")


def test_a_readable_401_is_not_a_cors_failure() -> None:
    assert (
        diagnose.explain_cors_failure(
            200, {"Access-Control-Allow-Origin": "*"}, 401, {"access-control-allow-origin": "*"}
        )
        is None
    )


def test_a_browser_failure_explained_from_the_emulators_real_preflight(
    wb: Workbook, protected: OpenApi
) -> None:
    url = apigateway.invoke_url(wb, protected.api.id)
    preflight = requests.options(url, headers=PREFLIGHT, timeout=15)
    explained = diagnose.explain_cors_failure(preflight.status_code, dict(preflight.headers))
    assert explained is not None and "really a 403 and a guarded preflight" in explained

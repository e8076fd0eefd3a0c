"""API Gateway's control-plane quotas: 429 TooManyRequestsException over them
(docs/aws-behaviour.md 21.9, source: "Amazon API Gateway quotas")."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import (
    APIGATEWAY_QUOTAS,
    APIGATEWAY_TOTAL,
    DEPLOYMENT_PROPAGATION,
)
from emulator.process import auth_for
from tests.emulator.consistency.conftest import (
    Eventual,
    EventualStack,
    error_code,
    error_codes,
    wait_until,
)

JSON_BODY = {"Content-Type": "application/json"}


def quota(name: str) -> Any:
    return next(row for row in APIGATEWAY_QUOTAS if row.name == name)


def create_rest_api(eventual: Eventual, endpoint: list[str] | None) -> str:
    config = {"endpointConfiguration": {"types": endpoint}} if endpoint else {}
    apigw = eventual.client("apigateway")
    return str(apigw.create_rest_api(name=f"api-{uuid.uuid4().hex[:8]}", **config)["id"])


def test_second_create_deployment_within_5_s_answers_429_too_many_requests_doc(
    eventual_stack: EventualStack,
) -> None:
    eventual_stack.deploy()
    with pytest.raises(ClientError) as refused:
        eventual_stack.deploy()
    response = refused.value.response
    assert (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"],
        "retry-after" in response["ResponseMetadata"]["HTTPHeaders"],
    ) == (429, "TooManyRequestsException", "Too Many Requests", "TooManyRequestsException", False)


def test_too_many_requests_body_is_api_gateways_recorded(eventual_stack: EventualStack) -> None:
    url = f"{eventual_stack.eventual.url}/restapis/{eventual_stack.api_id}/deployments"
    requests.post(
        url,
        json={"stageName": "dev"},
        headers=JSON_BODY,
        auth=auth_for(url, "apigateway"),
        timeout=10,
    )
    response = requests.post(
        url,
        json={"stageName": "dev"},
        headers=JSON_BODY,
        auth=auth_for(url, "apigateway"),
        timeout=10,
    )
    assert (response.status_code, response.text) == (429, '{"message":"Too Many Requests"}')


def test_create_deployment_is_accepted_again_after_its_window(
    eventual_stack: EventualStack,
) -> None:
    eventual_stack.deploy()
    assert wait_until(
        lambda: error_code(eventual_stack.deploy) is None,
        within=eventual_stack.eventual.deadline(DEPLOYMENT_PROPAGATION),
    )


def test_regional_create_rest_api_is_one_every_3_s_doc(eventual: Eventual) -> None:
    create_rest_api(eventual, ["REGIONAL"])
    assert error_code(lambda: create_rest_api(eventual, ["REGIONAL"])) == (
        "TooManyRequestsException"
    )


def test_edge_create_rest_api_the_default_is_one_every_30_s_doc(eventual: Eventual) -> None:
    create_rest_api(eventual, None)
    eventual.advance(eventual.window(quota("CreateRestApi (regional or private)")))
    assert error_code(lambda: create_rest_api(eventual, ["EDGE"])) == "TooManyRequestsException"


def test_delete_rest_api_is_one_every_30_s_doc(eventual: Eventual) -> None:
    first = create_rest_api(eventual, ["REGIONAL"])
    eventual.advance(eventual.window(quota("CreateRestApi (regional or private)")))
    second = create_rest_api(eventual, ["REGIONAL"])
    apigw = eventual.client("apigateway")
    apigw.delete_rest_api(restApiId=first)
    assert error_code(lambda: apigw.delete_rest_api(restApiId=second)) == (
        "TooManyRequestsException"
    )


def test_other_operations_only_count_toward_the_total_burst_of_40_doc(
    eventual_stack: EventualStack,
) -> None:
    apigw = eventual_stack.eventual.client("apigateway")

    def get_method() -> object:
        return apigw.get_method(
            restApiId=eventual_stack.api_id, resourceId=eventual_stack.resource_id, httpMethod="GET"
        )

    assert [error_code(get_method) for _ in range(20)] == [None] * 20


def test_every_call_counts_toward_the_total_burst_of_40_doc(stretched: Eventual) -> None:
    apigw = stretched.client("apigateway")
    calls = error_codes(apigw.get_rest_apis, times=APIGATEWAY_TOTAL.burst + 1)
    assert calls == [None] * APIGATEWAY_TOTAL.burst + ["TooManyRequestsException"]

"""API Gateway helpers against the session's emulator: get-or-create and the redeploy lesson."""

from __future__ import annotations

import pytest

from helpers import apigateway, cognito, cognito_authorizer, http
from helpers.backend import Workbook
from helpers.config import workbook_tags
from helpers.errors import WorkbookError
from tests.course import OpenApi


def test_create_rest_api_twice_makes_one_api(wb: Workbook) -> None:
    first = apigateway.create_rest_api(wb)
    assert apigateway.create_rest_api(wb) == first
    assert [f.api.id for f in apigateway.rest_apis_named(wb, wb.names.rest_api)] == [first.id]


def test_two_apis_with_the_workbook_name_are_reported_not_guessed(wb: Workbook) -> None:
    for _ in range(2):
        wb.client("apigateway").create_rest_api(
            name=wb.names.rest_api, tags=workbook_tags(wb.prefix)
        )
    with pytest.raises(
        WorkbookError, match=r"There are 2 REST APIs named .*Run notebook 99_cleanup"
    ):
        apigateway.find_rest_api(wb)


def test_rest_api_is_regional_and_tagged(wb: Workbook) -> None:
    api = wb.client("apigateway").get_rest_api(restApiId=apigateway.create_rest_api(wb).id)
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert api["tags"] == {"workbook": "cognito-authorizer", "workbook-prefix": wb.prefix}


def test_create_resource_twice_makes_one_resource(wb: Workbook) -> None:
    api = apigateway.create_rest_api(wb)
    assert apigateway.create_resource(wb, api) == apigateway.create_resource(wb, api)


def test_invoke_url_on_the_emulator_is_the_user_request_form(wb: Workbook) -> None:
    assert apigateway.invoke_url(wb, "abc1234567") == (
        f"{wb.endpoint_url}/restapis/abc1234567/dev/_user_request_/users"
    )


def test_test_invoke_method_answers_without_a_deployment(wb: Workbook, open_api: OpenApi) -> None:
    api, users_id = open_api.api, open_api.users_id
    result = apigateway.test_invoke_method(wb, api.id, users_id)
    assert (result.status, result.body) == (200, '"Testing Lambda from API Gateway"')


def test_open_api_answers_200_with_the_tutorial_body(wb: Workbook, open_api: OpenApi) -> None:
    response = http.call_api(apigateway.invoke_url(wb, open_api.api.id))
    assert (response.status, response.body) == (200, "Testing Lambda from API Gateway")


def test_attached_authorizer_takes_effect_only_after_redeploying(
    wb: Workbook, open_api: OpenApi
) -> None:
    api, users_id = open_api.api, open_api.users_id
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn)
    method = cognito_authorizer.attach_authorizer(wb, api.id, users_id, authorizer.id)
    assert (method.authorization_type, method.authorizer_id) == (
        "COGNITO_USER_POOLS",
        authorizer.id,
    )
    url = apigateway.invoke_url(wb, api.id)
    assert http.call_api(url).status == 200
    apigateway.create_deployment(wb, api.id, "protected")
    after = http.call_api(url)
    assert (after.status, after.body, after.error_type) == (
        401,
        {"message": "Unauthorized"},
        "UnauthorizedException",
    )


def test_create_cognito_authorizer_twice_makes_one(wb: Workbook) -> None:
    api = apigateway.create_rest_api(wb)
    pool = cognito.create_user_pool(wb)
    first = cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn)
    assert cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn) == first
    assert (first.type, first.identity_source) == (
        "COGNITO_USER_POOLS",
        "method.request.header.Authorization",
    )


def test_put_method_resets_an_attached_authorizer_to_none(wb: Workbook, open_api: OpenApi) -> None:
    api, users_id = open_api.api, open_api.users_id
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, api.id, users_id, authorizer.id)
    method = apigateway.put_method(wb, api.id, users_id)
    assert (method.authorization_type, method.authorizer_id) == ("NONE", None)


def test_put_lambda_integration_is_aws_proxy_with_post(wb: Workbook, open_api: OpenApi) -> None:
    api, users_id = open_api.api, open_api.users_id
    integration = apigateway.get_integration(wb, api.id, users_id)
    assert integration is not None
    assert (integration.type, integration.http_method) == ("AWS_PROXY", "POST")
    assert integration.uri.endswith(f":function:{wb.names.function}/invocations")


def test_get_integration_of_a_method_without_one_is_none(wb: Workbook) -> None:
    api = apigateway.create_rest_api(wb)
    users_id = apigateway.create_resource(wb, api)
    apigateway.put_method(wb, api.id, users_id)
    assert apigateway.get_integration(wb, api.id, users_id) is None

"""PutMethod's refusals and UpdateMethod's patch, as recorded from AWS in LocalStack's
``test_apigateway_api.snapshot.json`` (``test_put_method_validation``, ``test_update_method``,
``test_update_method_validation``; docs/aws-behaviour.md 15.1, 15.7-15.10)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.emulator.conftest import Stack

INVALID_AUTHORIZER = (
    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
    "COGNITO_USER_POOLS requires a valid authorizer."
)


def update(stack: Stack, *operations: dict[str, str]) -> dict[str, Any]:
    answer: dict[str, Any] = stack.clients["apigateway"].update_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="GET",
        patchOperations=list(operations),
    )
    return answer


def refused(stack: Stack, *operations: dict[str, str]) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        update(stack, *operations)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def get_method(stack: Stack) -> dict[str, Any]:
    method: dict[str, Any] = stack.clients["apigateway"].get_method(
        restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="GET"
    )
    return method


def put_method_error(stack: Stack, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].put_method(
            restApiId=stack.api_id, resourceId=stack.resource_id, httpMethod="POST", **kwargs
        )
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


# --- PutMethod --------------------------------------------------------------------------------


@pytest.mark.parametrize("authorization_type", ["CUSTOM", "COGNITO_USER_POOLS"])
def test_put_method_needing_an_authorizer_without_one_is_bad_request_recorded(
    shared_stack: Stack, authorization_type: str
) -> None:
    assert put_method_error(shared_stack, authorizationType=authorization_type) == (
        "BadRequestException",
        INVALID_AUTHORIZER,
    )


def test_put_method_with_an_unknown_authorizer_is_bad_request_recorded(shared_stack: Stack) -> None:
    assert put_method_error(shared_stack, authorizationType="CUSTOM", authorizerId="nope") == (
        "BadRequestException",
        INVALID_AUTHORIZER,
    )


def test_put_method_with_an_unknown_request_validator_is_bad_request_recorded(
    shared_stack: Stack,
) -> None:
    assert put_method_error(shared_stack, authorizationType="NONE", requestValidatorId="nope") == (
        "BadRequestException",
        "Invalid Request Validator identifier specified",
    )


def test_put_method_with_an_unknown_model_is_bad_request_recorded(shared_stack: Stack) -> None:
    assert put_method_error(
        shared_stack, authorizationType="NONE", requestModels={"application/json": "petModel"}
    ) == ("BadRequestException", "Invalid model identifier specified: petModel")


def test_put_method_with_a_valid_authorizer_is_created(stack: Stack) -> None:
    method = stack.clients["apigateway"].put_method(
        restApiId=stack.api_id,
        resourceId=stack.resource_id,
        httpMethod="POST",
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=stack.authorizer_id,
    )
    assert method["authorizerId"] == stack.authorizer_id


# --- UpdateMethod: a refused patch changes nothing ----------------------------------------


def test_a_refused_update_method_leaves_the_authorization_type_as_it_was_recorded(
    shared_stack: Stack,
) -> None:
    refused(
        shared_stack,
        {"op": "replace", "path": "/authorizationType", "value": "COGNITO_USER_POOLS"},
        {"op": "replace", "path": "/authorizerId", "value": "typo"},
    )
    assert (
        get_method(shared_stack)["authorizationType"],
        "authorizerId" in get_method(shared_stack),
    ) == (
        "NONE",
        False,
    )


def test_a_refused_update_method_leaves_the_other_fields_as_they_were_inferred(
    shared_stack: Stack,
) -> None:
    refused(
        shared_stack,
        {"op": "replace", "path": "/operationName", "value": "ListUsers"},
        {"op": "add", "path": "/httpMethod", "value": "PUT"},
    )
    assert "operationName" not in get_method(shared_stack)


def test_custom_without_an_authorizer_is_bad_request_recorded(shared_stack: Stack) -> None:
    assert refused(
        shared_stack, {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"}
    ) == (
        "BadRequestException",
        INVALID_AUTHORIZER,
    )


def test_an_authorizer_id_on_a_method_without_authorization_is_ignored_recorded(
    stack: Stack,
) -> None:
    answer = update(stack, {"op": "replace", "path": "/authorizerId", "value": "abc123"})
    assert (answer["authorizationType"], "authorizerId" in answer) == ("NONE", False)


# --- UpdateMethod: the operations AWS accepts -------------------------------------------------


@pytest.mark.parametrize("path", ["/operationName", "/requestValidatorId", "/authorizationType"])
def test_add_on_a_replace_only_path_is_bad_request_recorded(shared_stack: Stack, path: str) -> None:
    assert refused(shared_stack, {"op": "add", "path": path, "value": "x"}) == (
        "BadRequestException",
        "Invalid patch operation specified. Must be one of: [replace]",
    )


def test_an_unknown_path_is_bad_request_recorded(shared_stack: Stack) -> None:
    assert refused(shared_stack, {"op": "add", "path": "/httpMethod", "value": "PUT"}) == (
        "BadRequestException",
        "Invalid patch path /httpMethod",
    )


def test_request_parameters_without_a_name_is_an_unknown_path_recorded(shared_stack: Stack) -> None:
    operation = {"op": "replace", "path": "/requestParameters", "value": "x=false"}
    assert refused(shared_stack, operation) == (
        "BadRequestException",
        "Invalid patch path /requestParameters",
    )


def test_a_request_model_with_an_unescaped_slash_is_an_unknown_path_recorded(
    shared_stack: Stack,
) -> None:
    operation = {"op": "add", "path": "/requestModels/application/json", "value": "Empty"}
    assert refused(shared_stack, operation) == (
        "BadRequestException",
        "Invalid patch path /requestModels/application/json",
    )


def test_add_request_parameters_and_models_recorded(stack: Stack) -> None:
    answer = update(
        stack,
        {
            "op": "add",
            "path": "/requestParameters/method.request.querystring.optional",
            "value": "true",
        },
        {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
    )
    assert (answer["requestParameters"], answer["requestModels"]) == (
        {"method.request.querystring.optional": True},
        {"application/json": "Empty"},
    )


def test_remove_the_last_request_parameter_and_model_removes_the_maps_recorded(
    stack: Stack,
) -> None:
    update(
        stack,
        {
            "op": "add",
            "path": "/requestParameters/method.request.querystring.optional",
            "value": "true",
        },
        {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
    )
    answer = update(
        stack,
        {"op": "remove", "path": "/requestParameters/method.request.querystring.optional"},
        {"op": "remove", "path": "/requestModels/application~1json"},
    )
    assert ("requestParameters" in answer, "requestModels" in answer) == (False, False)


def test_api_key_required_with_a_value_that_is_not_true_is_false_recorded(stack: Stack) -> None:
    answer = update(stack, {"op": "replace", "path": "/apiKeyRequired", "value": "whatever"})
    assert answer["apiKeyRequired"] is False


def test_an_unknown_request_validator_is_bad_request_recorded(shared_stack: Stack) -> None:
    operation = {"op": "replace", "path": "/requestValidatorId", "value": "fake-id"}
    assert refused(shared_stack, operation) == (
        "BadRequestException",
        "Invalid Request Validator identifier specified",
    )


def test_an_operation_that_is_no_json_patch_operation_is_a_validation_exception_recorded(
    shared_stack: Stack,
) -> None:
    code, message = refused(
        shared_stack, {"op": "wrong_op", "path": "/operationName", "value": "x"}
    )
    assert (code, message) == (
        "ValidationException",
        "1 validation error detected: Value 'wrong_op' at "
        "'updateMethodInput.patchOperations.1.member.op' failed to satisfy constraint: Member "
        "must satisfy enum value set: [add, remove, move, test, replace, copy]",
    )

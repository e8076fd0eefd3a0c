"""The tutorial's lesson, step by step, on the emulator (docs/aws-behaviour.md sections 1-3)."""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventModel

from emulator.process import auth_for
from tests.emulator.conftest import Stack

UNAUTHORIZED = b'{"message":"Unauthorized"}'


def test_open_api_returns_200_to_anyone(shared_stack: Stack) -> None:
    response = shared_stack.get()
    assert (response.status_code, response.json()["path"]) == (200, "/users")


def test_event_without_authorizer_has_no_authorizer_key(shared_stack: Stack) -> None:
    event = shared_stack.get().json()
    assert "authorizer" not in event["requestContext"]


def test_authorizer_change_has_no_effect_until_redeploy(stack: Stack) -> None:
    stack.attach_authorizer()
    assert stack.get().status_code == 200


def test_redeploy_after_attaching_authorizer_returns_401_unauthorized(
    shared_secured: Stack,
) -> None:
    response = shared_secured.get()
    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


def test_401_carries_unauthorized_exception_error_type(shared_secured: Stack) -> None:
    assert shared_secured.get().headers["x-amzn-ErrorType"] == "UnauthorizedException"


def test_gateway_response_carries_request_id(shared_secured: Stack) -> None:
    assert len(shared_secured.get().headers["x-amzn-RequestId"]) == 36


def test_id_token_returns_200(shared_secured: Stack) -> None:
    assert shared_secured.get(token=shared_secured.tokens()["id"]).status_code == 200


def test_bearer_prefixed_id_token_returns_200(shared_secured: Stack) -> None:
    assert shared_secured.get(token="Bearer " + shared_secured.tokens()["id"]).status_code == 200


def test_id_token_claims_reach_lambda_as_strings(shared_secured: Stack) -> None:
    claims = shared_secured.get(token=shared_secured.tokens()["id"]).json()["requestContext"][
        "authorizer"
    ]["claims"]
    assert (
        claims["cognito:username"],
        claims["token_use"],
        all(isinstance(v, str) for v in claims.values()),
    ) == ("alice", "id", True)


def test_exp_claim_is_rendered_as_java_date(shared_secured: Stack) -> None:
    claims = shared_secured.get(token=shared_secured.tokens()["id"]).json()["requestContext"][
        "authorizer"
    ]["claims"]
    assert claims["exp"].endswith(" UTC " + claims["exp"][-4:]) and claims["exp"][3] == " "


def test_access_token_without_method_scopes_returns_401(shared_secured: Stack) -> None:
    response = shared_secured.get(token=shared_secured.tokens()["access"])
    assert (response.status_code, response.content) == (401, UNAUTHORIZED)


def test_access_token_with_matching_method_scope_returns_200(stack: Stack) -> None:
    stack.attach_authorizer(scopes=["aws.cognito.signin.user.admin"])
    stack.deploy()
    assert stack.get(token=stack.tokens()["access"]).status_code == 200


def test_id_token_on_method_with_scopes_returns_401(stack: Stack) -> None:
    stack.attach_authorizer(scopes=["aws.cognito.signin.user.admin"])
    stack.deploy()
    assert stack.get(token=stack.tokens()["id"]).content == UNAUTHORIZED


def test_token_from_another_user_pool_returns_401(shared_secured: Stack) -> None:
    from tests.emulator.conftest import create_pool

    other_pool, other_client = create_pool(shared_secured.clients["cognito-idp"], "other-pool")
    token = shared_secured.tokens("mallory", other_pool, other_client)["id"]
    assert shared_secured.get(token=token).content == UNAUTHORIZED


def test_tampered_claims_with_signature_kept_returns_401(shared_secured: Stack) -> None:
    import base64

    header, payload, signature = shared_secured.tokens()["id"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:username"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert shared_secured.get(token=f"{header}.{forged}.{signature}").content == UNAUTHORIZED


def test_garbage_token_returns_401(shared_secured: Stack) -> None:
    assert shared_secured.get(token="not-a-jwt").content == UNAUTHORIZED


def test_expired_id_token_returns_401_token_expired(shared_secured: Stack) -> None:
    import requests

    token = shared_secured.tokens()["id"]
    requests.post(
        f"{shared_secured.url}/_emulator/clock",
        auth=auth_for(shared_secured.url),
        json={"advance_seconds": 3601},
        timeout=5,
    )
    try:
        response = shared_secured.get(token=token)
    finally:
        requests.post(
            f"{shared_secured.url}/_emulator/clock",
            auth=auth_for(shared_secured.url),
            json={"reset": True},
            timeout=5,
        )
    assert (response.status_code, response.content) == (
        401,
        b'{"message":"The incoming token has expired"}',
    )


def test_proxy_event_parses_with_powertools_model(shared_secured: Stack) -> None:
    event = shared_secured.get(token=shared_secured.tokens()["id"], params={"a": "1"}).json()
    assert APIGatewayProxyEventModel.model_validate(event).requestContext.stage == "dev"


def test_repeated_query_keys_last_wins_and_multi_has_all(shared_stack: Stack) -> None:
    event = shared_stack.get(params=[("q", "1"), ("q", "2+3")]).json()
    assert (event["queryStringParameters"], event["multiValueQueryStringParameters"]) == (
        {"q": "2+3"},
        {"q": ["1", "2+3"]},
    )


def test_plus_in_query_decodes_to_space(shared_stack: Stack) -> None:
    import requests

    event = requests.get(shared_stack.invoke_url() + "?q=a+b", timeout=10).json()
    assert event["queryStringParameters"] == {"q": "a b"}


def test_request_context_path_includes_stage(shared_stack: Stack) -> None:
    assert shared_stack.get().json()["requestContext"]["path"] == "/dev/users"

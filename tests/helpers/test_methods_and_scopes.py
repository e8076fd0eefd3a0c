"""POST /users behind the authorizer, and OAuth scopes on a method (07_groups_and_scopes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers import apigateway, awslambda, cognito, cognito_authorizer, http, iam
from helpers.backend import Workbook
from helpers.cognito import Tokens
from tests.course import OpenApi
from tests.helpers import readonly

ADMIN_SCOPE = "aws.cognito.signin.user.admin"


@pytest.fixture
def api(wb: Workbook) -> tuple[str, str, str]:
    """API id, /users id and authorizer id, with GET /users open."""
    role = iam.create_execution_role(wb)
    awslambda.create_function(wb, role.arn)
    rest_api = apigateway.create_rest_api(wb)
    users_id = apigateway.create_resource(wb, rest_api)
    apigateway.put_method(wb, rest_api.id, users_id)
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, rest_api.id, pool.arn)
    return rest_api.id, users_id, authorizer.id


def test_put_authorized_method_creates_post_with_the_authorizer(
    wb: Workbook, api: tuple[str, str, str]
) -> None:
    api_id, users_id, authorizer_id = api
    method = cognito_authorizer.put_authorized_method(wb, api_id, users_id, "POST", authorizer_id)
    assert (method.http_method, method.authorization_type, method.authorizer_id) == (
        "POST",
        "COGNITO_USER_POOLS",
        authorizer_id,
    )
    assert (
        cognito_authorizer.put_authorized_method(wb, api_id, users_id, "POST", authorizer_id)
        == method
    )


def test_set_authorization_scopes_adds_and_removes(wb: Workbook, api: tuple[str, str, str]) -> None:
    api_id, users_id, authorizer_id = api
    cognito_authorizer.put_authorized_method(wb, api_id, users_id, "POST", authorizer_id)
    cognito_authorizer.set_authorization_scopes(
        wb, api_id, users_id, [ADMIN_SCOPE, "users/write"], "POST"
    )
    method = cognito_authorizer.set_authorization_scopes(
        wb, api_id, users_id, ["users/write"], "POST"
    )
    assert method.authorization_scopes == ("users/write",)


def test_get_method_is_untouched_by_post_changes(wb: Workbook, api: tuple[str, str, str]) -> None:
    api_id, users_id, authorizer_id = api
    cognito_authorizer.put_authorized_method(wb, api_id, users_id, "POST", authorizer_id)
    get = apigateway.get_method(wb, api_id, users_id)
    assert get is not None and (get.authorization_type, get.authorization_scopes) == ("NONE", ())


@pytest.fixture(scope="module")
def scoped(shared_wb: Workbook, shared_open_api: OpenApi) -> Iterator[tuple[str, Tokens]]:
    """GET /users with the user-pool admin scope, deployed; the URL and a user's tokens.
    Built once: the tests only call it, and it is checked unchanged after them."""
    wb, rest_api, users_id = shared_wb, shared_open_api.api, shared_open_api.users_id
    pool = cognito.create_user_pool(wb)
    client = cognito.create_app_client(wb, pool.id)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, rest_api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, rest_api.id, users_id, authorizer.id)
    cognito_authorizer.set_authorization_scopes(wb, rest_api.id, users_id, [ADMIN_SCOPE])
    apigateway.create_deployment(wb, rest_api.id, "scoped")
    tokens = cognito.sign_in(wb, pool.id, client.id, cognito.create_user(wb, pool.id))
    shared = readonly.SharedResources(
        api_ids=(rest_api.id,), function_names=(shared_open_api.function.name,), pool_ids=(pool.id,)
    )
    with readonly.guarded(readonly.workbook_clients(wb), shared):
        yield apigateway.invoke_url(wb, rest_api.id), tokens


def test_with_the_admin_scope_the_access_token_passes(scoped: tuple[str, Tokens]) -> None:
    url, tokens = scoped
    assert http.call_api(url, tokens.access_token).status == 200


def test_with_the_admin_scope_the_id_token_is_401(scoped: tuple[str, Tokens]) -> None:
    url, tokens = scoped
    response = http.call_api(url, tokens.id_token)
    assert (response.status, response.body) == (401, {"message": "Unauthorized"})


def test_users_in_groups_get_the_cognito_groups_claim(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    client = cognito.create_app_client(wb, pool.id)
    credentials = cognito.create_user(wb, pool.id)
    for group in ("admins", "readers"):
        cognito.create_group(wb, pool.id, group)
        cognito.add_user_to_group(wb, pool.id, credentials.username, group)
    tokens = cognito.sign_in(wb, pool.id, client.id, credentials)
    assert cognito.list_groups_for_user(wb, pool.id, credentials.username) == ("admins", "readers")
    assert sorted(cognito.decode_claims(tokens.id_token)["cognito:groups"]) == ["admins", "readers"]

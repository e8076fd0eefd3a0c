"""The Cognito user pool authorizer of a REST API: create it, attach it to a method (as the
console's Method Request does), and the method's OAuth scopes.

Every change here takes effect on a stage only after the next deployment
(``apigateway.create_deployment``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from helpers.apigateway import (
    AUTHORIZATION_HEADER,
    HTTP_METHOD,
    MethodInfo,
    find_authorizer_item,
    get_method,
    update_method,
    update_method_authorization,
)
from helpers.backend import Workbook
from helpers.errors import WorkbookError
from helpers.waits import retry_throttled

if TYPE_CHECKING:
    from mypy_boto3_apigateway.type_defs import (
        AuthorizerResponseTypeDef,
        AuthorizerTypeDef,
        PatchOperationTypeDef,
    )

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Authorizer:
    id: str
    name: str
    type: str
    provider_arns: tuple[str, ...]
    identity_source: str


def _authorizer(item: AuthorizerTypeDef | AuthorizerResponseTypeDef) -> Authorizer:
    return Authorizer(
        id=item["id"],
        name=item["name"],
        type=item["type"],
        provider_arns=tuple(item.get("providerARNs", [])),
        identity_source=item.get("identitySource", ""),
    )


def find_authorizer(wb: Workbook, api_id: str) -> Authorizer | None:
    """The authorizer called ``<prefix>-cognito-authorizer`` on the API, or None."""
    item = find_authorizer_item(wb, api_id, wb.names.authorizer)
    return None if item is None else _authorizer(item)


def create_cognito_authorizer(wb: Workbook, api_id: str, user_pool_arn: str) -> Authorizer:
    """Get or create a ``COGNITO_USER_POOLS`` authorizer that reads the Authorization header.

    An existing one that points at another pool (e.g. a pool deleted and created again) is
    updated to this pool: ``add`` the new ARN, then ``remove`` the old one.
    """
    client = wb.client("apigateway")
    identity_source = f"method.request.header.{AUTHORIZATION_HEADER}"
    existing = find_authorizer(wb, api_id)
    if existing is None:
        created = retry_throttled(
            lambda: client.create_authorizer(
                restApiId=api_id,
                name=wb.names.authorizer,
                type="COGNITO_USER_POOLS",
                providerARNs=[user_pool_arn],
                identitySource=identity_source,
            ),
            what=f"Creating authorizer '{wb.names.authorizer}'",
        )
        return _authorizer(created)
    operations = provider_arn_operations(existing.provider_arns, user_pool_arn)
    if existing.identity_source != identity_source:
        operations.append({"op": "replace", "path": "/identitySource", "value": identity_source})
    if not operations:
        return existing
    updated = retry_throttled(
        lambda: client.update_authorizer(
            restApiId=api_id, authorizerId=existing.id, patchOperations=operations
        ),
        what=f"Updating authorizer '{existing.name}'",
    )
    return _authorizer(updated)


def provider_arn_operations(current: tuple[str, ...], wanted: str) -> list[PatchOperationTypeDef]:
    """The UpdateAuthorizer patch that makes ``providerARNs`` exactly ``[wanted]``.

    ``providerARNs`` is a list that may never be empty, so the new ARN is added first and
    the old ones removed after it, in one call; the way public IaC tools do it (Terraform's
    aws_api_gateway_authorizer: "providerARNs can't be empty, so add first and then remove").
    """
    operations: list[PatchOperationTypeDef] = []
    if wanted not in current:
        operations.append({"op": "add", "path": "/providerARNs", "value": wanted})
    operations += [
        {"op": "remove", "path": "/providerARNs", "value": arn} for arn in current if arn != wanted
    ]
    return operations


def put_authorized_method(
    wb: Workbook, api_id: str, resource_id: str, http_method: str, authorizer_id: str
) -> MethodInfo:
    """Get or create ``http_method`` on the resource, protected by the Cognito authorizer.

    An existing method is set to this authorizer; its OAuth scopes are left as they are
    (``set_authorization_scopes`` changes them).
    """
    method = get_method(wb, api_id, resource_id, http_method)
    if method is None:
        retry_throttled(
            lambda: wb.client("apigateway").put_method(
                restApiId=api_id,
                resourceId=resource_id,
                httpMethod=http_method,
                authorizationType="COGNITO_USER_POOLS",
                authorizerId=authorizer_id,
            ),
            what=f"Creating method {http_method} /users",
        )
    elif (method.authorization_type, method.authorizer_id) != (
        "COGNITO_USER_POOLS",
        authorizer_id,
    ):
        update_method_authorization(
            wb,
            api_id,
            resource_id,
            authorization_type="COGNITO_USER_POOLS",
            authorizer_id=authorizer_id,
            http_method=http_method,
        )
    result = get_method(wb, api_id, resource_id, http_method)
    if result is None:
        raise WorkbookError(
            f"Method {http_method} /users is missing right after it was created; re-run this cell."
        )
    return result


def set_authorization_scopes(
    wb: Workbook,
    api_id: str,
    resource_id: str,
    scopes: list[str],
    http_method: str = HTTP_METHOD,
) -> MethodInfo:
    """Make the method's OAuth scopes exactly ``scopes`` (``UpdateMethod`` on
    ``/authorizationScopes``: ``add`` and ``remove`` one scope each).

    With scopes, the Cognito authorizer wants an **access** token holding one of them; with
    none, an ID token. Takes effect on the next deployment.
    """
    method = get_method(wb, api_id, resource_id, http_method)
    if method is None:
        raise WorkbookError(f"Method {http_method} /users does not exist; re-run this notebook.")
    operations: list[PatchOperationTypeDef] = [
        {"op": "remove", "path": "/authorizationScopes", "value": scope}
        for scope in method.authorization_scopes
        if scope not in scopes
    ]
    operations += [
        {"op": "add", "path": "/authorizationScopes", "value": scope}
        for scope in scopes
        if scope not in method.authorization_scopes
    ]
    if not operations:
        return method
    return update_method(wb, api_id, resource_id, http_method, operations)


def attach_authorizer(
    wb: Workbook,
    api_id: str,
    resource_id: str,
    authorizer_id: str,
    http_method: str = HTTP_METHOD,
) -> MethodInfo:
    """Require the Cognito authorizer on ``GET /users`` (takes effect on the next deployment)."""
    return update_method_authorization(
        wb,
        api_id,
        resource_id,
        authorization_type="COGNITO_USER_POOLS",
        authorizer_id=authorizer_id,
        http_method=http_method,
    )

"""What one control-plane call presents to IAM: the action, the resource ARN, the context keys.

For each service the course uses (docs/aws-behaviour.md 28.3-28.6; resource ARN formats from
the Service Authorization Reference):

- Lambda: ``arn:aws:lambda:{region}:{account}:function:{name}`` (a qualified ARN or a
  partial one is cut to the function), ``*`` for ListFunctions; CreateFunction and
  UpdateFunctionConfiguration with a ``Role`` also need ``iam:PassRole`` on that role with
  ``iam:PassedToService = lambda.amazonaws.com``.
- IAM: ``arn:aws:iam::{account}:role/{name}`` (or ``user/``, ``policy/``, a
  ``PolicySourceArn``), ``*`` for the List calls without a name.
- CloudWatch Logs: ``arn:aws:logs:{region}:{account}:log-group:{name}:log-stream:`` (the
  form AWS names in its denials), ``*`` for DescribeLogGroups.
- Cognito user pools: ``arn:aws:cognito-idp:{region}:{account}:userpool/{id}``, ``*`` for
  CreateUserPool, ListUserPools, DescribeUserPoolDomain; ``aws:ResourceTag/*`` are the pool's.
- API Gateway: ``arn:aws:apigateway:{region}::{path}``; ``aws:ResourceTag/*`` are the tags of
  the REST API the path is under, which its children inherit for access control.

``aws:RequestTag/*`` and ``aws:TagKeys`` come from the request's tags (``Tags``, ``tags``,
``UserPoolTags``, IAM's ``Tags.member.N``); ``aws:username``, ``aws:userid``,
``aws:PrincipalArn`` and ``aws:RequestedRegion`` from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from awsrules.iam_actions import action_for
from awsrules.iam_policy import RequestContext
from emulator.iam.operations import Operation
from emulator.moto_bridge import ACCOUNT_ID
from emulator.moto_bridge import iam_principals as moto
from emulator.moto_bridge.iam_principals import IamUser

LAMBDA_SERVICE = "lambda.amazonaws.com"
_REST_API = re.compile(r"/restapis/([^/]+)")
_IAM_TAG = re.compile(r"^Tags\.member\.(\d+)\.(Key|Value)$")


def contexts(operation: Operation, region: str, user: IamUser) -> list[RequestContext]:
    """The authorizations ``operation`` needs: its own action, then any it depends on."""
    base = {
        "aws:username": (user.name,),
        "aws:userid": (user.user_id,),
        "aws:PrincipalArn": (user.arn,),
        "aws:PrincipalType": ("User",),
        "aws:RequestedRegion": (region,),
    }
    action = action_for(operation.service, operation.name, operation.http_method)
    resource, resource_tags = _resource(operation, region)
    request_tags = _request_tags(operation)
    keys = {
        **base,
        **_tag_keys(request_tags, "aws:RequestTag/"),
        **_tag_keys(resource_tags, "aws:ResourceTag/"),
    }
    if request_tags is not None:
        keys["aws:TagKeys"] = tuple(request_tags)
    boundary = operation.params.get("PermissionsBoundary")
    if operation.service == "iam" and isinstance(boundary, str):
        # CreateRole / PutRolePermissionsBoundary: the boundary in the request (docs 28.12)
        keys["iam:PermissionsBoundary"] = (boundary,)
    needed = [RequestContext(action, resource, keys)]
    role = operation.params.get("Role")
    if (
        operation.service == "lambda"
        and operation.name in ("CreateFunction", "UpdateFunctionConfiguration")
        and isinstance(role, str)
    ):
        needed.append(
            RequestContext("iam:PassRole", role, {**base, "iam:PassedToService": (LAMBDA_SERVICE,)})
        )
    return needed


def _tag_keys(tags: Mapping[str, str] | None, prefix: str) -> dict[str, tuple[str, ...]]:
    return {f"{prefix}{key}": (value,) for key, value in (tags or {}).items()}


def _request_tags(operation: Operation) -> dict[str, str] | None:
    params = operation.params
    if operation.service == "iam":
        found: dict[str, dict[str, str]] = {}
        for name, value in params.items():
            matched = _IAM_TAG.match(name)
            if matched:
                found.setdefault(matched.group(1), {})[matched.group(2)] = str(value)
        if not found:
            return None
        return {t["Key"]: t.get("Value", "") for t in found.values() if "Key" in t}
    for member in ("Tags", "tags", "UserPoolTags"):
        tags = params.get(member)
        if isinstance(tags, Mapping):
            return {str(k): str(v) for k, v in tags.items()}
    return None


def _resource(operation: Operation, region: str) -> tuple[str, dict[str, str] | None]:
    """The resource ARN and, where the policy scopes by them, the resource's tags."""
    if operation.service == "apigateway":
        return _apigateway(operation, region)
    builder = _RESOURCES.get(operation.service)
    return builder(operation.params, operation.name, region) if builder else ("*", None)


def _lambda(params: Mapping[str, Any], name: str, region: str) -> tuple[str, None]:
    target = params.get("FunctionName") or params.get("Resource")
    if not isinstance(target, str) or not target:
        return "*", None
    if target.startswith("arn:"):
        return ":".join(target.split(":")[:7]), None
    function = target.split(":")[0]
    return f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function}", None


def _iam(params: Mapping[str, Any], name: str, region: str) -> tuple[str, None]:
    path = str(params.get("Path") or "/") if name in ("CreateRole", "CreateUser") else "/"
    if isinstance(params.get("PolicySourceArn"), str):
        return str(params["PolicySourceArn"]), None
    for member, kind in (("RoleName", "role"), ("UserName", "user")):
        value = params.get(member)
        if isinstance(value, str) and value:
            return f"arn:aws:iam::{ACCOUNT_ID}:{kind}{path}{value}", None
    if name == "CreatePolicy" and isinstance(params.get("PolicyName"), str):
        return f"arn:aws:iam::{ACCOUNT_ID}:policy{path}{params['PolicyName']}", None
    if isinstance(params.get("PolicyArn"), str):
        return str(params["PolicyArn"]), None
    return "*", None


def _logs(params: Mapping[str, Any], name: str, region: str) -> tuple[str, None]:
    named = params.get("resourceArn") or params.get("logGroupIdentifier")
    if isinstance(named, str) and named.startswith("arn:"):
        group = named.split(":log-group:", 1)[-1].removesuffix(":*")
        return f"arn:aws:logs:{region}:{ACCOUNT_ID}:log-group:{group}:log-stream:", None
    plain = params.get("logGroupName") or params.get("logGroupIdentifier")
    if not isinstance(plain, str) or not plain:
        return "*", None
    group = plain
    return f"arn:aws:logs:{region}:{ACCOUNT_ID}:log-group:{group}:log-stream:", None


_NO_POOL_RESOURCE = frozenset({"CreateUserPool", "ListUserPools", "DescribeUserPoolDomain"})


def _cognito(
    params: Mapping[str, Any], name: str, region: str
) -> tuple[str, dict[str, str] | None]:
    if name in _NO_POOL_RESOURCE:
        return "*", None
    pool_id = params.get("UserPoolId")
    arn = params.get("ResourceArn")
    if isinstance(arn, str) and "userpool/" in arn:
        pool_id = arn.rsplit("userpool/", 1)[1]
    if not isinstance(pool_id, str) or not pool_id:
        return "*", None
    pool_region = pool_id.split("_")[0] or region
    return (
        f"arn:aws:cognito-idp:{pool_region}:{ACCOUNT_ID}:userpool/{pool_id}",
        moto.user_pool_tags(pool_id),
    )


def _apigateway(operation: Operation, region: str) -> tuple[str, dict[str, str] | None]:
    """The request's path is the resource's ARN path [doc: Service Authorization Reference,
    API Gateway's resource types]; /tags/{arn} is scoped by the tagged API's tags."""
    tagged = operation.params.get("resourceArn")
    inside = _REST_API.search(tagged) if isinstance(tagged, str) else None
    if not isinstance(tagged, str):
        inside = _REST_API.match(operation.path)
    tags = moto.rest_api_tags(inside.group(1)) if inside else None
    return f"arn:aws:apigateway:{region}::{operation.path}", tags


_RESOURCES = {
    "lambda": _lambda,
    "iam": _iam,
    "logs": _logs,
    "cognito-idp": _cognito,
}

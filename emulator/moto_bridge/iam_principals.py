"""What IAM enforcement reads from moto (docs/aws-behaviour.md section 28): the IAM user an
access key belongs to, that user's policies, and the tags of the REST APIs and user pools a
request names (the ``aws:ResourceTag/...`` of the request).

Read-only; every attribute through ``field()`` so a moto upgrade that moves one fails loudly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from moto.apigateway.models import apigateway_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.iam.models import iam_backends

from emulator.moto_bridge import ACCOUNT_ID, field, loaded_regions

_PARTITION = "aws"


@dataclass(frozen=True)
class IamUser:
    """An IAM user (CreateUser) holding the access key a request was signed with."""

    name: str
    arn: str
    user_id: str
    secret_access_key: str
    active: bool

    def __repr__(self) -> str:  # never the secret
        return f"IamUser(name={self.name!r}, arn={self.arn!r})"


def _backend() -> Any:
    return iam_backends[ACCOUNT_ID][_PARTITION]


def user_of_access_key(access_key_id: str) -> IamUser | None:
    """The user whose access key (CreateAccessKey) is ``access_key_id``, or None."""
    if ACCOUNT_ID not in iam_backends:
        return None
    for user in list(field(_backend(), "users").values()):
        for key in list(field(user, "access_keys")):
            if field(key, "access_key_id") == access_key_id:
                return IamUser(
                    name=str(field(user, "name")),
                    arn=str(field(user, "arn")),
                    user_id=str(field(user, "id")),
                    secret_access_key=str(field(key, "secret_access_key")),
                    active=field(key, "status") == "Active",
                )
    return None


def _documents(holder: Any) -> list[dict[str, Any]]:
    documents = [_parse(text) for text in dict(field(holder, "policies")).values()]
    for policy in list(dict(field(holder, "managed_policies")).values()):
        default = str(field(policy, "default_version_id"))
        for version in field(policy, "versions"):
            if field(version, "version_id") == default:
                documents.append(_parse(field(version, "document")))
    return documents


def _parse(document: Any) -> dict[str, Any]:
    if isinstance(document, dict):
        return document
    parsed = json.loads(unquote(str(document)) if str(document).startswith("%") else document)
    return parsed if isinstance(parsed, dict) else {}


def user_policies(user_name: str) -> list[dict[str, Any]]:
    """Every identity-based policy of the user: inline, attached managed (their default
    version), and those of the groups the user is in."""
    backend = _backend()
    user = field(backend, "users").get(user_name)
    if user is None:
        return []
    documents = _documents(user)
    for group in list(field(backend, "groups").values()):
        if any(field(member, "name") == user_name for member in field(group, "users")):
            documents += _documents(group)
    return documents


def rest_api_tags(api_id: str) -> dict[str, str] | None:
    """The tags of REST API ``api_id`` (CreateRestApi's ``tags``), or None when there is none."""
    for _, backend in loaded_regions(apigateway_backends):
        api = field(backend, "apis").get(api_id)
        if api is not None:
            return {str(k): str(v) for k, v in dict(field(api, "tags") or {}).items()}
    return None


def user_pool_tags(pool_id: str) -> dict[str, str] | None:
    """The tags of user pool ``pool_id`` (CreateUserPool's ``UserPoolTags``; moto keeps them in
    the pool's configuration), or None when there is no such pool."""
    for _, backend in loaded_regions(cognitoidp_backends):
        pool = field(backend, "user_pools").get(pool_id)
        if pool is not None:
            config = dict(field(pool, "extended_config") or {})
            return {str(k): str(v) for k, v in dict(config.get("UserPoolTags") or {}).items()}
    return None

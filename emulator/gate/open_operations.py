"""The control-plane operations AWS serves unsigned, read from botocore's own models.

An operation whose model says ``"authtype": "none"`` or ``"auth": ["smithy.api#noAuth"]``
(Cognito's InitiateAuth, SignUp, GetUser ... which take a user's token or nothing; STS's
AssumeRoleWithWebIdentity) is called without SigV4 on AWS, so the emulator lets it through
unsigned too. No hand-kept list: the model is the source (docs/aws-behaviour.md 25.4).
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.loaders

SERVICES = ("cognito-idp", "lambda", "apigateway", "iam", "sts", "logs")
"""The services the emulator serves."""


def _unsigned(operation: dict[str, Any]) -> bool:
    return operation.get("authtype") == "none" or operation.get("auth") == ["smithy.api#noAuth"]


@functools.cache
def open_targets() -> frozenset[str]:
    """``X-Amz-Target`` values (JSON protocol) of the unsigned operations."""
    return _open()[0]


@functools.cache
def open_query_actions() -> frozenset[tuple[str, str]]:
    """(API version, Action) pairs (Query protocol) of the unsigned operations."""
    return _open()[1]


@functools.cache
def _open() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    loader = botocore.loaders.create_loader()
    targets: set[str] = set()
    actions: set[tuple[str, str]] = set()
    for service in SERVICES:
        model = loader.load_service_model(service, "service-2")
        metadata = model["metadata"]
        for name, operation in model["operations"].items():
            if not _unsigned(operation):
                continue
            if metadata.get("protocol") == "query":
                actions.add((metadata["apiVersion"], name))
            elif metadata.get("targetPrefix"):
                targets.add(f"{metadata['targetPrefix']}.{name}")
    return frozenset(targets), frozenset(actions)

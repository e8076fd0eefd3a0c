"""Callback and sign-out URLs at CreateUserPoolClient / UpdateUserPoolClient
(docs/aws-behaviour.md 26.15). Sources: CreateUserPoolClient API reference (CallbackURLs);
recorded: aws-amplify/amplify-cli issue 5419, microsoft/vscode issue 256122."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.emulator.conftest import Stack


def _create(stack: Stack, **kwargs: Any) -> Any:
    return stack.clients["cognito-idp"].create_user_pool_client(
        UserPoolId=stack.pool_id, ClientName="urls", **kwargs
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/callback",
        "http://localhost:8765/callback",
        "http://localhost",
        "http://127.0.0.1:8765/callback",
        "http://[::1]:8765/callback",
        "myapp://example",
    ],
)
def test_allowed_callback_urls_are_stored(stack: Stack, url: str) -> None:
    client = _create(stack, CallbackURLs=[url])["UserPoolClient"]
    assert client["CallbackURLs"] == [url]


def test_http_callback_other_than_loopback_is_refused_recorded(stack: Stack) -> None:
    with pytest.raises(ClientError) as raised:
        _create(stack, CallbackURLs=["http://example.com/callback"])
    assert raised.value.response["Error"] == {
        "Code": "InvalidParameterException",
        "Message": "http://example.com/callback cannot use the HTTP protocol.",
    }


def test_localhost_lookalike_domain_is_refused_recorded(stack: Stack) -> None:
    with pytest.raises(ClientError) as raised:
        _create(stack, LogoutURLs=["http://localhost.com/"])
    assert raised.value.response["Error"]["Message"] == (
        "http://localhost.com/ cannot use the HTTP protocol."
    )


def test_callback_with_fragment_is_refused_doc(stack: Stack) -> None:
    with pytest.raises(ClientError) as raised:
        _create(stack, CallbackURLs=["https://example.com/cb#frag"])
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"


def test_relative_callback_is_refused_doc(stack: Stack) -> None:
    with pytest.raises(ClientError) as raised:
        _create(stack, CallbackURLs=["/callback"])
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"


def test_update_user_pool_client_checks_urls_too(stack: Stack) -> None:
    with pytest.raises(ClientError) as raised:
        stack.clients["cognito-idp"].update_user_pool_client(
            UserPoolId=stack.pool_id, ClientId=stack.client_id, CallbackURLs=["http://10.0.0.1/"]
        )
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"

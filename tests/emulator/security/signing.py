"""Signing raw requests for the security tests: botocore's SigV4 (as boto3 signs), at any
time and with any key, sent with ``requests`` so that the test sees the wire answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import botocore.auth
import requests
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from emulator.gate.credentials import Credentials


@contextmanager
def signing_clock(moment: dt.datetime | None) -> Iterator[None]:
    if moment is None:
        yield
        return
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: moment):
        yield


def send(
    method: str,
    url: str,
    *,
    service: str,
    credentials: Credentials | None,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    at: dt.datetime | None = None,
    tamper: bool = False,
) -> requests.Response:
    """``method url`` signed for ``service`` by ``credentials`` (unsigned when None), as at
    ``at``; ``tamper`` changes the body after signing."""
    all_headers = dict(headers or {})
    if credentials is not None:
        request = AWSRequest(method=method, url=url, data=body, headers=all_headers)
        signer = botocore.auth.SigV4Auth(
            BotocoreCredentials(credentials.access_key_id, credentials.secret_access_key),
            service,
            "us-east-1",
        )
        with signing_clock(at):
            signer.add_auth(request)
        all_headers = dict(request.headers.items())
    if tamper:
        body = body + b" "
    return requests.request(method, url, data=body, headers=all_headers, timeout=10)

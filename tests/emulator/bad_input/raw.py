"""Raw requests for bad-input tests: bodies boto3 would never send, signed with the
credentials of the clients `tests/emulator/conftest.py::make_clients` builds (so a change to
how the emulator authenticates carries over), and the checks every answer must pass."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from jwt.algorithms import RSAAlgorithm

from emulator.cognito.tokens import sign
from emulator.moto_bridge.cognito import cognito_private_jwk
from tests.emulator.conftest import REGION, Stack

COGNITO_JSON = "application/x-amz-json-1.1"
COGNITO_TARGET = "AWSCognitoIdentityProviderService."


@dataclass(frozen=True)
class Raw:
    """Signed raw HTTP against the stack's emulator."""

    stack: Stack

    def send(
        self,
        method: str,
        path: str,
        body: bytes | str = b"",
        *,
        service: str = "apigateway",
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        data = body.encode() if isinstance(body, str) else body
        sent = {"Content-Type": "application/json", **(headers or {})}
        url = f"{self.stack.url}{path}"
        request = AWSRequest(method=method, url=url, data=data, headers=sent)
        credentials = self.stack.clients[_client_for(service)]._get_credentials()
        SigV4Auth(credentials, service, REGION).add_auth(request)
        return requests.request(method, url, data=data, headers=dict(request.headers), timeout=30)

    def cognito(self, action: str, body: bytes | str) -> requests.Response:
        return self.send(
            "POST",
            "/",
            body,
            service="cognito-idp",
            headers={"Content-Type": COGNITO_JSON, "X-Amz-Target": COGNITO_TARGET + action},
        )

    def method_path(self, verb: str = "GET") -> str:
        stack = self.stack
        return f"/restapis/{stack.api_id}/resources/{stack.resource_id}/methods/{verb}"


def _client_for(service: str) -> str:
    return {"execute-api": "apigateway"}.get(service, service)


def operations_post(
    stack: Stack, path: str, body: bytes | str, **headers: str
) -> requests.Response:
    """A POST to one of the emulator's own routes (``/_emulator/...``)."""
    return Raw(stack).send("POST", path, body, headers=headers)


def id_token_with(stack: Stack, **changes: Any) -> str:
    """The stack user's ID token re-signed with the emulator's key after ``changes``: a token
    the authorizer's signature check accepts, whatever its claims say."""
    claims = json.loads(_b64url_decode(stack.tokens("alice")["id"].split(".")[1]))
    claims.update(changes)
    return sign(claims)


def signed_raw_claims(payload: str) -> str:
    """A token signed with the emulator's key whose payload is ``payload`` as written (so it
    can hold what ``json.dumps`` would not write, such as ``1e400``)."""
    header = _b64(b'{"kid":"dummy","alg":"RS256"}')
    body = _b64(payload.encode())
    key = _signing_key()
    signature = RSAAlgorithm(RSAAlgorithm.SHA256).sign(f"{header}.{body}".encode(), key)
    return f"{header}.{body}.{_b64(signature)}"


@lru_cache(maxsize=1)
def _signing_key() -> Any:
    return jwt.PyJWK(cognito_private_jwk()).key  # loading it takes about 0.2 s


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def now() -> int:
    return int(time.time())


def aws_shaped_4xx(answer: requests.Response) -> bool:
    """A 4xx whose body is JSON with an AWS error: ``x-amzn-ErrorType`` and a message, or an
    OAuth2 ``error`` (Cognito's token endpoint)."""
    if not 400 <= answer.status_code < 500:
        return False
    try:
        body = answer.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    if "error" in body:  # the OAuth2 token endpoint: {"error": "invalid_client"}
        return isinstance(body["error"], str)
    has_code = bool(answer.headers.get("x-amzn-ErrorType")) or "__type" in body
    return has_code and any(key in body for key in ("message", "Message"))

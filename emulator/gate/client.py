"""Signing a plain HTTP request to the emulator's own routes (``/_emulator/...``) with its
credentials, as boto3 signs its calls: SigV4 by botocore, for ``requests``.

    requests.post(f"{url}/_emulator/reset", auth=EmulatorAuth(credentials))
"""

from __future__ import annotations

from typing import Any

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from emulator.gate.credentials import Credentials

SERVICE = "emulator"
REGION = "us-east-1"


class EmulatorAuth(requests.auth.AuthBase):
    def __init__(
        self, credentials: Credentials, region: str = REGION, service: str = SERVICE
    ) -> None:
        """``service``: the credential scope's (``iam``, ``apigateway`` …) for a raw call to
        the AWS control plane, which moto routes by it; ``emulator`` for ``/_emulator/*``."""
        self._signer = SigV4Auth(
            BotocoreCredentials(credentials.access_key_id, credentials.secret_access_key),
            service,
            region,
        )

    def __call__(self, request: Any) -> Any:
        headers = {}
        if request.headers.get("Content-Type"):
            headers["Content-Type"] = request.headers["Content-Type"]
        body = request.body or b""
        signed = AWSRequest(method=request.method, url=request.url, data=body, headers=headers)
        self._signer.add_auth(signed)
        for name in ("Authorization", "X-Amz-Date"):
            request.headers[name] = signed.headers[name]
        return request

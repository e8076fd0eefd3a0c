"""The gate with IAM enforcement fails closed (emulator/gate/gate.py; docs/aws-behaviour.md
28.3): a key that stops being an active user's between the signature check and the
authorization is refused as unknown, never served with the owner's power."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from emulator.errors import AwsError
from emulator.gate.credentials import Credentials
from emulator.gate.gate import Gate
from emulator.iam.enforcement import Enforcement
from emulator.moto_bridge.iam_principals import IamUser

PORT = 4599
USER_KEYS = Credentials("AKIAUSERKEY000000000", "user-secret")


@dataclass(frozen=True)
class _KeyRevokedMidRequest(Enforcement):
    """The user's key is active for the signature check, gone right after."""

    calls: list[str] = field(default_factory=list)

    def user_for_key(self, access_key_id: str) -> IamUser | None:
        self.calls.append(access_key_id)
        if len(self.calls) > 1:
            return None
        return IamUser("u", "arn:aws:iam::123456789012:user/u", "AIDAU", "user-secret", True)


def _signed_request() -> Request:
    url = f"http://127.0.0.1:{PORT}/2015-03-31/functions/"
    signed = AWSRequest(method="GET", url=url, headers={"Host": f"127.0.0.1:{PORT}"})
    keys = BotocoreCredentials(USER_KEYS.access_key_id, USER_KEYS.secret_access_key)
    SigV4Auth(keys, "lambda", "us-east-1").add_auth(signed)
    builder = EnvironBuilder(
        method="GET", path="/2015-03-31/functions/", headers=list(signed.headers.items())
    )
    environ = builder.get_environ()
    environ["REQUEST_URI"] = "/2015-03-31/functions/"
    return Request(environ)


def test_a_key_revoked_after_the_signature_check_is_refused_as_unknown() -> None:
    gate = Gate(PORT, "127.0.0.1", Credentials.generate(), enforcement=_KeyRevokedMidRequest())
    with pytest.raises(AwsError) as refused:
        gate.check(_signed_request())
    assert (refused.value.status, refused.value.code) == (403, "UnrecognizedClientException")

"""IAM's denial in each service's protocol (docs/aws-behaviour.md 28.7).

- Lambda (REST-JSON): 403 ``AccessDeniedException``, ``{"Type": "User", "Message": ...}``;
- API Gateway (REST-JSON): 403 ``AccessDeniedException``, ``{"Message": ...}``;
- Cognito user pools, CloudWatch Logs (JSON 1.1): **400** ``AccessDeniedException``,
  ``{"__type": "AccessDeniedException", "message": ...}``;
- IAM, STS (Query, XML): 403 ``AccessDenied`` in ``<ErrorResponse>``.
"""

from __future__ import annotations

import json

from emulator.answers import JSON, Answer
from emulator.errors import AwsError, Protocol

ACCESS_DENIED = "AccessDeniedException"


class _ApiGatewayDenial(AwsError):
    """API Gateway's control plane writes ``Message`` with a capital M for this error."""

    def answer(self) -> Answer:
        headers = (("x-amzn-ErrorType", self.code), ("Content-Type", JSON))
        body = json.dumps({"Message": self.message}, separators=(",", ":")).encode()
        return Answer(self.status, headers, body)


def access_denied(service: str, message: str) -> AwsError:
    """The error a call to ``service`` (a signing name) gets when IAM denies it."""
    if service == "lambda":
        return AwsError(403, ACCESS_DENIED, message, Protocol.LAMBDA, compact=True)
    if service in ("cognito-idp", "logs"):
        return AwsError(400, ACCESS_DENIED, message, Protocol.COGNITO, compact=True)
    if service == "iam":
        return AwsError(403, "AccessDenied", message, Protocol.IAM)
    if service == "sts":
        return AwsError(403, "AccessDenied", message, Protocol.STS)
    return _ApiGatewayDenial(403, ACCESS_DENIED, message, Protocol.APIGATEWAY)

"""AWS-shaped errors for what the emulator answers itself, in each service's protocol.

boto3 reads the error code from the `x-amzn-ErrorType` header (or the body's `__type`) and the
message from the body, so helpers see the same `ClientError` as on AWS:

- API Gateway (REST-JSON): `{"message": ...}`;
- Lambda (REST-JSON): `{"Type": "User", "Message": ...}`;
- Cognito (JSON 1.1): `{"__type": code, "message": ...}`, Content-Type
  `application/x-amz-json-1.1`.
"""

from __future__ import annotations

import json
from enum import Enum

from emulator.answers import JSON, Answer

COGNITO_CONTENT_TYPE = "application/x-amz-json-1.1"


class Protocol(Enum):
    APIGATEWAY = "apigateway"
    LAMBDA = "lambda"
    COGNITO = "cognito"


class AwsError(Exception):
    def __init__(
        self, status: int, code: str, message: str, protocol: Protocol = Protocol.APIGATEWAY
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.protocol = protocol

    def answer(self) -> Answer:
        if self.protocol is Protocol.LAMBDA:
            body = {"Type": "User", "Message": self.message}
        elif self.protocol is Protocol.COGNITO:
            body = {"__type": self.code, "message": self.message}
        else:
            body = {"message": self.message}
        content_type = COGNITO_CONTENT_TYPE if self.protocol is Protocol.COGNITO else JSON
        headers = (("x-amzn-ErrorType", self.code), ("Content-Type", content_type))
        return Answer(self.status, headers, json.dumps(body).encode())


def bad_request(message: str) -> AwsError:
    return AwsError(400, "BadRequestException", message)


def serialization_error() -> AwsError:
    return AwsError(400, "SerializationException", "Could not parse request body")


def cognito_error(code: str, message: str) -> AwsError:
    """A Cognito (JSON 1.1 protocol) error: 400 with the code in `__type`."""
    return AwsError(400, code, message, Protocol.COGNITO)

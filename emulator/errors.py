"""AWS-shaped errors for what the emulator answers itself, in each service's protocol.

boto3 reads the error code from the `x-amzn-ErrorType` header (or the body's `__type`) and the
message from the body, so helpers see the same `ClientError` as on AWS:

- API Gateway (REST-JSON): `{"message": ...}`;
- Lambda (REST-JSON): `{"Type": "User", "Message": ...}`;
- Cognito (JSON 1.1): `{"__type": code, "message": ...}`, Content-Type
  `application/x-amz-json-1.1`;
- IAM and STS (Query, XML): `<ErrorResponse><Error><Type>Sender</Type><Code>...</Code><Message>...`
  `</Message></Error><RequestId>...</RequestId></ErrorResponse>`, Content-Type `text/xml`.

``compact`` writes the JSON without spaces, as AWS does; the errors the emulator has always
raised keep their spaced JSON so that their answers stay byte for byte what they were.
"""

from __future__ import annotations

import json
import uuid
from enum import Enum
from xml.sax.saxutils import escape

from emulator.answers import JSON, Answer

COGNITO_CONTENT_TYPE = "application/x-amz-json-1.1"
IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/"


class Protocol(Enum):
    APIGATEWAY = "apigateway"
    LAMBDA = "lambda"
    COGNITO = "cognito"
    IAM = "iam"
    STS = "sts"
    """STS (Query, XML): IAM's error shape in STS's namespace."""


class AwsError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        protocol: Protocol = Protocol.APIGATEWAY,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.protocol = protocol
        self.compact = compact

    def answer(self) -> Answer:
        if self.protocol in (Protocol.IAM, Protocol.STS):
            return self._iam_answer()
        if self.protocol is Protocol.LAMBDA:
            body = {"Type": "User", "Message": self.message}
        elif self.protocol is Protocol.COGNITO:
            body = {"__type": self.code, "message": self.message}
        else:
            body = {"message": self.message}
        content_type = COGNITO_CONTENT_TYPE if self.protocol is Protocol.COGNITO else JSON
        headers = (("x-amzn-ErrorType", self.code), ("Content-Type", content_type))
        separators = (",", ":") if self.compact else None
        return Answer(self.status, headers, json.dumps(body, separators=separators).encode())

    def _iam_answer(self) -> Answer:
        request_id = str(uuid.uuid4())
        xmlns = STS_XMLNS if self.protocol is Protocol.STS else IAM_XMLNS
        body = (
            f'<ErrorResponse xmlns="{xmlns}"><Error><Type>Sender</Type>'
            f"<Code>{escape(self.code)}</Code><Message>{escape(self.message)}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
        headers = (("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id))
        return Answer(self.status, headers, body.encode())


class DropConnection(Exception):
    """Answer with no HTTP response at all: the emulator closes the connection, and the
    client sees a connection error, as it does on AWS for a host name that does not resolve
    yet (docs/aws-behaviour.md 21.8)."""


def bad_request(message: str) -> AwsError:
    return AwsError(400, "BadRequestException", message)


def serialization_error() -> AwsError:
    return AwsError(400, "SerializationException", "Could not parse request body")


def iam_error(status: int, code: str, message: str) -> AwsError:
    """An IAM (Query protocol) error, with IAM's XML body."""
    return AwsError(status, code, message, Protocol.IAM)


def cognito_error(code: str, message: str) -> AwsError:
    """A Cognito (JSON 1.1 protocol) error: 400 with the code in `__type`."""
    return AwsError(400, code, message, Protocol.COGNITO)

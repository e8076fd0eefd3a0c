"""AWS-shaped errors for the control-plane operations the emulator adds to moto.

boto3 reads the error code from the `x-amzn-ErrorType` header and the message from the body,
so helpers see the same `ClientError` as on AWS. API Gateway bodies are `{"message": ...}`;
Lambda's are `{"Type": "User", "Message": ...}`.
"""

from __future__ import annotations

import json


class AwsError(Exception):
    def __init__(self, status: int, code: str, message: str, *, lambda_style: bool = False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.lambda_style = lambda_style

    def body(self) -> bytes:
        if self.lambda_style:
            return json.dumps({"Type": "User", "Message": self.message}).encode()
        return json.dumps({"message": self.message}).encode()

    def headers(self) -> dict[str, str]:
        return {"x-amzn-ErrorType": self.code, "Content-Type": "application/json"}


def not_found(message: str) -> AwsError:
    return AwsError(404, "NotFoundException", message)


def bad_request(message: str) -> AwsError:
    return AwsError(400, "BadRequestException", message)

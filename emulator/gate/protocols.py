"""Which protocol a refused request speaks, and the error AWS answers it with.

The signature's credential scope names the service when there is one; an unsigned request is
recognised by its shape: an ``X-Amz-Target`` (JSON 1.1: Cognito, CloudWatch Logs), a dated
Lambda path (``/2015-03-31/...``), a form body with an ``Action`` (Query: IAM, STS), else API
Gateway's REST paths. The codes, statuses and messages are AWS's (docs/aws-behaviour.md 25.2).
"""

from __future__ import annotations

import re
from enum import Enum
from urllib.parse import parse_qs

from werkzeug.wrappers import Request

from awsrules.sigv4 import Outcome, Verdict
from emulator.errors import AwsError, Protocol

_LAMBDA_PATH = re.compile(r"^/20\d\d-\d\d-\d\d/")
STS_VERSION = "2011-06-15"


class Family(Enum):
    REST_JSON = "rest-json"  # API Gateway, Lambda, the emulator's own routes: 403
    JSON = "json"  # Cognito, CloudWatch Logs (JSON 1.1, __type): 400
    IAM = "iam"  # Query protocol, XML: 403
    STS = "sts"


SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)
INVALID_TOKEN = "The security token included in the request is invalid."

# Outcome → (JSON / REST-JSON code, Query code, message); None: the verdict's own message.
_ERRORS: dict[Outcome, tuple[str, str, str | None]] = {
    Outcome.MISSING: (
        "MissingAuthenticationTokenException",
        "MissingAuthenticationToken",
        None,
    ),
    Outcome.INCOMPLETE: ("IncompleteSignatureException", "IncompleteSignature", None),
    Outcome.UNKNOWN_KEY: ("UnrecognizedClientException", "InvalidClientTokenId", INVALID_TOKEN),
    Outcome.BAD_SIGNATURE: ("InvalidSignatureException", "SignatureDoesNotMatch", None),
    Outcome.EXPIRED: ("InvalidSignatureException", "SignatureDoesNotMatch", None),
    Outcome.NOT_YET_CURRENT: ("InvalidSignatureException", "SignatureDoesNotMatch", None),
}
_MISSING = "Missing Authentication Token"
_MISSING_QUERY = "Request is missing Authentication Token"


def family(request: Request, signed_service: str | None) -> Family:
    service = signed_service or _unsigned_service(request)
    if service in ("cognito-idp", "logs", "json"):
        return Family.JSON
    if service == "iam":
        return Family.IAM
    if service == "sts":
        return Family.STS
    return Family.REST_JSON


def _unsigned_service(request: Request) -> str:
    target = request.headers.get("X-Amz-Target")
    if target:
        return (
            "cognito-idp"
            if target.startswith("AWSCognitoIdentityProviderService.")
            else ("logs" if target.startswith("Logs_") else "json")
        )
    if _LAMBDA_PATH.match(request.path):
        return "lambda"
    if request.method == "POST" and request.path == "/":
        version = query_version(request)
        if version is not None:
            return "sts" if version == STS_VERSION else "iam"
    return "apigateway"


def query_params(request: Request) -> dict[str, str]:
    """A Query-protocol request's form parameters (the first value of each)."""
    if "x-www-form-urlencoded" not in request.headers.get("Content-Type", ""):
        return {}
    body = request.get_data().decode(errors="replace")
    return {name: values[0] for name, values in parse_qs(body).items()}


def query_version(request: Request) -> str | None:
    params = query_params(request)
    return params.get("Version") if "Action" in params else None


def _protocol(kind: Family) -> Protocol:
    return {
        Family.REST_JSON: Protocol.APIGATEWAY,
        Family.JSON: Protocol.COGNITO,
        Family.IAM: Protocol.IAM,
        Family.STS: Protocol.STS,
    }[kind]


def _status(kind: Family, outcome: Outcome) -> int:
    if kind is Family.JSON:
        return 400
    if kind in (Family.IAM, Family.STS) and outcome is Outcome.INCOMPLETE:
        return 400
    return 403


def auth_error(kind: Family, verdict: Verdict) -> AwsError:
    """AWS's answer to a call that is unsigned or not signed by the emulator's credentials."""
    json_code, query_code, message = _ERRORS[verdict.outcome]
    query = kind in (Family.IAM, Family.STS)
    code = query_code if query else json_code
    if message is None:
        if verdict.outcome is Outcome.MISSING:
            message = _MISSING_QUERY if query else _MISSING
        else:
            message = verdict.message or SIGNATURE_MISMATCH
    return AwsError(_status(kind, verdict.outcome), code, message, _protocol(kind), compact=True)


def forbidden(kind: Family, message: str) -> AwsError:
    """A request the emulator refuses before any handler: a foreign Host or Origin."""
    return AwsError(403, "ForbiddenException", message, _protocol(kind), compact=True)

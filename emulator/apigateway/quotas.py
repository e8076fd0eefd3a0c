"""API Gateway's control-plane quotas, in eventual mode (docs/aws-behaviour.md 21.9).

"The following fixed quotas apply to creating, deploying, and managing an API" ("Amazon API
Gateway quotas"): a few operations have their own rate (CreateDeployment: 1 request every 5
seconds per account ...), and every call counts toward the total, 10 requests per second
with a burst of 40. Over a quota: 429 TooManyRequestsException ``{"message":"Too Many
Requests"}``, without a Retry-After header (boto/botocore PR 750: "They do not send a
retry-after header"); botocore retries it (standard mode, TooManyRequestsException).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.consistency.behaviours import APIGATEWAY_QUOTAS, APIGATEWAY_TOTAL, Quota, quota_for
from emulator.errors import AwsError
from emulator.wire import lenient_json_body

if TYPE_CHECKING:
    from emulator.state import EmulatorState

ACCOUNT = "account"
_ID = r"[^/]+"

_OPERATIONS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (verb, re.compile(f"^{path}/?$"), name)
    for verb, path, name in (
        ("POST", "/restapis", "CreateRestApi"),
        ("PUT", f"/restapis/{_ID}", "PutRestApi"),
        ("DELETE", f"/restapis/{_ID}", "DeleteRestApi"),
        ("POST", f"/restapis/{_ID}/deployments", "CreateDeployment"),
        ("GET", f"/restapis/{_ID}/resources", "GetResources"),
        ("POST", f"/restapis/{_ID}/resources/{_ID}", "CreateResource"),
        ("DELETE", f"/restapis/{_ID}/resources/{_ID}", "DeleteResource"),
        ("POST", f"/restapis/{_ID}/documentation/versions", "CreateDocumentationVersion"),
        ("PUT", f"/restapis/{_ID}/documentation/parts", "ImportDocumentationParts"),
        ("POST", "/apikeys", "CreateApiKey"),
        ("DELETE", f"/apikeys/{_ID}", "DeleteApiKey"),
        ("PATCH", "/account", "UpdateAccount"),
        ("POST", "/domainnames", "CreateDomainName"),
        ("PATCH", f"/domainnames/{_ID}", "UpdateDomainName"),
        ("DELETE", f"/domainnames/{_ID}", "DeleteDomainName"),
        ("PATCH", f"/usageplans/{_ID}", "UpdateUsagePlan"),
    )
)
"""(verb, path, operation) of the operations with their own quota (the API reference's
request URIs)."""


def operation_of(request: Request) -> str | None:
    """The quota-bearing operation a request is, if any; CreateRestApi by endpoint type."""
    for verb, path, name in _OPERATIONS:
        if request.method == verb and path.match(request.path):
            if name == "CreateRestApi":
                return "ImportRestApi" if request.args.get("mode") else _create_rest_api(request)
            return name
    return None


def _create_rest_api(request: Request) -> str:
    """CreateRestApi's quota depends on the endpoint type; EDGE is the default."""
    config = lenient_json_body(request).get("endpointConfiguration")
    types = config.get("types") if isinstance(config, dict) else None
    edge = not isinstance(types, list) or not types or "EDGE" in types
    return "CreateRestApi:EDGE" if edge else "CreateRestApi:REGIONAL"


def holds_for(request: Request) -> list[tuple[Quota, str]]:
    """The quotas a request counts toward: its operation's, if any, and the total."""
    operation = operation_of(request)
    quota = quota_for(operation, APIGATEWAY_QUOTAS) if operation else None
    return [*([(quota, ACCOUNT)] if quota else []), (APIGATEWAY_TOTAL, ACCOUNT)]


def throttle(state: EmulatorState, request: Request) -> None:
    """Refuse a call over its quota with API Gateway's 429."""
    if not state.consistency.quotas.admit(holds_for(request)):
        raise AwsError(429, "TooManyRequestsException", "Too Many Requests", compact=True)

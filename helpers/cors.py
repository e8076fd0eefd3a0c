"""CORS for a REST API resource, as the API Gateway console's "Enable CORS" sets it up.

A browser calls a cross-origin API with ``Authorization`` only after a preflight: an
``OPTIONS`` request without the token. Without an ``OPTIONS`` method the preflight gets 403
Missing Authentication Token (or, behind an ``ANY`` method, the authorizer's 401), and the
401s and 403s API Gateway answers itself carry no ``Access-Control-Allow-Origin``: the page
sees a "CORS error" instead of the 401 (docs/aws-behaviour.md 22.9).

``enable_cors`` makes the console's calls, on both backends
[doc: "Enable CORS for a REST API resource",
https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors-console.html]:

1. PutMethod ``OPTIONS`` with ``authorizationType`` NONE (the preflight is never authorized);
2. PutIntegration ``MOCK`` with the request template ``{"statusCode": 200}``;
3. PutMethodResponse 200 declaring ``Access-Control-Allow-Headers``, ``-Methods``, ``-Origin``;
4. PutIntegrationResponse 200 giving them their static values;
5. PutGatewayResponse ``DEFAULT_4XX`` and ``DEFAULT_5XX`` with ``Access-Control-Allow-Origin``
   and ``-Headers``, so that a 401 reaches the page as a readable 401.

With a Lambda proxy integration (``GET /users``) the function's own response must carry
``Access-Control-Allow-Origin`` for the browser to read a 200; API Gateway adds nothing to a
proxy response.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from botocore.exceptions import ClientError

from helpers.apigateway import RestApi, find_resource, get_method, update_method_authorization
from helpers.backend import Workbook
from helpers.errors import WorkbookError, error_code, error_message
from helpers.waits import THROTTLE_DEADLINE_S, retry_on_error, retry_throttled

logger = logging.getLogger(__name__)

T = TypeVar("T")

PREFLIGHT_METHOD = "OPTIONS"
MOCK_200_TEMPLATE = '{"statusCode": 200}'
DEFAULT_ALLOWED_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"
"""The console's default ``Access-Control-Allow-Headers``."""
DEFAULT_ALLOWED_METHODS = ("GET", "OPTIONS")
CORS_GATEWAY_RESPONSES = ("DEFAULT_4XX", "DEFAULT_5XX")
METHOD_HEADER = "method.response.header."
GATEWAY_HEADER = "gatewayresponse.header."
ALREADY_EXISTS = "already exists"
"""PutMethod on an existing method: 409 ConflictException "Method already exists for this
resource"."""
CONCURRENT_MODIFICATION = "concurrent modification"
"""409 ConflictException "Unable to complete operation due to concurrent modification. Please
try again later." (API Gateway): worth a retry."""


@dataclass(frozen=True)
class CorsSetup:
    resource_id: str
    resource_path: str
    allowed_origin: str
    allowed_headers: str
    allowed_methods: str
    gateway_responses: tuple[str, ...]

    def preflight_headers(self) -> dict[str, str]:
        """The headers the preflight answers with, once the API is redeployed."""
        return {
            "Access-Control-Allow-Headers": self.allowed_headers,
            "Access-Control-Allow-Methods": self.allowed_methods,
            "Access-Control-Allow-Origin": self.allowed_origin,
        }


def enable_cors(
    wb: Workbook,
    api: RestApi,
    *,
    resource_path: str,
    allowed_origin: str,
    allowed_headers: str = DEFAULT_ALLOWED_HEADERS,
    allowed_methods: tuple[str, ...] = DEFAULT_ALLOWED_METHODS,
    gateway_responses: tuple[str, ...] = CORS_GATEWAY_RESPONSES,
) -> CorsSetup:
    """Do what the console's "Enable CORS" does for ``resource_path`` (see the module).

    Re-running it changes nothing: an existing OPTIONS method is kept (set back to NONE if an
    authorizer was attached to it), and every Put* call replaces what it puts. Callers see
    none of it until the API is deployed again: call ``apigateway.create_deployment`` next
    (then ``serving.wait_until_served`` on AWS), as after any change to a method.
    """
    resource_id = find_resource(wb, api.id, resource_path)
    if resource_id is None:
        raise WorkbookError(
            f"REST API {api.id} has no resource {resource_path}; create it first "
            "(02_rest_api), then re-run this cell."
        )
    setup = CorsSetup(
        resource_id=resource_id,
        resource_path=resource_path,
        allowed_origin=allowed_origin,
        allowed_headers=allowed_headers,
        allowed_methods=",".join(allowed_methods),
        gateway_responses=gateway_responses,
    )
    client = wb.client("apigateway")
    what = f"Enabling CORS on {resource_path}"
    _put_preflight_method(wb, api.id, resource_id, resource_path)
    _put(
        lambda: client.put_integration(
            restApiId=api.id,
            resourceId=resource_id,
            httpMethod=PREFLIGHT_METHOD,
            type="MOCK",
            requestTemplates={"application/json": MOCK_200_TEMPLATE},
            passthroughBehavior="WHEN_NO_MATCH",
        ),
        what=f"{what}: the MOCK integration",
    )
    headers = setup.preflight_headers()
    _put(
        lambda: client.put_method_response(
            restApiId=api.id,
            resourceId=resource_id,
            httpMethod=PREFLIGHT_METHOD,
            statusCode="200",
            responseParameters={METHOD_HEADER + name: False for name in headers},
            responseModels={"application/json": "Empty"},
        ),
        what=f"{what}: the method response",
    )
    _put(
        lambda: client.put_integration_response(
            restApiId=api.id,
            resourceId=resource_id,
            httpMethod=PREFLIGHT_METHOD,
            statusCode="200",
            responseParameters={METHOD_HEADER + name: f"'{v}'" for name, v in headers.items()},
            responseTemplates={"application/json": ""},
        ),
        what=f"{what}: the integration response",
    )
    for response_type in gateway_responses:
        _put(
            lambda kind=response_type: client.put_gateway_response(  # type: ignore[misc]
                restApiId=api.id,
                responseType=kind,
                responseParameters={
                    GATEWAY_HEADER + "Access-Control-Allow-Origin": f"'{allowed_origin}'",
                    GATEWAY_HEADER + "Access-Control-Allow-Headers": f"'{allowed_headers}'",
                },
            ),
            what=f"{what}: the {response_type} gateway response",
        )
    logger.info("CORS enabled on %s of %s; redeploy to serve it", resource_path, api.id)
    return setup


def _put_preflight_method(wb: Workbook, api_id: str, resource_id: str, path: str) -> None:
    """PutMethod OPTIONS (NONE); an existing one is kept, and set to NONE if it is not."""
    try:
        _put(
            lambda: wb.client("apigateway").put_method(
                restApiId=api_id,
                resourceId=resource_id,
                httpMethod=PREFLIGHT_METHOD,
                authorizationType="NONE",
            ),
            what=f"Creating method OPTIONS {path}",
        )
    except ClientError as err:
        if error_code(err) != "ConflictException" or ALREADY_EXISTS not in error_message(err):
            raise
        existing = get_method(wb, api_id, resource_id, PREFLIGHT_METHOD)
        if existing is None or existing.authorization_type == "NONE":
            logger.info("OPTIONS %s exists; keeping it", path)
            return
        logger.info("OPTIONS %s uses %s; setting it to NONE", path, existing.authorization_type)
        update_method_authorization(
            wb,
            api_id,
            resource_id,
            authorization_type="NONE",
            authorizer_id=None,
            http_method=PREFLIGHT_METHOD,
        )


def _put(call: Callable[[], T], *, what: str) -> T:
    """A Put* call, retried on throttling and on a concurrent modification (both named AWS
    errors); any other error is raised."""
    return retry_throttled(
        lambda: retry_on_error(
            call,
            code="ConflictException",
            message_contains=CONCURRENT_MODIFICATION,
            what=what,
            waiting_for="another change to the API to finish",
            next_step="Another change to this API is still in progress; re-run this cell.",
            deadline_s=THROTTLE_DEADLINE_S,
        ),
        what=what,
    )

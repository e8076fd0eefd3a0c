"""The emulator's one URL table: which handler answers which request.

Rows are tried in order; the first whose verb, path and (for JSON-protocol services) the
``X-Amz-Target`` header match answers. Anything no row matches goes to moto's server, which
answers the AWS control plane. Before any row, the gate (emulator/gate/gate.py) has checked the
request's Host, Origin and signature. Every handler takes ``(state, request, match)`` and returns an
``Answer``.

Rows marked ``eventual_only`` exist only in ``--consistency eventual``: hooks that delay or
refuse control-plane calls around moto (docs/aws-behaviour.md section 21). In eventual mode
a request first passes ``THROTTLES``, the services' request-rate quotas; in immediate mode
neither exists, and the emulator answers exactly as it always has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.wrappers import Request

from emulator import operations
from emulator.answers import Answer
from emulator.apigateway import console_test, control_plane, gateway_responses, rest_apis, stages
from emulator.apigateway import quotas as apigateway_quotas
from emulator.apigateway.data_plane.handler import stage_request
from emulator.awslambda import code_upload, log_delivery
from emulator.awslambda import control_plane as lambda_control_plane
from emulator.awslambda.invoke import invoke
from emulator.cognito import control_plane as cognito_control_plane
from emulator.cognito import domains, jwks, oauth
from emulator.cognito import quotas as cognito_quotas
from emulator.cognito.managed_login import authorize as managed_login
from emulator.cognito.managed_login import client_urls
from emulator.cognito.managed_login.logout import logout
from emulator.cognito.sign_in import SIGN_IN_ACTIONS, TARGET_PREFIX
from emulator.iam import control_plane as iam_control_plane
from emulator.iam.control_plane import iam_action
from emulator.servicequotas import quotas as service_quotas
from emulator.state import EmulatorState
from emulator.wire import service_of

Handler = Callable[[EmulatorState, Request, re.Match[str]], Answer]

_API = r"^/restapis/(?P<api>[^/]+)"
_METHOD = _API + r"/resources/(?P<res>[^/]+)/methods/(?P<verb>[^/]+)"
_DEPLOYMENT = _API + r"/deployments/(?P<deployment>[^/]+)"
_STAGE = _API + r"/stages/(?P<stage>[^/]+)"
_RESPONSE = _API + r"/gatewayresponses/(?P<type>[^/]+)"
_AUTHORIZER = _API + r"/authorizers/(?P<auth>[^/]+)"
_ROOT = re.compile(r"^/$")
_FUNCTIONS = r"^/2015-03-31/functions"
_FUNCTION = _FUNCTIONS + r"/(?P<name>[^/]+)"
_DOMAIN = r"^/cognito-domain/(?P<domain>[a-z0-9-]+)"


@dataclass(frozen=True)
class Url:
    verb: str | None
    """HTTP method, or None for any."""
    path: re.Pattern[str]
    handler: Handler
    targets: frozenset[str] = frozenset()
    """``X-Amz-Target`` values this row answers (JSON-protocol services); empty: any."""
    when: Callable[[Request], bool] | None = None
    """An extra condition on the request (e.g. a query parameter)."""
    eventual_only: bool = False
    """Only in ``--consistency eventual`` (docs/aws-behaviour.md section 21)."""

    def match(self, request: Request, *, eventual: bool = False) -> re.Match[str] | None:
        if self.eventual_only and not eventual:
            return None
        if self.verb is not None and self.verb != request.method:
            return None
        if self.targets and request.headers.get("X-Amz-Target", "") not in self.targets:
            return None
        matched = self.path.match(request.path)
        if matched is None or (self.when is not None and not self.when(request)):
            return None
        return matched


def _cognito(*actions: str) -> frozenset[str]:
    return frozenset(TARGET_PREFIX + action for action in actions)


URLS: tuple[Url, ...] = (
    # the emulator's own operations
    Url("GET", re.compile(r"^/_emulator/health$"), operations.health),
    Url("POST", re.compile(r"^/_emulator/proof$"), operations.proof),
    Url("POST", re.compile(r"^/_emulator/reset$"), operations.reset),
    Url("POST", re.compile(r"^/_emulator/clock$"), operations.clock),
    Url(None, re.compile(r"^/_emulator/"), operations.unknown),
    # API Gateway: the data plane (a stage's invoke URL)
    Url(
        None,
        re.compile(_API + r"/(?P<stage>[^/]+)/_user_request_(?P<path>/.*)?$"),
        stage_request,
    ),
    # API Gateway: the control plane the emulator adds to or completes
    Url("POST", re.compile(r"^/restapis/?$"), rest_apis.create_rest_api),
    Url("PATCH", re.compile(_API + r"/?$"), rest_apis.update_rest_api),
    Url("POST", re.compile(_API + r"/deployments/?$"), control_plane.create_deployment),
    Url("GET", re.compile(_DEPLOYMENT + r"/?$"), control_plane.get_deployment),
    Url("DELETE", re.compile(_DEPLOYMENT + r"/?$"), control_plane.delete_deployment),
    Url("GET", re.compile(_API + r"/stages/?$"), stages.get_stages),
    Url("POST", re.compile(_API + r"/stages/?$"), stages.create_stage),
    Url("GET", re.compile(_STAGE + r"/?$"), stages.get_stage),
    Url("PATCH", re.compile(_STAGE + r"/?$"), stages.update_stage),
    Url("GET", re.compile(_API + r"/gatewayresponses/?$"), gateway_responses.get_gateway_responses),
    Url("GET", re.compile(_RESPONSE + r"/?$"), gateway_responses.get_gateway_response),
    Url("PUT", re.compile(_RESPONSE + r"/?$"), gateway_responses.put_gateway_response),
    Url("POST", re.compile(_API + r"/authorizers/?$"), control_plane.create_authorizer),
    Url("GET", re.compile(_API + r"/authorizers/?$"), control_plane.authorizer_answer),
    Url("GET", re.compile(_AUTHORIZER + r"/?$"), control_plane.authorizer_answer),
    Url("PATCH", re.compile(_AUTHORIZER + r"/?$"), control_plane.authorizer_answer),
    Url("POST", re.compile(_AUTHORIZER + r"/?$"), console_test.test_invoke_authorizer),
    Url("PUT", re.compile(_METHOD + r"/?$"), control_plane.put_method),
    Url("PATCH", re.compile(_METHOD + r"/?$"), control_plane.update_method),
    Url("POST", re.compile(_METHOD + r"/?$"), console_test.test_invoke_method),
    Url("PATCH", re.compile(_METHOD + r"/integration/?$"), control_plane.update_integration),
    Url("GET", re.compile(_METHOD + r"/integration/?$"), control_plane.get_integration),
    # Lambda: FunctionName and the code package checked before moto stores them (24.6, 24.8)
    Url("POST", re.compile(_FUNCTIONS + r"/?$"), code_upload.create_function),
    Url("PUT", re.compile(_FUNCTION + r"/code/?$"), code_upload.update_function_code),
    # Lambda: Invoke runs in the emulator's runtime
    Url("POST", re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations/?$"), invoke),
    # CloudWatch Logs: moto answers once the functions' queued log lines are in
    Url("POST", _ROOT, log_delivery.logs_request, when=log_delivery.is_logs_request),
    # Cognito
    Url(
        "GET",
        re.compile(r"^/(?P<pool>[\w-]+_[0-9A-Za-z]+)/\.well-known/jwks\.json$"),
        jwks.get_jwks,
    ),
    Url(
        "POST",
        re.compile(r"^/cognito-domain/(?P<domain>[a-z0-9-]+)/oauth2/token$"),
        oauth.token_endpoint,
    ),
    # Cognito: managed login on a user pool domain, unauthenticated as on AWS (section 26)
    Url("GET", re.compile(_DOMAIN + r"/oauth2/authorize$"), managed_login.authorize),
    Url("GET", re.compile(_DOMAIN + r"/login$"), managed_login.login_form),
    Url("POST", re.compile(_DOMAIN + r"/login$"), managed_login.login_submit),
    Url("GET", re.compile(_DOMAIN + r"/error$"), managed_login.error),
    Url("GET", re.compile(_DOMAIN + r"/logout$"), logout),
    Url("POST", re.compile(_DOMAIN + r"/oauth2/revoke$"), oauth.revoke_endpoint),
    Url(None, re.compile(_DOMAIN + r"/oauth2/userInfo$"), oauth.userinfo_endpoint),
    Url(
        "POST",
        _ROOT,
        client_urls.user_pool_client,
        _cognito("CreateUserPoolClient", "UpdateUserPoolClient"),
    ),
    Url("POST", _ROOT, cognito_control_plane.sign_in, _cognito(*sorted(SIGN_IN_ACTIONS))),
    Url("POST", _ROOT, cognito_control_plane.delete_user_pool, _cognito("DeleteUserPool")),
    # Service Quotas: the workshop preflight's quotas, which moto lacks (section 30)
    Url(
        "POST",
        _ROOT,
        service_quotas.get_quota,
        frozenset(
            service_quotas.TARGET_PREFIX + action
            for action in ("GetServiceQuota", "GetAWSDefaultServiceQuota")
        ),
    ),
    Url(
        "POST",
        _ROOT,
        cognito_control_plane.delete_resource_server,
        _cognito("DeleteResourceServer"),
    ),
    # Eventual consistency (eventual mode only; docs/aws-behaviour.md section 21)
    # Cognito: a new domain is CREATING, then ACTIVE (21.8)
    *(
        Url("POST", _ROOT, handler, _cognito(action), eventual_only=True)
        for action, handler in (
            ("CreateUserPoolDomain", domains.create_user_pool_domain),
            ("DescribeUserPoolDomain", domains.describe_user_pool_domain),
            ("DeleteUserPoolDomain", domains.delete_user_pool_domain),
        )
    ),
    # IAM (Query protocol: POST / with an Action): 21.2, 21.3, 21.4
    *(
        Url("POST", _ROOT, handler, when=iam_action(action), eventual_only=True)
        for action, handler in (
            ("CreateRole", iam_control_plane.create_role),
            ("PutRolePolicy", iam_control_plane.put_role_policy),
            ("GetRolePolicy", iam_control_plane.get_role_policy),
            ("DeleteRole", iam_control_plane.delete_role),
            ("DeleteRolePolicy", iam_control_plane.delete_role_policy),
            ("ListRoles", iam_control_plane.list_roles),
            ("ListRolePolicies", iam_control_plane.list_role_policies),
        )
    ),
    # Lambda: roles not yet assumable, Pending functions, updates, permissions (21.2, 21.5-7)
    *(
        Url(verb, re.compile(path + r"/?$"), handler, eventual_only=True)
        for verb, path, handler in (
            ("GET", _FUNCTION, lambda_control_plane.get_function),
            ("GET", _FUNCTION + "/configuration", lambda_control_plane.get_function_configuration),
            ("PUT", _FUNCTION + "/configuration", lambda_control_plane.update_function),
            ("POST", _FUNCTION + "/versions", lambda_control_plane.publish_version),
            ("POST", _FUNCTION + "/policy", lambda_control_plane.add_permission),
        )
    ),
)


def resolve(request: Request, *, eventual: bool = False) -> tuple[Handler, re.Match[str]] | None:
    """The first row that answers the request, or None (moto answers it)."""
    for url in URLS:
        matched = url.match(request, eventual=eventual)
        if matched is not None:
            return url.handler, matched
    return None


@dataclass(frozen=True)
class Throttle:
    """A service's request-rate quotas (eventual mode): ``check`` raises the service's
    throttling error for a request ``applies`` to, when it is over a quota."""

    applies: Callable[[Request], bool]
    check: Callable[[EmulatorState, Request], None]


THROTTLES: tuple[Throttle, ...] = (
    # API Gateway's control plane: per-operation quotas and the total (21.9)
    Throttle(lambda request: service_of(request) == "apigateway", apigateway_quotas.throttle),
    # Cognito user pools: per-category quotas (21.10); the token endpoint counts in oauth.py
    Throttle(cognito_quotas.is_cognito_call, cognito_quotas.throttle),
)


def throttle(state: EmulatorState, request: Request) -> None:
    """Refuse the request if it is over one of its service's quotas (eventual mode)."""
    for row in THROTTLES:
        if row.applies(request):
            row.check(state, request)

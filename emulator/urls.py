"""The emulator's one URL table: which handler answers which request.

Rows are tried in order; the first whose verb, path and (for JSON-protocol services) the
``X-Amz-Target`` header match answers. Anything no row matches goes to moto's server, which
answers the AWS control plane. Every handler takes ``(state, request, match)`` and returns an
``Answer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.wrappers import Request

from emulator import operations
from emulator.answers import Answer
from emulator.apigateway import console_test, control_plane
from emulator.apigateway.data_plane.handler import stage_request
from emulator.awslambda import log_delivery
from emulator.awslambda.invoke import invoke
from emulator.cognito import control_plane as cognito_control_plane
from emulator.cognito import jwks, oauth
from emulator.cognito.sign_in import SIGN_IN_ACTIONS, TARGET_PREFIX
from emulator.state import EmulatorState

Handler = Callable[[EmulatorState, Request, re.Match[str]], Answer]

_API = r"^/restapis/(?P<api>[^/]+)"
_METHOD = _API + r"/resources/(?P<res>[^/]+)/methods/(?P<verb>[^/]+)"
_ROOT = re.compile(r"^/$")


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

    def match(self, request: Request) -> re.Match[str] | None:
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
    Url("POST", re.compile(_API + r"/deployments/?$"), control_plane.create_deployment),
    Url(
        "GET",
        re.compile(_API + r"/deployments/(?P<deployment>[^/]+)/?$"),
        control_plane.get_deployment_with_summary,
        when=control_plane.wants_api_summary,
    ),
    Url("POST", re.compile(_API + r"/authorizers/?$"), control_plane.create_authorizer),
    Url(
        "POST",
        re.compile(_API + r"/authorizers/(?P<auth>[^/]+)/?$"),
        console_test.test_invoke_authorizer,
    ),
    Url("PATCH", re.compile(_METHOD + r"/?$"), control_plane.update_method),
    Url("POST", re.compile(_METHOD + r"/?$"), console_test.test_invoke_method),
    Url("PATCH", re.compile(_METHOD + r"/integration/?$"), control_plane.update_integration),
    Url("GET", re.compile(_METHOD + r"/integration/?$"), control_plane.get_integration),
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
    Url("POST", _ROOT, cognito_control_plane.sign_in, _cognito(*sorted(SIGN_IN_ACTIONS))),
    Url("POST", _ROOT, cognito_control_plane.delete_user_pool, _cognito("DeleteUserPool")),
    Url(
        "POST",
        _ROOT,
        cognito_control_plane.delete_resource_server,
        _cognito("DeleteResourceServer"),
    ),
)


def resolve(request: Request) -> tuple[Handler, re.Match[str]] | None:
    """The first row that answers the request, or None (moto answers it)."""
    for url in URLS:
        matched = url.match(request)
        if matched is not None:
            return url.handler, matched
    return None

"""The emulator's WSGI application: routes each request to the part that serves it.

- `/_emulator/...`                                    operations (health, reset, clock)
- `/restapis/{api}/{stage}/_user_request_/{path}`      API Gateway data plane
- `/{poolId}/.well-known/jwks.json`                    Cognito JWKS
- `POST /2015-03-31/functions/{name}/invocations`      Lambda Invoke (our runtime)
- `/cognito-domain/{domain}/oauth2/token`             Cognito's OAuth2 token endpoint
- API Gateway operations moto lacks (UpdateMethod, UpdateIntegration, GetIntegration's 404,
  TestInvokeMethod, TestInvokeAuthorizer)
- requests whose moto answer needs completing (moto_hooks.py): CreateDeployment,
  CreateAuthorizer, GetDeployment embed=apisummary, Cognito SRP sign-in
- everything else                                     moto's server (the control plane)
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Request, Response

from emulator import cognito_oauth, control_plane, moto_bridge
from emulator.apigw.proxy_event import IncomingRequest
from emulator.authorizer_step import AuthorizerEnv
from emulator.aws_errors import AwsError
from emulator.clock import Clock
from emulator.data_plane import DataPlane, LambdaAuthorizerFunctions
from emulator.deployments import DeploymentStore
from emulator.lambda_runtime.runtime import LambdaRuntime
from emulator.lambda_service import LambdaService
from emulator.moto_hooks import MotoHooks

log = logging.getLogger("emulator")

StartResponse = Callable[..., Any]
Handler = Callable[[Request, re.Match[str]], Response]

DEFAULT_REGION = "us-east-1"
_CREDENTIAL_REGION = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")
_DATA_PLANE = re.compile(
    r"^/restapis/(?P<api>[^/]+)/(?P<stage>[^/]+)/_user_request_(?P<path>/.*)?$"
)
_JWKS = re.compile(r"^/(?P<pool>[\w-]+_[0-9A-Za-z]+)/\.well-known/jwks\.json$")
_INVOKE = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations/?$")
_METHOD = re.compile(
    r"^/restapis/(?P<api>[^/]+)/resources/(?P<res>[^/]+)/methods/(?P<verb>[^/]+)/?$"
)
_INTEGRATION = re.compile(
    r"^/restapis/(?P<api>[^/]+)/resources/(?P<res>[^/]+)/methods/(?P<verb>[^/]+)/integration/?$"
)
_AUTHORIZER = re.compile(r"^/restapis/(?P<api>[^/]+)/authorizers/(?P<auth>[^/]+)/?$")
_TOKEN_ENDPOINT = re.compile(r"^/cognito-domain/(?P<domain>[a-z0-9-]+)/oauth2/token$")


@dataclass
class Emulator:
    """The state the emulator adds to moto's, and the parts that use it."""

    port: int
    clock: Clock
    deployments: DeploymentStore
    runtime: LambdaRuntime
    data_plane: DataPlane
    started_at: float

    @classmethod
    def create(cls, port: int, host: str = "127.0.0.1") -> Emulator:
        clock = Clock()
        runtime = LambdaRuntime(
            log_sink=_log_sink,
            function_env={"AWS_ENDPOINT_URL": f"http://{host}:{port}"},
        )
        deployments = DeploymentStore()
        jwks = moto_bridge.cognito_public_jwks()

        def jwks_for_pool(pool_id: str) -> dict[str, Any] | None:
            return jwks if moto_bridge.user_pool_region(pool_id) is not None else None

        lambdas = LambdaService(runtime)
        authorizer_env = AuthorizerEnv(
            jwks_for_pool, clock.now, functions=LambdaAuthorizerFunctions(lambdas)
        )
        data_plane = DataPlane(deployments, lambdas, authorizer_env)
        return cls(port, clock, deployments, runtime, data_plane, time.time())

    def reset(self) -> None:
        moto_bridge.reset_all()
        self.deployments.clear()
        self.data_plane.authorizer_env.cache.clear()
        self.runtime.reset()
        self.clock.reset()


def _log_sink(group: str, stream: str, events: list[tuple[int, str]]) -> None:
    """Function logs go to CloudWatch Logs in the function's region."""
    name = group.removeprefix("/aws/lambda/")
    region = moto_bridge.function_region(name) or DEFAULT_REGION
    moto_bridge.put_log_lines(region, group, stream, events)


class EmulatorApp:
    def __init__(self, emulator: Emulator, *, quiet: bool = False) -> None:
        self.emulator = emulator
        self.quiet = quiet
        self.hooks = MotoHooks(emulator, _region)
        self.routes: list[tuple[str | None, re.Pattern[str], Handler]] = [
            (None, _DATA_PLANE, self.data_plane),
            ("GET", _JWKS, self.jwks),
            ("POST", _INVOKE, self.invoke),
            ("PATCH", _METHOD, self.update_method),
            ("POST", _METHOD, self.test_invoke_method),
            ("PATCH", _INTEGRATION, self.update_integration),
            ("GET", _INTEGRATION, self.get_integration),
            ("POST", _AUTHORIZER, self.test_invoke_authorizer),
            ("POST", _TOKEN_ENDPOINT, self.oauth2_token),
        ]

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        request = Request(environ)
        path = environ.get("PATH_INFO", "")
        status_holder: list[str] = []

        def recording_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            status_holder.append(status)
            return start_response(status, headers, *args)

        try:
            if path.startswith("/_emulator/"):
                return self.operations(request)(environ, recording_start)
            hooked = self.hooks.hook_for(request)
            if hooked is not None:
                return hooked(environ, recording_start)
            for verb, pattern, handler in self.routes:
                matched = pattern.match(path)
                if matched and (verb is None or verb == request.method):
                    return self._guarded(handler, request, matched)(environ, recording_start)
            moto_response: Iterable[bytes] = self.hooks.moto(environ, recording_start)
            return moto_response
        finally:
            if not self.quiet:
                status = status_holder[0].split(" ")[0] if status_holder else "-"
                log.info(
                    "%s %s %s %.1fms",
                    request.method,
                    path,
                    status,
                    (time.perf_counter() - started) * 1000,
                )

    def _guarded(self, handler: Handler, request: Request, matched: re.Match[str]) -> Response:
        try:
            return handler(request, matched)
        except AwsError as err:
            return Response(err.body(), err.status, err.headers())

    # --- operations ----------------------------------------------------------------------

    def operations(self, request: Request) -> Response:
        if request.path == "/_emulator/health" and request.method == "GET":
            return _json(
                {
                    "status": "ready",
                    "moto": moto_bridge.PINNED_MOTO_VERSION,
                    "port": self.emulator.port,
                    "uptime_seconds": round(time.time() - self.emulator.started_at, 3),
                    "clock_offset_seconds": self.emulator.clock.offset,
                }
            )
        if request.path == "/_emulator/reset" and request.method == "POST":
            self.emulator.reset()
            self.hooks.sign_in.sessions.clear()
            return _json({"status": "reset"})
        if request.path == "/_emulator/clock" and request.method == "POST":
            body = request.get_json(silent=True) or {}
            if body.get("reset"):
                self.emulator.clock.reset()
            else:
                self.emulator.clock.advance(float(body.get("advance_seconds", 0)))
            return _json(
                {
                    "clock_offset_seconds": self.emulator.clock.offset,
                    "now": self.emulator.clock.now(),
                }
            )
        return _json({"message": f"No emulator operation {request.method} {request.path}"}, 404)

    # --- data plane ----------------------------------------------------------------------

    def data_plane(self, request: Request, matched: re.Match[str]) -> Response:
        incoming = IncomingRequest(
            method=request.method,
            path=unquote(matched.group("path") or "/"),
            raw_query_string=request.environ.get("QUERY_STRING", ""),
            headers=tuple((name, value) for name, value in request.headers.items()),
            body=request.get_data(),
            source_ip=request.remote_addr or "127.0.0.1",
        )
        result = self.emulator.data_plane.handle(
            matched.group("api"), matched.group("stage"), incoming
        )
        # werkzeug would send "401 UNAUTHORIZED"; API Gateway sends the usual phrase.
        response = Response(result.body, _status_line(result.status))
        response.headers.clear()
        for name, value in result.headers:
            response.headers.add(name, value)
        return response

    def oauth2_token(self, request: Request, matched: re.Match[str]) -> Response:
        answer = cognito_oauth.client_credentials_token(
            matched.group("domain"),
            dict(request.headers.items()),
            request.get_data(),
            now=self.emulator.clock.now(),
        )
        return _json(answer.body, answer.status)

    def jwks(self, request: Request, matched: re.Match[str]) -> Response:
        if moto_bridge.user_pool_region(matched.group("pool")) is None:
            return _json({"message": f"User pool {matched.group('pool')} does not exist."}, 404)
        return _json(moto_bridge.cognito_public_jwks())

    # --- Lambda --------------------------------------------------------------------------

    def invoke(self, request: Request, matched: re.Match[str]) -> Response:
        region = _region(request)
        service = self.emulator.data_plane.lambdas
        name = unquote(matched.group("name"))
        status, headers, body = service.invoke_api(
            region,
            name,
            request.args.get("Qualifier"),
            request.get_data(),
            request.headers.get("X-Amz-Invocation-Type", "RequestResponse"),
            request.headers.get("X-Amz-Log-Type", "None"),
        )
        return Response(body, status, {**headers, "Content-Type": "application/json"})

    # --- API Gateway extensions ----------------------------------------------------------

    def update_method(self, request: Request, m: re.Match[str]) -> Response:
        body = control_plane.parse_json_body(request.get_data())
        return _json(
            control_plane.update_method(
                _region(request), m.group("api"), m.group("res"), m.group("verb"), body
            )
        )

    def get_integration(self, request: Request, m: re.Match[str]) -> Response:
        return _json(
            control_plane.get_integration(
                _region(request), m.group("api"), m.group("res"), m.group("verb")
            )
        )

    def update_integration(self, request: Request, m: re.Match[str]) -> Response:
        body = control_plane.parse_json_body(request.get_data())
        return _json(
            control_plane.update_integration(
                _region(request), m.group("api"), m.group("res"), m.group("verb"), body
            )
        )

    def test_invoke_method(self, request: Request, m: re.Match[str]) -> Response:
        body = control_plane.parse_json_body(request.get_data())
        return _json(
            control_plane.test_invoke_method(
                self.emulator.data_plane,
                _region(request),
                m.group("api"),
                m.group("res"),
                m.group("verb"),
                body,
            )
        )

    def test_invoke_authorizer(self, request: Request, m: re.Match[str]) -> Response:
        body = control_plane.parse_json_body(request.get_data())
        return _json(
            control_plane.test_invoke_authorizer(
                self.emulator.data_plane, _region(request), m.group("api"), m.group("auth"), body
            )
        )


def _region(request: Request) -> str:
    matched = _CREDENTIAL_REGION.search(request.headers.get("Authorization", ""))
    return matched.group(1) if matched else DEFAULT_REGION


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status, {"Content-Type": "application/json"})

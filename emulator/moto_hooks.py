"""Requests moto answers, whose answers the emulator completes or checks.

- CreateDeployment: after moto makes it, freeze the draft into a deployment snapshot.
- CreateAuthorizer: moto 5.2.5 drops `identityValidationExpression`; store it afterwards.
- GetDeployment with `embed=apisummary`: add the `apiSummary` of the snapshot.
- Cognito sign-in: play the SRP server side moto skips (cognito_auth.py) and re-stamp the
  tokens for the client's validity on the emulator clock (cognito_tokens.py).
- DeleteUserPool: refused while the pool has a domain, as AWS does.
- DeleteResourceServer: moto 5.2.5 lacks it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.wrappers import Request, Response

from emulator import cognito_auth, cognito_tokens, control_plane, moto_bridge

if TYPE_CHECKING:
    from emulator.app import Emulator

_SIGN_IN_ACTIONS = {
    "InitiateAuth",
    "AdminInitiateAuth",
    "RespondToAuthChallenge",
    "AdminRespondToAuthChallenge",
}
_DEPLOYMENTS = re.compile(r"^/restapis/(?P<api>[^/]+)/deployments/?$")
_DEPLOYMENT = re.compile(r"^/restapis/(?P<api>[^/]+)/deployments/(?P<deployment>[^/]+)/?$")
_AUTHORIZERS = re.compile(r"^/restapis/(?P<api>[^/]+)/authorizers/?$")

Answer = tuple[int, list[tuple[str, str]], bytes]


class MotoHooks:
    def __init__(self, emulator: Emulator, region_of: Callable[[Request], str]) -> None:
        self.emulator = emulator
        self.region_of = region_of
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.sign_in = cognito_auth.CognitoSignIn()

    def hook_for(self, request: Request) -> Response | None:
        """The completed answer when this request needs a hook, else None (plain moto)."""
        path, verb = request.path, request.method
        if verb == "POST" and (matched := _DEPLOYMENTS.match(path)):
            return self.create_deployment(request, matched.group("api"))
        if verb == "POST" and (matched := _AUTHORIZERS.match(path)):
            return self.create_authorizer(request, matched.group("api"))
        if verb == "GET" and (matched := _DEPLOYMENT.match(path)) and _wants_api_summary(request):
            return self.get_deployment_with_summary(request, *matched.group("api", "deployment"))
        target = request.headers.get("X-Amz-Target", "")
        if verb == "POST" and target.startswith(cognito_auth.TARGET_PREFIX):
            action = target.removeprefix(cognito_auth.TARGET_PREFIX)
            if action in _SIGN_IN_ACTIONS:
                return self.cognito_sign_in(request, target)
            if action == "DeleteUserPool":
                return self.delete_user_pool(request)
            if action == "DeleteResourceServer":
                return self.delete_resource_server(request)
        return None

    def call(self, request: Request, body: bytes | None = None) -> Answer:
        """moto's answer to the request (with `body` instead of the original one, if given)."""
        payload = request.get_data() if body is None else body
        environ = request.environ
        environ["wsgi.input"] = io.BytesIO(payload)  # moto reads the body again
        environ["CONTENT_LENGTH"] = str(len(payload))
        captured: dict[str, Any] = {}

        def capture(
            status: str, headers: list[tuple[str, str]], *args: Any
        ) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return lambda _data: None

        answer = b"".join(self.moto(environ, capture))
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        return int(captured["status"].split()[0]), headers, answer

    def create_deployment(self, request: Request, api_id: str) -> Response:
        status, headers, body = self.call(request)
        if status < 300:
            control_plane.snapshot_deployment(
                self.emulator.deployments, self.region_of(request), api_id, json.loads(body)["id"]
            )
            self.emulator.data_plane.authorizer_env.cache.clear_api(api_id)
        return Response(body, status, headers)

    def create_authorizer(self, request: Request, api_id: str) -> Response:
        expression = _json_object(request.get_data()).get("identityValidationExpression")
        status, headers, body = self.call(request)
        if status < 300 and expression:
            fixed = moto_bridge.set_identity_validation_expression(
                self.region_of(request), api_id, json.loads(body)["id"], expression
            )
            body = json.dumps(fixed).encode() if fixed is not None else body
        return Response(body, status, headers)

    def get_deployment_with_summary(
        self, request: Request, api_id: str, deployment_id: str
    ) -> Response:
        status, headers, body = self.call(request)
        if status < 300:
            snapshot = self.emulator.deployments.get(api_id, deployment_id)
            payload = json.loads(body)
            payload["apiSummary"] = control_plane.api_summary(snapshot) if snapshot else {}
            body = json.dumps(payload).encode()
        return Response(body, status, headers)

    def cognito_sign_in(self, request: Request, target: str) -> Response:
        """Sign-in calls: SRP gets a real server side; every token issued is re-stamped for
        the client's token validity on the emulator clock (cognito_tokens.py)."""
        raw = request.get_data()
        body = _json_object(raw)

        def call_moto(payload: bytes) -> tuple[int, dict[str, str], bytes]:
            status, headers, answer = self.call(request, payload)
            return status, dict(headers), answer

        if self.sign_in.handles(target, body):
            status, headers, answer = self.sign_in.handle(target, body, call_moto)
        else:
            status, headers, answer = call_moto(raw)
        if status == 200:
            payload = json.loads(answer)
            if "AuthenticationResult" in payload:
                cognito_tokens.restamp(
                    payload["AuthenticationResult"],
                    str(body.get("ClientId")),
                    self.emulator.clock.now(),
                )
                answer = json.dumps(payload).encode()
                headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        return Response(answer, status, headers)

    def delete_user_pool(self, request: Request) -> Response:
        """AWS refuses to delete a pool that still has a domain; moto deletes it."""
        pool_id = str(_json_object(request.get_data()).get("UserPoolId"))
        if moto_bridge.user_pool_domain_of(pool_id) is not None:
            status, headers, answer = cognito_auth.cognito_error(
                "InvalidParameterException",
                "User pool cannot be deleted. It has a domain configured that should be "
                "deleted first.",
            )
            return Response(answer, status, headers)
        status, moto_headers, body = self.call(request)
        return Response(body, status, moto_headers)

    def delete_resource_server(self, request: Request) -> Response:
        """DeleteResourceServer, which moto 5.2.5 does not implement."""
        body = _json_object(request.get_data())
        pool_id, identifier = str(body.get("UserPoolId")), str(body.get("Identifier"))
        if not moto_bridge.delete_resource_server(self.region_of(request), pool_id, identifier):
            status, headers, answer = cognito_auth.cognito_error(
                "ResourceNotFoundException", f"Resource server {identifier} does not exist."
            )
            return Response(answer, status, headers)
        return Response(b"{}", 200, {"Content-Type": "application/x-amz-json-1.1"})


def _wants_api_summary(request: Request) -> bool:
    return "apisummary" in ",".join(request.args.getlist("embed")).lower()


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        loaded = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}

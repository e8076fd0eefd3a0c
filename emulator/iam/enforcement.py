"""IAM enforcement (``python -m emulator --enforce-iam``; docs/aws-behaviour.md section 28).

With it, the gate (emulator/gate/gate.py) also accepts the access keys of IAM users the owner
made in the emulator (CreateUser, CreateAccessKey), and every signed call such a user makes is
authorized here before any handler or moto sees it: the operation is read from botocore's
model (``operations``), what it presents to IAM from the request and moto's state
(``request_context``), and the decision is IAM's own rules over the user's policies, inline,
attached and from groups (awsrules/iam_policy.py). The owner's credentials are not evaluated
(an administrator's). Unsigned operations, the data plane and ``sts:GetCallerIdentity`` need
no permission, as on AWS.

moto's own server-mode enforcement (``INITIAL_NO_AUTH_ACTION_COUNT``) cannot serve: it
evaluates most calls on resource ``*`` and ignores conditions (docs/aws-behaviour.md 7.21).
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

from awsrules.iam_policy import Decision, RequestContext, denial_message, evaluate
from emulator.errors import AwsError
from emulator.iam.denials import access_denied
from emulator.iam.operations import identify
from emulator.iam.request_context import contexts
from emulator.moto_bridge import iam_principals as moto
from emulator.moto_bridge.iam_principals import IamUser
from emulator.wire import region_of

FREE_OPERATIONS = frozenset({("sts", "GetCallerIdentity")})
"""Signed operations that need no permission [doc: STS API Reference, GetCallerIdentity: "No
permissions are required to perform this operation"]."""
PARTICIPANT_EMULATOR_ROUTES = frozenset(
    {("GET", "/_emulator/health"), ("POST", "/_emulator/clock")}
)
"""The emulator's own routes an IAM user may call: its health, and the clock 06 moves (the
clock is the whole emulator's: our choice, docs/aws-behaviour.md 28.10)."""


@dataclass(frozen=True)
class Enforcement:
    """The per-request part of IAM enforcement; the gate holds one when it is on."""

    def user_for_key(self, access_key_id: str) -> IamUser | None:
        """The IAM user whose **active** access key this is (an inactive key is unknown, as
        AWS treats it: InvalidClientTokenId / UnrecognizedClientException)."""
        user = moto.user_of_access_key(access_key_id)
        return user if user is not None and user.active else None

    def authorize(self, request: Request, user: IamUser, service: str | None) -> None:
        """Return when ``user`` may make ``request``; raise AWS's denial otherwise."""
        if request.path.startswith("/_emulator/"):
            if (request.method, request.path) not in PARTICIPANT_EMULATOR_ROUTES:
                route = request.path.removeprefix("/_emulator/")
                raise access_denied(
                    "apigateway",
                    f"User: {user.arn} is not authorized to perform: emulator:{route} "
                    "(only the emulator's owner may; emulator/README.md, Security)",
                )
            return
        if service is None:
            raise access_denied("apigateway", f"User: {user.arn} sent no credential scope")
        operation = identify(request, service)
        if operation is None:
            raise access_denied(
                service,
                f"User: {user.arn} is not authorized to perform: {service}:{request.method} "
                f"{request.path} (the emulator does not know this operation)",
            )
        if (service, operation.name) in FREE_OPERATIONS:
            return
        policies = moto.user_policies(user.name)
        for needed in contexts(operation, region_of(request), user):
            decision = evaluate(policies, needed)
            if decision is not Decision.ALLOW:
                raise denied(service, user, needed, decision)


def denied(service: str, user: IamUser, needed: RequestContext, decision: Decision) -> AwsError:
    return access_denied(service, denial_message(user.arn, needed, decision))

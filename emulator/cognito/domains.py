"""User pool domains in eventual mode: CREATING first, and an endpoint that answers later.

"Your prefix domain might take up to one minute to take effect" (Cognito API reference,
CreateUserPoolDomain; docs/aws-behaviour.md 21.8). DescribeUserPoolDomain reports
``Status: CREATING`` for a while, then ``ACTIVE``; the domain's endpoints (the token
endpoint, emulator/cognito/oauth.py) answer only once the domain has taken effect. Before
that a client cannot even reach them on AWS (the host name does not resolve yet), so the
emulator closes the connection without an answer.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.consistency import Consistency, Pending
from emulator.consistency.behaviours import DOMAIN_CREATING, DOMAIN_ENDPOINT
from emulator.errors import DropConnection
from emulator.moto_bridge import server as moto_server
from emulator.wire import lenient_json_body

if TYPE_CHECKING:
    from emulator.state import EmulatorState


class DomainReadiness:
    def __init__(self, consistency: Consistency) -> None:
        self.creating: Pending[str, bool] = Pending(consistency, DOMAIN_CREATING)
        """Domain prefixes DescribeUserPoolDomain reports as CREATING."""
        self.unreachable: Pending[str, bool] = Pending(consistency, DOMAIN_ENDPOINT)
        """Domain prefixes whose endpoints do not answer yet."""

    def require_serving(self, domain: str) -> None:
        """Every endpoint of a domain that has not taken effect closes the connection
        (docs/aws-behaviour.md 21.8): on AWS its host name does not resolve yet."""
        if self.unreachable.pending(domain):
            raise DropConnection(f"user pool domain {domain} is not serving yet")

    def forget(self, domain: str) -> None:
        self.creating.forget(domain)
        self.unreachable.forget(domain)

    def clear(self) -> None:
        self.creating.clear()
        self.unreachable.clear()


def _domain(request: Request) -> str:
    return str(lenient_json_body(request).get("Domain", ""))


def create_user_pool_domain(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status == 200:
        state.domains.creating.start(_domain(request), True)
        state.domains.unreachable.start(_domain(request), True)
    return answer


def describe_user_pool_domain(
    state: EmulatorState, request: Request, match: re.Match[str]
) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status != 200 or not state.domains.creating.pending(_domain(request)):
        return answer
    payload = answer.json()
    description = payload.get("DomainDescription")
    if isinstance(description, dict) and description:
        description["Status"] = "CREATING"
    return answer.with_body(json.dumps(payload).encode())


def delete_user_pool_domain(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status == 200:
        state.domains.forget(_domain(request))
    return answer

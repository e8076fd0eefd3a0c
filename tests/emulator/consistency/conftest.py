"""An emulator in eventual mode, and what its tests need (docs/aws-behaviour.md section 21).

One ``--consistency eventual --delay-scale 0.1`` emulator per test session (per xdist
worker), reset before every test: nothing pending, every quota full. Clients never retry,
so a test sees AWS's answer itself. Nothing sleeps blindly: a test either polls with a
deadline (``wait_until``) or moves the emulator's monotonic clock past a delay
(``Eventual.skip``).
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import (
    DEPLOYMENT_PROPAGATION,
    FUNCTION_PENDING,
    PERMISSION_PROPAGATION,
    ROLE_ASSUMABLE,
    Delay,
    Quota,
)
from emulator.process import EmulatorProcess, auth_for, credentials_for
from tests.emulator.conftest import ACCOUNT, REGION, zip_of

SCALE = 0.1
"""The tests' delay scale: small, not zero (AWS's 5 s are 0.5 s here)."""
STRETCHED = 10_000.0
"""For counting requests against a quota: a window of 1 s lasts almost 3 hours, so a bucket
does not refill while a test empties it (even on a busy machine), and the count is exact."""

TRUST_LAMBDA = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
ECHO = Path(__file__).parents[1] / "echo_handler.py"
NO_RETRIES = Config(retries={"total_max_attempts": 1})


@dataclass
class Eventual:
    url: str
    scale: float

    def seconds(self, delay: Delay) -> float:
        """How long ``delay`` of the table lasts on this emulator."""
        return delay.seconds * self.scale

    def deadline(self, delay: Delay) -> float:
        """A generous bound for waiting out ``delay`` (a poll ends as soon as it is over)."""
        return self.seconds(delay) * 4 + 2.0

    def window(self, quota: Quota) -> float:
        """How long ``quota``'s window lasts on this emulator."""
        return quota.window_seconds * self.scale

    def advance(self, seconds: float) -> None:
        """Move the emulator's monotonic clock ``seconds`` (and a little more) forward."""
        requests.post(
            f"{self.url}/_emulator/clock",
            json={"advance_seconds": seconds + 0.01},
            auth=auth_for(self.url),
            timeout=5,
        ).raise_for_status()

    def skip(self, delay: Delay) -> None:
        """Move the emulator's clock past ``delay`` (and past every other pending delay)."""
        self.advance(self.seconds(delay))

    def client(self, service: str) -> Any:
        """A client that never retries (one per service and emulator: made once, as a
        client's first use loads its model, which takes longer than some delays here)."""
        return _client(self.url, service)


@functools.cache
def _client(url: str, service: str) -> Any:
    session = boto3.Session(region_name=REGION, **credentials_for(url).boto3_kwargs())
    return session.client(service, endpoint_url=url, config=NO_RETRIES)


def start_eventual(scale: float) -> EmulatorProcess:
    return EmulatorProcess(consistency="eventual", delay_scale=scale)


@pytest.fixture(scope="session")
def eventual_emulator() -> Iterator[EmulatorProcess]:
    emulator = start_eventual(SCALE)
    yield emulator
    emulator.stop()


def fresh(emulator: EmulatorProcess, scale: float) -> Eventual:
    requests.post(
        f"{emulator.url}/_emulator/reset", auth=emulator.auth, timeout=30
    ).raise_for_status()
    return Eventual(emulator.url, scale)


@pytest.fixture
def eventual(eventual_emulator: EmulatorProcess) -> Eventual:
    """The eventual emulator, reset: a fresh account with nothing pending."""
    return fresh(eventual_emulator, SCALE)


@pytest.fixture(scope="session")
def stretched_emulator() -> Iterator[EmulatorProcess]:
    emulator = start_eventual(STRETCHED)
    yield emulator
    emulator.stop()


@pytest.fixture
def stretched(stretched_emulator: EmulatorProcess) -> Eventual:
    """An eventual emulator at scale 10 000 (see STRETCHED), reset."""
    return fresh(stretched_emulator, STRETCHED)


def wait_until(check: Callable[[], bool], *, within: float, every: float = 0.02) -> bool:
    """Poll ``check`` until it is true or ``within`` seconds have passed; its last answer."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


def error_code(call: Callable[[], object]) -> str | None:
    """The AWS error code ``call`` raises, or None when it succeeds."""
    try:
        call()
    except ClientError as err:
        return str(err.response["Error"]["Code"])
    return None


def error_codes(call: Callable[[], object], times: int) -> list[str | None]:
    """``error_code`` of ``times`` calls in a row."""
    return [error_code(call) for _ in range(times)]


def new_role(eventual: Eventual) -> str:
    """A role Lambda may assume, already propagated (the clock is moved past 21.2)."""
    arn = eventual.client("iam").create_role(
        RoleName=f"role-{uuid.uuid4().hex[:8]}", AssumeRolePolicyDocument=TRUST_LAMBDA
    )["Role"]["Arn"]
    eventual.skip(ROLE_ASSUMABLE)
    return str(arn)


def create_echo_function(eventual: Eventual, role_arn: str, name: str | None = None) -> str:
    """The echo function (Pending: its name is returned at once)."""
    name = name or f"echo-{uuid.uuid4().hex[:8]}"
    eventual.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="echo_handler.handler",
        Code={"ZipFile": zip_of(ECHO, "echo_handler.py")},
        Timeout=3,
    )
    return name


@dataclass
class EventualStack:
    """GET /users (NONE, AWS_PROXY to the echo function) deployed to ``dev`` and served."""

    eventual: Eventual
    api_id: str
    resource_id: str
    function_name: str
    role_arn: str

    def url(self, stage: str = "dev") -> str:
        return f"{self.eventual.url}/restapis/{self.api_id}/{stage}/_user_request_/users"

    def get(self, stage: str = "dev") -> requests.Response:
        return requests.get(self.url(stage), timeout=15)

    def deploy(self, stage: str = "dev") -> str:
        apigw = self.eventual.client("apigateway")
        return str(apigw.create_deployment(restApiId=self.api_id, stageName=stage)["id"])

    def allow_api_gateway(self, statement_id: str) -> None:
        self.eventual.client("lambda").add_permission(
            FunctionName=self.function_name,
            StatementId=statement_id,
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{self.api_id}/*/GET/users",
        )


def build_stack(eventual: Eventual) -> EventualStack:
    """The tutorial's stack in eventual mode, each delay skipped on the emulator's clock."""
    role_arn = new_role(eventual)
    function = create_echo_function(eventual, role_arn)
    eventual.skip(FUNCTION_PENDING)
    apigw = eventual.client("apigateway")
    api_id = apigw.create_rest_api(
        name=f"users-{uuid.uuid4().hex[:8]}", endpointConfiguration={"types": ["REGIONAL"]}
    )["id"]
    root = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    resource_id = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="users")["id"]
    apigw.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE"
    )
    function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"
    apigw.put_integration(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations",
    )
    stack = EventualStack(eventual, api_id, resource_id, function, role_arn)
    stack.allow_api_gateway("apigateway-get-users")
    eventual.skip(PERMISSION_PROPAGATION)
    stack.deploy()
    eventual.skip(DEPLOYMENT_PROPAGATION)
    return stack


@pytest.fixture
def eventual_stack(eventual: Eventual) -> EventualStack:
    return build_stack(eventual)

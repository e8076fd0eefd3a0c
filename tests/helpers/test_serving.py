"""wait_until_served: after a deployment, poll the stage until it answers as the new
deployment must (a new stage: 403 Missing Authentication Token until served)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from helpers import apigateway, cognito, cognito_authorizer, http, serving, waits
from helpers.backend import Workbook
from helpers.errors import WorkbookError
from helpers.http import HttpResponse
from tests.course import OpenApi
from tests.helpers.fakes import FakeClock, use_fake_time

URL = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev/users"
MISSING = HttpResponse(403, {"message": "Missing Authentication Token"}, None, None)
OPEN = HttpResponse(200, "Testing Lambda from API Gateway", None, None)
SHUT = HttpResponse(401, {"message": "Unauthorized"}, None, None)


def scripted(monkeypatch: pytest.MonkeyPatch, answers: list[HttpResponse]) -> list[str]:
    """Make the stage answer ``answers`` in turn (the last one for ever); returns the calls."""
    calls: list[str] = []
    remaining = iter(answers)
    last = answers[-1]

    def call_api(url: str, token: str | None = None, **kwargs: Any) -> HttpResponse:
        calls.append(f"{kwargs.get('method', 'GET')} {url} token={token is not None}")
        return next(remaining, last)

    monkeypatch.setattr(http, "call_api", call_api)
    return calls


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return use_fake_time(monkeypatch)


@pytest.fixture
def line(monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    stream = io.StringIO()
    monkeypatch.setattr(waits, "PROGRESS", waits.Progress(stream))
    return stream.getvalue


def test_a_new_stage_is_polled_until_it_stops_answering_missing_authentication_token(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    calls = scripted(monkeypatch, [MISSING, MISSING, MISSING, OPEN])
    assert serving.wait_until_served(URL, 200) == OPEN
    assert (len(calls), clock.sleeps) == (4, [0.5, 1.0, 2.0])


def test_an_attached_authorizer_is_served_when_the_call_without_token_gets_401(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, line: Callable[[], str]
) -> None:
    scripted(monkeypatch, [OPEN, OPEN, SHUT])  # the previous deployment answers 200
    serving.wait_until_served(URL, 401)
    assert line().endswith(
        "The stage serves the new deployment: GET /users without a token answers 401 (waited 2 s)\n"
    )


def test_the_probe_sends_the_method_token_and_body_it_was_given(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    calls = scripted(monkeypatch, [HttpResponse(201, {"created": "bob"}, None, None)])
    serving.wait_until_served(URL, 201, method="POST", token="eyJ", json_body={"username": "b"})
    assert calls == [f"POST {URL} token=True"]


def test_a_stage_that_never_serves_it_says_to_wait_and_rerun_not_to_redeploy(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    scripted(monkeypatch, [OPEN])
    with pytest.raises(WorkbookError) as raised:
        serving.wait_until_served(URL, 401)
    message = str(raised.value)
    assert message.startswith(
        "Still waiting for the new deployment to be served after 120 s "
        "(last seen: HTTP 200 Testing Lambda from API Gateway). "
        "Expected: GET /users without a token answers 401."
    )
    assert "re-run this cell (not the deployment" in message


def test_no_connection_yet_counts_as_not_served(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    answers: Iterator[HttpResponse | WorkbookError] = iter([WorkbookError("Could not reach"), OPEN])

    def call_api(url: str, token: str | None = None, **kwargs: Any) -> HttpResponse:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(http, "call_api", call_api)
    assert serving.wait_until_served(URL, 200) == OPEN


def test_on_the_emulator_a_redeployed_authorizer_is_served_at_once(
    wb: Workbook, open_api: OpenApi, line: Callable[[], str]
) -> None:
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, open_api.api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, open_api.api.id, open_api.users_id, authorizer.id)
    deployment = apigateway.create_deployment(wb, open_api.api.id, "Cognito")
    assert serving.wait_until_served(deployment.invoke_url, 401).body == {"message": "Unauthorized"}
    assert line() == (
        "The stage serves the new deployment: GET /users without a token answers 401 (waited 0 s)\n"
    )

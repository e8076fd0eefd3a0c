"""02's method test right after AddPermission: a new permission takes a moment to take effect
(docs/aws-behaviour.md 21.7), so a 500 "Invalid permissions on Lambda function" is tried
again; any other answer is the answer."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import apigateway
from helpers.errors import WorkbookError
from tests.helpers.fakes import use_fake_time


class FakeApiGateway:
    def __init__(self, answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.calls = 0

    def test_invoke_method(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        return self.answers[min(self.calls, len(self.answers)) - 1]


class FakeWorkbook:
    def __init__(self, client: FakeApiGateway) -> None:
        self._client = client
        self.names = type("Names", (), {"resource_path": "/users"})()

    def client(self, name: str) -> FakeApiGateway:
        return self._client


NOT_YET = {
    "status": 500,
    "body": '{"message": "Internal server error"}',
    "log": ("Execution failed due to configuration error: Invalid permissions on Lambda function"),
}
SERVED = {"status": 200, "body": "[]", "log": "Method completed with status: 200"}


def test_a_permission_not_yet_in_effect_is_tried_again_until_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use_fake_time(monkeypatch)
    client = FakeApiGateway([NOT_YET, NOT_YET, SERVED])
    result = apigateway.test_invoke_method(FakeWorkbook(client), "api", "res")  # type: ignore[arg-type]
    assert (result.status, client.calls, len(clock.sleeps)) == (200, 3, 2)


def test_another_500_is_the_answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_time(monkeypatch)
    broken = {"status": 500, "body": "x", "log": "Lambda execution failed"}
    client = FakeApiGateway([broken, SERVED])
    result = apigateway.test_invoke_method(FakeWorkbook(client), "api", "res")  # type: ignore[arg-type]
    assert (result.status, client.calls) == (500, 1)


def test_a_permission_that_never_takes_effect_names_the_permission_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_fake_time(monkeypatch)
    client = FakeApiGateway([NOT_YET])
    with pytest.raises(WorkbookError, match="add_permission"):
        apigateway.test_invoke_method(FakeWorkbook(client), "api", "res")  # type: ignore[arg-type]

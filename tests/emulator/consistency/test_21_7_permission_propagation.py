"""A new Lambda permission takes a moment to take effect: until then API Gateway answers 500
(docs/aws-behaviour.md 21.7, 2.5)."""

from __future__ import annotations

import pytest

from emulator.consistency.behaviours import PERMISSION_PROPAGATION
from tests.emulator.consistency.conftest import EventualStack, wait_until


@pytest.fixture
def regranted(eventual_stack: EventualStack) -> EventualStack:
    """The API's permission removed (at once) and granted again as a new statement."""
    eventual_stack.eventual.client("lambda").remove_permission(
        FunctionName=eventual_stack.function_name, StatementId="apigateway-get-users"
    )
    eventual_stack.allow_api_gateway("apigateway-get-users-again")
    return eventual_stack


def test_new_permission_not_yet_in_effect_answers_500_internal_server_error_inferred(
    regranted: EventualStack,
) -> None:
    response = regranted.get()
    assert (response.status_code, response.text, response.headers["x-amzn-ErrorType"]) == (
        500,
        '{"message": "Internal server error"}',
        "InternalServerErrorException",
    )


def test_new_permission_takes_effect_after_propagation(regranted: EventualStack) -> None:
    assert wait_until(
        lambda: regranted.get().status_code == 200,
        within=regranted.eventual.deadline(PERMISSION_PROPAGATION),
    )

"""A new deployment is served only after it has propagated (docs/aws-behaviour.md 21.1)."""

from __future__ import annotations

from emulator.consistency.behaviours import DEPLOYMENT_PROPAGATION
from tests.emulator.consistency.conftest import EventualStack, wait_until


def served_deployment(eventual_stack: EventualStack, stage: str = "dev") -> str:
    return str(eventual_stack.get(stage).json()["requestContext"]["deploymentId"])


def test_redeploy_keeps_serving_the_previous_deployment_until_propagated_inferred(
    eventual_stack: EventualStack,
) -> None:
    before = served_deployment(eventual_stack)
    eventual_stack.deploy()
    assert served_deployment(eventual_stack) == before


def test_redeploy_is_served_once_propagated_localstack_validated_retries(
    eventual_stack: EventualStack,
) -> None:
    new = eventual_stack.deploy()
    assert wait_until(
        lambda: served_deployment(eventual_stack) == new,
        within=eventual_stack.eventual.deadline(DEPLOYMENT_PROPAGATION),
    )


def test_new_stage_answers_403_missing_authentication_token_until_propagated(
    eventual_stack: EventualStack,
) -> None:
    eventual_stack.deploy("beta")
    response = eventual_stack.get("beta")
    assert (response.status_code, response.text, response.headers["x-amzn-ErrorType"]) == (
        403,
        '{"message":"Missing Authentication Token"}',
        "MissingAuthenticationTokenException",
    )


def test_new_stage_is_served_once_propagated(eventual_stack: EventualStack) -> None:
    eventual_stack.deploy("beta")
    assert wait_until(
        lambda: eventual_stack.get("beta").status_code == 200,
        within=eventual_stack.eventual.deadline(DEPLOYMENT_PROPAGATION),
    )

"""A new deployment is served only after it has propagated (docs/aws-behaviour.md 21.1)."""

from __future__ import annotations

from emulator.consistency.behaviours import DEPLOYMENT_PROPAGATION
from tests.emulator.consistency.conftest import EventualStack, wait_until


def served_deployment(stack: EventualStack, stage: str = "dev") -> str:
    return str(stack.get(stage).json()["requestContext"]["deploymentId"])


def test_redeploy_keeps_serving_the_previous_deployment_until_propagated_inferred(
    stack: EventualStack,
) -> None:
    before = served_deployment(stack)
    stack.deploy()
    assert served_deployment(stack) == before


def test_redeploy_is_served_once_propagated_localstack_validated_retries(
    stack: EventualStack,
) -> None:
    new = stack.deploy()
    assert wait_until(
        lambda: served_deployment(stack) == new,
        within=stack.eventual.deadline(DEPLOYMENT_PROPAGATION),
    )


def test_new_stage_answers_403_missing_authentication_token_until_propagated(
    stack: EventualStack,
) -> None:
    stack.deploy("beta")
    response = stack.get("beta")
    assert (response.status_code, response.text, response.headers["x-amzn-ErrorType"]) == (
        403,
        '{"message":"Missing Authentication Token"}',
        "MissingAuthenticationTokenException",
    )


def test_new_stage_is_served_once_propagated(stack: EventualStack) -> None:
    stack.deploy("beta")
    assert wait_until(
        lambda: stack.get("beta").status_code == 200,
        within=stack.eventual.deadline(DEPLOYMENT_PROPAGATION),
    )

"""``--consistency immediate``, the default, is the emulator as it always was: nothing is
delayed and nothing is throttled (docs/aws-behaviour.md section 21)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.emulator.conftest import Stack


def test_immediate_mode_lets_lambda_use_a_new_role_and_function_at_once(stack: Stack) -> None:
    lambda_client = stack.clients["lambda"]
    configuration = lambda_client.get_function(FunctionName=stack.function_name)["Configuration"]
    invoked = lambda_client.invoke(FunctionName=stack.function_name, Payload=b"{}")
    assert (configuration["State"], invoked["StatusCode"]) == ("Active", 200)


def test_immediate_mode_throttles_no_deployment(
    stack: Stack, make_clients: Callable[[], dict[str, Any]]
) -> None:
    deployments = [stack.deploy() for _ in range(3)]
    assert (len(set(deployments)), stack.get().status_code) == (3, 200)

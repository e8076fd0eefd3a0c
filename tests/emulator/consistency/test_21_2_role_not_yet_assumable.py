"""A new role cannot be assumed by Lambda at once (docs/aws-behaviour.md 21.2)."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import ROLE_ASSUMABLE
from tests.emulator.consistency.conftest import (
    TRUST_LAMBDA,
    Eventual,
    create_echo_function,
    error_code,
    wait_until,
)


def fresh_role(eventual: Eventual) -> str:
    return str(
        eventual.client("iam").create_role(
            RoleName=f"role-{uuid.uuid4().hex[:8]}", AssumeRolePolicyDocument=TRUST_LAMBDA
        )["Role"]["Arn"]
    )


def test_create_function_with_a_new_role_answers_400_invalid_parameter_value_recorded(
    eventual: Eventual,
) -> None:
    role_arn = fresh_role(eventual)
    with pytest.raises(ClientError) as refused:
        create_echo_function(eventual, role_arn)
    assert (
        refused.value.response["ResponseMetadata"]["HTTPStatusCode"],
        refused.value.response["Error"]["Code"],
        refused.value.response["Error"]["Message"],
    ) == (
        400,
        "InvalidParameterValueException",
        "The role defined for the function cannot be assumed by Lambda.",
    )


def test_create_function_succeeds_once_the_role_has_propagated(eventual: Eventual) -> None:
    role_arn = fresh_role(eventual)
    assert wait_until(
        lambda: error_code(lambda: create_echo_function(eventual, role_arn, "after-role")) is None,
        within=eventual.deadline(ROLE_ASSUMABLE),
    )

"""IAM enforcement in the emulator (``--enforce-iam``; docs/aws-behaviour.md section 28): who
signs, what is evaluated, and what is not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from emulator.gate.client import EmulatorAuth
from emulator.gate.credentials import Credentials
from emulator.process import EmulatorProcess

REGION = "us-east-1"
ALLOW_LIST_FUNCTIONS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "lambda:ListFunctions", "Resource": "*"}],
}


@pytest.fixture(scope="module")
def enforcing() -> Iterator[EmulatorProcess]:
    emulator = EmulatorProcess(enforce_iam=True)
    try:
        yield emulator
    finally:
        emulator.stop()


def _client(emulator: EmulatorProcess, service: str, credentials: Credentials) -> Any:
    session = boto3.Session(region_name=REGION, **credentials.boto3_kwargs())
    return session.client(service, endpoint_url=emulator.url)


def _user(emulator: EmulatorProcess, name: str, *policies: dict[str, Any]) -> Credentials:
    iam = _client(emulator, "iam", emulator.credentials)
    iam.create_user(UserName=name)
    for index, document in enumerate(policies):
        iam.put_user_policy(
            UserName=name, PolicyName=f"p{index}", PolicyDocument=json.dumps(document)
        )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def _error(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_an_iam_users_key_signs_and_an_allowed_call_passes(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "lister", ALLOW_LIST_FUNCTIONS)
    assert _client(enforcing, "lambda", keys).list_functions()["Functions"] == []


def test_a_user_without_a_policy_is_implicitly_denied(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "nobody")
    assert _error(lambda: _client(enforcing, "lambda", keys).list_functions()) == (
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/nobody is not authorized to perform: "
        "lambda:ListFunctions on resource: * because no identity-based policy allows the "
        "lambda:ListFunctions action",
    )


def test_an_explicit_deny_in_another_policy_wins(enforcing: EmulatorProcess) -> None:
    deny = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "lambda:List*", "Resource": "*"}],
    }
    keys = _user(enforcing, "denied", ALLOW_LIST_FUNCTIONS, deny)
    code, message = _error(lambda: _client(enforcing, "lambda", keys).list_functions())
    assert (code, message.endswith("with an explicit deny in an identity-based policy")) == (
        "AccessDeniedException",
        True,
    )


def test_a_groups_policy_applies_to_its_members(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "member")
    iam = _client(enforcing, "iam", enforcing.credentials)
    iam.create_group(GroupName="listers")
    iam.put_group_policy(
        GroupName="listers", PolicyName="list", PolicyDocument=json.dumps(ALLOW_LIST_FUNCTIONS)
    )
    iam.add_user_to_group(GroupName="listers", UserName="member")
    assert _client(enforcing, "lambda", keys).list_functions()["Functions"] == []


def test_the_owners_credentials_are_not_evaluated(enforcing: EmulatorProcess) -> None:
    owner = _client(enforcing, "cognito-idp", enforcing.credentials)
    assert owner.create_user_pool(PoolName="untagged-by-the-owner")["UserPool"]["Id"]


def test_an_inactive_key_is_an_unknown_key_invalid_client_token_id(
    enforcing: EmulatorProcess,
) -> None:
    keys = _user(enforcing, "retired", ALLOW_LIST_FUNCTIONS)
    _client(enforcing, "iam", enforcing.credentials).update_access_key(
        UserName="retired", AccessKeyId=keys.access_key_id, Status="Inactive"
    )
    assert _error(lambda: _client(enforcing, "iam", keys).list_roles())[0] == (
        "InvalidClientTokenId"
    )


def test_get_caller_identity_needs_no_permission(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "who")
    identity = _client(enforcing, "sts", keys).get_caller_identity()
    assert identity["Arn"] == "arn:aws:iam::123456789012:user/who"


def test_an_iam_user_may_not_reset_the_emulator(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "resetter")
    answer = requests.post(f"{enforcing.url}/_emulator/reset", auth=EmulatorAuth(keys), timeout=10)
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"]) == (
        403,
        "AccessDeniedException",
    )


def test_an_iam_user_may_read_the_health_and_move_the_clock_the_course_does(
    enforcing: EmulatorProcess,
) -> None:
    keys = _user(enforcing, "timetraveller")
    auth = EmulatorAuth(keys)
    moved = requests.post(
        f"{enforcing.url}/_emulator/clock", json={"advance_seconds": 1}, auth=auth, timeout=10
    )
    reset = requests.post(f"{enforcing.url}/_emulator/clock", json={"reset": True}, auth=auth)
    health = requests.get(f"{enforcing.url}/_emulator/health", auth=auth, timeout=10)
    assert (moved.status_code, reset.status_code, "clock_offset_seconds" in health.json()) == (
        200,
        200,
        True,
    )


def test_api_gateway_denial_is_403_with_a_capital_message(enforcing: EmulatorProcess) -> None:
    keys = _user(enforcing, "apiless")
    answer = requests.get(
        f"{enforcing.url}/restapis", auth=EmulatorAuth(keys, service="apigateway"), timeout=10
    )
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"], list(answer.json())) == (
        403,
        "AccessDeniedException",
        ["Message"],
    )


def test_without_enforcement_an_iam_users_key_is_unknown(emulator_url: str) -> None:
    """The default emulator accepts only its owner's key (docs/aws-behaviour.md 25.1)."""
    from emulator.process import credentials_for

    owner = credentials_for(emulator_url)
    iam = boto3.Session(region_name=REGION, **owner.boto3_kwargs()).client(
        "iam", endpoint_url=emulator_url
    )
    iam.create_user(UserName="not-enforced-user")
    key = iam.create_access_key(UserName="not-enforced-user")["AccessKey"]
    user = boto3.Session(
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    ).client("lambda", endpoint_url=emulator_url)
    assert _error(lambda: user.list_functions())[0] == "UnrecognizedClientException"
    iam.delete_access_key(UserName="not-enforced-user", AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName="not-enforced-user")

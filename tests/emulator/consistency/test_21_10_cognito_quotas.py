"""Cognito's request-rate quotas: 400 TooManyRequestsException "Rate exceeded" over them
(docs/aws-behaviour.md 21.10, source: "Quotas in Amazon Cognito").

Counted on the stretched emulator (scale 10 000), so that a bucket does not refill while a
test empties it.
"""

from __future__ import annotations

import uuid

import pytest
import requests
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import COGNITO_QUOTAS, DOMAIN_ENDPOINT
from tests.emulator.conftest import create_pool
from tests.emulator.consistency.conftest import Eventual, error_codes

THROTTLED = "TooManyRequestsException"


def rate(name: str) -> int:
    return next(quota.burst for quota in COGNITO_QUOTAS if quota.name == name)


def test_describe_user_pool_beyond_15_per_second_answers_400_rate_exceeded_doc(
    stretched: Eventual,
) -> None:
    idp = stretched.client("cognito-idp")
    pool_id, _ = create_pool(idp, "busy")
    for _ in range(rate("UserPoolRead")):
        idp.describe_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as refused:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert (
        refused.value.response["ResponseMetadata"]["HTTPStatusCode"],
        refused.value.response["Error"]["Code"],
        refused.value.response["Error"]["Message"],
    ) == (400, THROTTLED, "Rate exceeded")


def test_create_user_pool_client_is_held_to_5_per_second_per_pool_doc(
    stretched: Eventual,
) -> None:
    idp = stretched.client("cognito-idp")
    pool_id, _ = create_pool(idp, "clients")  # its first app client counts
    calls = error_codes(
        lambda: idp.create_user_pool_client(UserPoolId=pool_id, ClientName=uuid.uuid4().hex),
        times=5,
    )
    assert calls == [None, None, None, None, THROTTLED]


def test_another_pool_is_not_held_by_one_pools_5_per_second_doc(stretched: Eventual) -> None:
    idp = stretched.client("cognito-idp")
    first, _ = create_pool(idp, "first")
    second, _ = create_pool(idp, "second")
    error_codes(
        lambda: idp.create_user_pool_client(UserPoolId=first, ClientName=uuid.uuid4().hex),
        times=5,
    )
    assert error_codes(
        lambda: idp.create_user_pool_client(UserPoolId=second, ClientName=uuid.uuid4().hex),
        times=1,
    ) == [None]


def test_admin_create_user_beyond_50_per_second_is_throttled_doc(stretched: Eventual) -> None:
    idp = stretched.client("cognito-idp")
    pool_id, _ = create_pool(idp, "users")
    calls = error_codes(
        lambda: idp.admin_create_user(
            UserPoolId=pool_id, Username=uuid.uuid4().hex, MessageAction="SUPPRESS"
        ),
        times=rate("UserCreation") + 1,
    )
    assert calls == [None] * rate("UserCreation") + [THROTTLED]


def test_token_endpoint_beyond_150_per_second_answers_429_our_choice(stretched: Eventual) -> None:
    idp = stretched.client("cognito-idp")
    pool_id, _ = create_pool(idp, "m2m")
    idp.create_user_pool_domain(Domain="m2m-auth", UserPoolId=pool_id)
    stretched.skip(DOMAIN_ENDPOINT)
    statuses = [
        requests.post(
            f"{stretched.url}/cognito-domain/m2m-auth/oauth2/token",
            data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"},
            timeout=10,
        ).status_code
        for _ in range(rate("ClientAuthentication") + 1)
    ]
    assert statuses == [400] * rate("ClientAuthentication") + [429]

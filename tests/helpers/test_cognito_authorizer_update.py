"""Re-running 04 against an authorizer that trusts an older pool: add the new provider ARN,
then remove the old one (the list may never be empty). Offline, with botocore's Stubber: the
emulator does not implement UpdateAuthorizer on /providerARNs (moto raises)."""

from __future__ import annotations

import boto3
from botocore.stub import Stubber

from helpers import cognito_authorizer
from helpers.backend import Workbook
from helpers.config import WorkbookConfig

OLD = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Old"
NEW = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_New"
SOURCE = "method.request.header.Authorization"


def authorizer(provider_arns: list[str]) -> dict[str, object]:
    return {
        "id": "auth1",
        "name": "alice-cognito-authorizer",
        "type": "COGNITO_USER_POOLS",
        "providerARNs": provider_arns,
        "identitySource": SOURCE,
    }


def test_a_new_pool_is_added_before_the_old_one_is_removed() -> None:
    wb = Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )
    with Stubber(wb.client("apigateway")) as stubber:
        stubber.add_response(
            "get_authorizers", {"items": [authorizer([OLD])]}, {"restApiId": "api"}
        )
        stubber.add_response(
            "update_authorizer",
            authorizer([NEW]),
            {
                "restApiId": "api",
                "authorizerId": "auth1",
                "patchOperations": [
                    {"op": "add", "path": "/providerARNs", "value": NEW},
                    {"op": "remove", "path": "/providerARNs", "value": OLD},
                ],
            },
        )
        updated = cognito_authorizer.create_cognito_authorizer(wb, "api", NEW)
        stubber.assert_no_pending_responses()
    assert updated.provider_arns == (NEW,)


def test_an_authorizer_that_already_trusts_the_pool_needs_no_operation() -> None:
    assert cognito_authorizer.provider_arn_operations((NEW,), NEW) == []


def test_extra_pools_are_removed_and_the_wanted_one_kept() -> None:
    assert cognito_authorizer.provider_arn_operations((OLD, NEW), NEW) == [
        {"op": "remove", "path": "/providerARNs", "value": OLD}
    ]

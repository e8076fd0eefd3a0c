"""China (aws-cn) and GovCloud (aws-us-gov): ARNs and host names follow the region's
partition (botocore's partition data), not a hard-coded ``arn:aws:`` / ``amazonaws.com``."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import Stubber

from helpers import apigateway, authorizers, cognito, iam, oauth
from helpers.backend import CallerIdentity, Workbook
from helpers.config import WorkbookConfig

ACCOUNT = "123456789012"


def workbook(region: str) -> Workbook:
    return Workbook(
        WorkbookConfig(backend="aws", region=region, prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name=region
        ),
    )


@pytest.fixture
def china() -> Iterator[Workbook]:
    wb = workbook("cn-north-1")
    with Stubber(wb.client("sts")) as sts:
        for _ in range(3):
            sts.add_response(
                "get_caller_identity",
                {"Account": ACCOUNT, "Arn": f"arn:aws-cn:iam::{ACCOUNT}:user/alice", "UserId": "A"},
            )
        yield wb


@pytest.mark.parametrize(
    ("region", "partition", "dns_suffix"),
    [
        ("eu-west-1", "aws", "amazonaws.com"),
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
    ],
)
def test_partition_and_dns_suffix_come_from_the_region(
    region: str, partition: str, dns_suffix: str
) -> None:
    wb = workbook(region)
    assert (wb.partition, wb.dns_suffix) == (partition, dns_suffix)


def test_the_local_backend_is_in_the_aws_partition() -> None:
    wb = Workbook(
        WorkbookConfig(backend="local", region="cn-north-1", prefix="a", emulator_url="http://x"),
        boto3.Session(aws_access_key_id="t", aws_secret_access_key="t", region_name="cn-north-1"),
    )
    assert (wb.partition, wb.dns_suffix) == ("aws", "amazonaws.com")


def test_the_callers_arn_names_its_partition() -> None:
    assert CallerIdentity(ACCOUNT, f"arn:aws-us-gov:iam::{ACCOUNT}:user/a").partition == (
        "aws-us-gov"
    )


def test_a_china_invoke_url_ends_in_amazonaws_com_cn() -> None:
    assert apigateway.invoke_url(workbook("cn-north-1"), "a1b2c3d4e5") == (
        "https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/dev/users"
    )


def test_a_china_jwks_url_and_issuer_use_the_china_suffix() -> None:
    wb = workbook("cn-north-1")
    assert cognito.jwks_url(wb, "cn-north-1_X") == (
        "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_X/.well-known/jwks.json"
    )
    assert authorizers.authorizer_environment(wb, "cn-north-1_X", "client")["ISSUER"] == (
        "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_X"
    )


def test_a_china_lambda_permission_names_the_aws_cn_partition(china: Workbook) -> None:
    assert apigateway.method_source_arn(china, "a1b2c3d4e5") == (
        f"arn:aws-cn:execute-api:cn-north-1:{ACCOUNT}:a1b2c3d4e5/*/GET/users"
    )


def test_a_china_log_policy_names_the_aws_cn_partition() -> None:
    document = iam.log_policy_document("cn-north-1", ACCOUNT, "/aws/lambda/a", partition="aws-cn")
    assert document["Statement"][0]["Resource"] == (
        f"arn:aws-cn:logs:cn-north-1:{ACCOUNT}:log-group:/aws/lambda/a:*"
    )


def test_a_govcloud_token_endpoint_is_the_fips_one() -> None:
    assert oauth.token_endpoint(workbook("us-gov-west-1"), "d") == (
        "https://d.auth-fips.us-gov-west-1.amazoncognito.com/oauth2/token"
    )

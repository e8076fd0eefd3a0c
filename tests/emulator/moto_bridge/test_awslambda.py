"""emulator/moto_bridge/awslambda.py: the functions moto stores, as the runtime needs them."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from typing import TYPE_CHECKING

import boto3
import pytest
from moto import mock_aws
from moto.awslambda.models import lambda_backends

from emulator.awslambda.runtime.types import FunctionSpec
from emulator.moto_bridge import ACCOUNT_ID, MotoShapeError
from emulator.moto_bridge import awslambda as moto_lambda
from emulator.moto_bridge.awslambda import FunctionRecord

if TYPE_CHECKING:
    from mypy_boto3_lambda import LambdaClient

REGION = "us-east-1"
ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:f"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def code_zip() -> bytes:
    """The same bytes on every call (a fixed date: by default the zip holds the current time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entry = zipfile.ZipInfo("app.py", date_time=(2024, 1, 1, 0, 0, 0))
        archive.writestr(entry, "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def create_function(region: str = REGION) -> LambdaClient:
    """Function "f" (python3.12, app.handler, environment B=2 A=1); its region's client."""
    role = boto3.client("iam", region_name=region).create_role(
        RoleName=f"r-{region}", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]["Arn"]
    client: LambdaClient = boto3.client("lambda", region_name=region)
    client.create_function(
        FunctionName="f",
        Runtime="python3.12",
        Role=role,
        Handler="app.handler",
        Code={"ZipFile": code_zip()},
        Environment={"Variables": {"B": "2", "A": "1"}},
    )
    return client


def expected_spec(version: str = "$LATEST") -> FunctionSpec:
    return FunctionSpec(
        function_name="f",
        function_arn=ARN,
        version=version,
        runtime="python3.12",
        handler="app.handler",
        code_zip=code_zip(),
        code_sha256=base64.b64encode(hashlib.sha256(code_zip()).digest()).decode(),
        timeout_seconds=3,
        memory_size_mb=128,
        region=REGION,
        account_id=ACCOUNT_ID,
        environment=(("A", "1"), ("B", "2")),
    )


# find_function


@mock_aws
def test_find_function_returns_the_spec_moto_stores() -> None:
    create_function()
    assert moto_lambda.find_function(REGION, "f", None) == FunctionRecord(expected_spec(), ())


@mock_aws
def test_find_function_by_arn_and_latest_qualifier_is_the_same_function() -> None:
    create_function()
    assert moto_lambda.find_function(REGION, ARN, "$LATEST") == FunctionRecord(expected_spec(), ())


@mock_aws
def test_find_function_returns_the_resource_policy_statements() -> None:
    client = create_function()
    client.add_permission(
        FunctionName="f",
        StatementId="apigw",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
    )
    found = moto_lambda.find_function(REGION, "f", None)
    assert found is not None
    assert found.policy_statements == (
        {
            "Sid": "apigw",
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "lambda:InvokeFunction",
            "Resource": ARN,
        },
    )


@mock_aws
def test_find_function_of_a_published_version_has_its_version() -> None:
    create_function().publish_version(FunctionName="f")
    found = moto_lambda.find_function(REGION, "f", "1")
    assert found is not None
    assert found.spec.version == "1"


@mock_aws
def test_find_function_of_a_published_version_has_the_unqualified_arn() -> None:
    create_function().publish_version(FunctionName="f")
    found = moto_lambda.find_function(REGION, "f", "1")
    assert found is not None
    assert found.spec.function_arn == ARN


@mock_aws
def test_find_function_of_unknown_function_is_none() -> None:
    assert moto_lambda.find_function(REGION, "nope", None) is None


@mock_aws
def test_find_function_of_unknown_version_is_none() -> None:
    create_function()
    assert moto_lambda.find_function(REGION, "f", "9") is None


@mock_aws
def test_find_function_of_a_function_without_code_sha_raises_moto_shape_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    create_function()
    monkeypatch.delattr(lambda_backends[ACCOUNT_ID][REGION].get_function("f"), "code_sha_256")
    with pytest.raises(MotoShapeError) as raised:
        moto_lambda.find_function(REGION, "f", None)
    assert str(raised.value).startswith("moto 5.2.5: LambdaFunction has no field 'code_sha_256';")


# function_region


@mock_aws
def test_function_region_finds_the_function() -> None:
    create_function("eu-west-3")
    assert moto_lambda.function_region("f") == "eu-west-3"


@mock_aws
def test_function_region_of_unknown_function_is_none() -> None:
    create_function()
    assert moto_lambda.function_region("nope") is None

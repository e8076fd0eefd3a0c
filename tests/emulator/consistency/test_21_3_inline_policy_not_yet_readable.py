"""A new inline policy cannot be read at once: 404 NoSuchEntity in IAM's XML
(docs/aws-behaviour.md 21.3)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from emulator.consistency.behaviours import INLINE_POLICY_READABLE
from emulator.process import auth_for
from tests.emulator.consistency.conftest import TRUST_LAMBDA, Eventual, error_code, wait_until

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
    }
)
IAM_NS = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def new_policy(eventual: Eventual) -> Eventual:
    """Role ``app-role`` with a just-written inline policy ``logs``."""
    iam = eventual.client("iam")
    iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=TRUST_LAMBDA)
    iam.put_role_policy(RoleName="app-role", PolicyName="logs", PolicyDocument=POLICY)
    return eventual


def test_get_role_policy_of_a_new_policy_is_client_error_no_such_entity_404(
    new_policy: Eventual,
) -> None:
    with pytest.raises(ClientError) as refused:
        new_policy.client("iam").get_role_policy(RoleName="app-role", PolicyName="logs")
    assert (
        refused.value.response["ResponseMetadata"]["HTTPStatusCode"],
        refused.value.response["Error"],
    ) == (
        404,
        {
            "Type": "Sender",
            "Code": "NoSuchEntity",
            "Message": "The role policy with name logs cannot be found.",
        },
    )


def test_no_such_entity_body_is_iams_xml_error_response(new_policy: Eventual) -> None:
    response = requests.post(
        new_policy.url,
        data="Action=GetRolePolicy&Version=2010-05-08&RoleName=app-role&PolicyName=logs",
        headers=FORM,
        auth=auth_for(new_policy.url, "iam"),
        timeout=10,
    )
    root = ET.fromstring(response.content)
    assert (
        response.status_code,
        root.tag,
        [child.tag.split("}")[1] for child in root],
        [child.tag.split("}")[1] for child in root.find("iam:Error", IAM_NS) or []],
        root.findtext("iam:Error/iam:Code", namespaces=IAM_NS),
    ) == (
        404,
        "{https://iam.amazonaws.com/doc/2010-05-08/}ErrorResponse",
        ["Error", "RequestId"],
        ["Type", "Code", "Message"],
        "NoSuchEntity",
    )


def test_get_role_policy_reads_the_policy_once_propagated(new_policy: Eventual) -> None:
    iam = new_policy.client("iam")
    assert wait_until(
        lambda: (
            error_code(lambda: iam.get_role_policy(RoleName="app-role", PolicyName="logs")) is None
        ),
        within=new_policy.deadline(INLINE_POLICY_READABLE),
    )

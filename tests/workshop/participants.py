"""Workshop participants on an emulator with IAM enforced: the owner (the facilitator) makes an
IAM user per participant that holds only the generated participant policy (a customer managed
policy: the policy is above IAM's 2,048-character limit for a user's inline policies) and an
access key, written to a shared-credentials file under the participant's own profile
(docs/aws-behaviour.md section 28)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import boto3

from emulator.gate.credentials import Credentials
from emulator.gate.paths import write_private_file
from emulator.process import EmulatorProcess
from workshop.participant_policy import boundary_name, boundary_policy, participant_policy

if TYPE_CHECKING:
    from mypy_boto3_iam import IAMClient

REGION = "us-east-1"
ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Participant:
    name: str
    credentials: Credentials
    credentials_file: Path
    url: str
    boundary_arn: str
    """The managed policy the facilitator made as their execution roles' boundary."""

    def session(self) -> boto3.Session:
        return boto3.Session(region_name=REGION, **self.credentials.boto3_kwargs())

    def environment(self) -> dict[str, str]:
        """What a participant exports to run the course on the facilitator's emulator."""
        return {
            "WORKBOOK_BACKEND": "local",
            "WORKBOOK_EMULATOR_URL": self.url,
            "WORKBOOK_PREFIX": self.name,
            "WORKBOOK_REGION": REGION,
            "AWS_SHARED_CREDENTIALS_FILE": str(self.credentials_file),
            "AWS_PROFILE": self.name,
            "WORKBOOK_PERMISSIONS_BOUNDARY": self.boundary_arn,
        }


def owner_iam(emulator: EmulatorProcess) -> IAMClient:
    session = boto3.Session(region_name=REGION, **emulator.credentials.boto3_kwargs())
    client: IAMClient = session.client("iam", endpoint_url=emulator.url)
    return client


def make_participant(
    emulator: EmulatorProcess, name: str, directory: Path, without: frozenset[str] = frozenset()
) -> Participant:
    """IAM user ``name`` with only ``participant_policy(name)`` attached (less the actions
    ``without``), its keys, and the boundary policy its execution roles must carry (as
    workshop/FACILITATOR.md has the facilitator make them)."""
    iam = owner_iam(emulator)
    iam.create_user(UserName=name)
    document = participant_policy(name, ACCOUNT, REGION)
    for statement in document["Statement"]:
        statement["Action"] = [a for a in statement["Action"] if a not in without]
    document["Statement"] = [s for s in document["Statement"] if s["Action"]]
    policy = iam.create_policy(
        PolicyName=f"workshop-participant-{name}", PolicyDocument=json.dumps(document)
    )
    iam.attach_user_policy(UserName=name, PolicyArn=policy["Policy"]["Arn"])
    boundary = iam.create_policy(
        PolicyName=boundary_name(name),
        PolicyDocument=json.dumps(boundary_policy(name, ACCOUNT, REGION)),
    )["Policy"]["Arn"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    credentials = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
    path = directory / f"{name}.credentials"
    write_private_file(
        path,
        f"[{name}]\naws_access_key_id = {credentials.access_key_id}\n"
        f"aws_secret_access_key = {credentials.secret_access_key}\n",
    )
    return Participant(name, credentials, path, emulator.url, boundary)

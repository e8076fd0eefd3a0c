"""An emulator of its own (``EmulatorProcess``), with a temporary HOME holding a fake 0600
``~/.aws/credentials``, and a helper that deploys and invokes inline handlers."""

from __future__ import annotations

import io
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from emulator.process import EmulatorProcess, credentials_for

SECRET = "aws_secret_access_key = host-secret-never-seen"


def zip_of(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


@dataclass
class Sandboxed:
    url: str
    home: Path
    client: Any
    role: str

    def deploy(
        self, source: str, *, timeout: int = 3, environment: dict[str, str] | None = None
    ) -> str:
        name = f"sbx-{uuid.uuid4().hex[:8]}"
        self.client.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=self.role,
            Handler="app.handler",
            Code={"ZipFile": zip_of(source)},
            Timeout=timeout,
            Environment={"Variables": environment or {}},
        )
        return name

    def invoke(self, name: str, event: dict[str, Any] | None = None) -> Any:
        answer = self.client.invoke(FunctionName=name, Payload=json.dumps(event or {}))
        return json.loads(answer["Payload"].read())


def start(home: Path, extra_env: dict[str, str] | None = None) -> EmulatorProcess:
    """An emulator started with the whole environment (not the workbook's allowlist), HOME
    and ``extra_env`` included, so the tests show that a function sees none of it."""
    return EmulatorProcess(environment={**os.environ, "HOME": str(home), **(extra_env or {})})


def sandboxed_client(url: str, home: Path) -> Sandboxed:
    kwargs: dict[str, Any] = {
        "endpoint_url": url,
        "region_name": "us-east-1",
        **credentials_for(url).boto3_kwargs(),
    }
    iam = boto3.client("iam", **kwargs)
    role = iam.create_role(RoleName=f"r-{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument="{}")
    return Sandboxed(url, home, boto3.client("lambda", **kwargs), role["Role"]["Arn"])


@pytest.fixture(scope="module")
def fake_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    os.chmod(home, 0o700)
    aws = home / ".aws"
    aws.mkdir(mode=0o700)
    (aws / "credentials").write_text(f"[default]\n{SECRET}\n")
    os.chmod(aws / "credentials", 0o600)
    return home


@pytest.fixture(scope="module")
def sandboxed(fake_home: Path) -> Iterator[Sandboxed]:
    emulator = start(fake_home, {"GITHUB_TOKEN": "ghp_emulator_host_token"})
    try:
        yield sandboxed_client(emulator.url, fake_home)
    finally:
        emulator.stop()


MakeSandboxed = Callable[[], Sandboxed]

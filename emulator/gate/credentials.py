"""The emulator's credentials: made at random when it starts, kept in a 0600 file.

The file is in AWS's shared-credentials format under the profile ``emulator``, so
``AWS_SHARED_CREDENTIALS_FILE=FILE AWS_PROFILE=emulator`` works for boto3 and the AWS CLI.
Only the user who started the emulator can read it; every control-plane call must be signed
with them (emulator/gate/gate.py).
"""

from __future__ import annotations

import configparser
import os
import secrets
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from emulator.gate.paths import write_private_file

PROFILE = "emulator"
_KEY_ID_ALPHABET = string.ascii_uppercase + "234567"  # AWS key ids are base32: AKIA + 16
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"  # 40 characters, as AWS's


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str = ""

    def __repr__(self) -> str:  # never the secret, in a log or a traceback
        return f"Credentials(access_key_id={self.access_key_id!r}, secret_access_key=***)"

    @classmethod
    def generate(cls) -> Credentials:
        return cls(
            "AKIA" + "".join(secrets.choice(_KEY_ID_ALPHABET) for _ in range(16)),
            "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40)),
        )

    def boto3_kwargs(self) -> dict[str, str]:
        """``aws_access_key_id`` and ``aws_secret_access_key`` for boto3.Session / client."""
        return {
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_access_key,
        }


def write_credentials_file(path: Path, credentials: Credentials) -> None:
    """``path`` (mode 0600) with the credentials under ``[emulator]``."""
    write_private_file(
        path,
        f"[{PROFILE}]\n"
        f"aws_access_key_id = {credentials.access_key_id}\n"
        f"aws_secret_access_key = {credentials.secret_access_key}\n",
    )


def read_credentials_file(path: Path, profile: str = PROFILE) -> Credentials | None:
    """The ``profile`` in a shared-credentials file; None when the file or profile is absent."""
    parser = configparser.ConfigParser()
    try:
        parser.read_string(path.read_text())
    except (OSError, configparser.Error, UnicodeDecodeError):
        return None
    if not parser.has_section(profile):
        return None
    section = parser[profile]
    key_id = section.get("aws_access_key_id", "").strip()
    secret = section.get("aws_secret_access_key", "").strip()
    return Credentials(key_id, secret) if key_id and secret else None


def from_environment(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials ``AWS_SHARED_CREDENTIALS_FILE`` + ``AWS_PROFILE=emulator`` point at
    (how the test session and `make emulator` users reach their emulator); else None."""
    env = os.environ if environ is None else environ
    path = env.get("AWS_SHARED_CREDENTIALS_FILE")
    if not path or env.get("AWS_PROFILE", PROFILE) != PROFILE:
        return None
    return read_credentials_file(Path(path).expanduser())


def usage_line(path: Path, url: str, region: str = "us-east-1") -> str:
    """One line telling how to point boto3 or the AWS CLI at the emulator (never the secret)."""
    return (
        f"emulator: credentials in {path}; use them with "
        f"AWS_SHARED_CREDENTIALS_FILE={path} AWS_PROFILE={PROFILE} "
        f"AWS_ENDPOINT_URL={url} AWS_REGION={region} aws sts get-caller-identity"
    )

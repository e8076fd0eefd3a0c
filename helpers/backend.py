"""Backend selection: a boto3 session for the local emulator or for your AWS account.

``connect()`` is the first call of every notebook. On the local backend it makes sure the
emulator is running (starting it detached if needed) and uses fake credentials, so nothing
can ever reach a real account. On AWS it uses the standard credential chain (``AWS_PROFILE``,
environment variables, SSO) and says how to set it up when nothing is found.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload
from urllib.parse import urlsplit

import boto3
import botocore.loaders
import requests
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    CredentialRetrievalError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
    UnknownRegionError,
)

from helpers import waits
from helpers.config import ResourceNames, WorkbookConfig, load_config
from helpers.errors import ACCESS_DENIED_CODES, WorkbookError, error_code, permission_denied
from helpers.waits import NotYet, wait_until

if TYPE_CHECKING:  # the boto3 type stubs are dev dependencies; the runtime does not need them
    from botocore.model import OperationModel
    from mypy_boto3_apigateway import APIGatewayClient
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_iam import IAMClient
    from mypy_boto3_lambda import LambdaClient
    from mypy_boto3_logs import CloudWatchLogsClient
    from mypy_boto3_sts import STSClient

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = REPO_ROOT / ".workbook"
EMULATOR_LOG = STATE_DIR / "emulator.log"
EMULATOR_PID = STATE_DIR / "emulator.pid"
LOCAL_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
EMULATOR_START_DEADLINE_S = 30.0

RETRY_MAX_ATTEMPTS = 8
RETRY_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": RETRY_MAX_ATTEMPTS},
    connect_timeout=5,
    read_timeout=70,  # above the Lambda and API Gateway 29 s integration limits
)
# On AWS, endpoint_url=None lets botocore use a configured endpoint (AWS_ENDPOINT_URL,
# AWS_ENDPOINT_URL_<SERVICE>, endpoint_url in ~/.aws/config): often the emulator's, left over
# from `make emulator`. The aws backend must talk to AWS, so it ignores them.
AWS_CONFIG = RETRY_CONFIG.merge(Config(ignore_configured_endpoint_urls=True))

CREDENTIALS_HELP = (
    "Set up AWS credentials for WORKBOOK_BACKEND=aws: run `aws configure sso` (or "
    "`aws configure`), then `export AWS_PROFILE=<profile>` before starting JupyterLab, "
    "or unset WORKBOOK_BACKEND to use the local emulator."
)
_CREDENTIAL_CLIENT_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "UnrecognizedClientException",
        "InvalidSignatureException",
    }
)


@dataclass(frozen=True)
class Partition:
    """An AWS partition: the ``arn:<name>:`` of its ARNs and the DNS suffix of its endpoints."""

    name: str
    dns_suffix: str


@functools.cache
def _partition_dns_suffixes() -> dict[str, str]:
    data = botocore.loaders.create_loader().load_data("partitions")
    return {str(p["id"]): str(p["outputs"]["dnsSuffix"]) for p in data["partitions"]}


def partition_for_region(session: boto3.Session, region: str) -> Partition:
    """The partition of ``region`` from botocore's partition data (no network call):
    ``aws``/``amazonaws.com``, ``aws-cn``/``amazonaws.com.cn``, ``aws-us-gov``/``amazonaws.com``.
    """
    try:
        name = str(session.get_partition_for_region(region))
    except UnknownRegionError as err:
        raise WorkbookError(
            f"Region {region!r} is in no AWS partition botocore knows. Check WORKBOOK_REGION "
            "(or AWS_REGION), e.g. `export WORKBOOK_REGION=eu-west-1`, and restart the kernel."
        ) from err
    return Partition(name=name, dns_suffix=_partition_dns_suffixes().get(name, "amazonaws.com"))


@dataclass(frozen=True)
class Workbook:
    """The small session object every helper takes first: config, boto3 session, clients."""

    config: WorkbookConfig
    session: boto3.Session
    _clients: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def backend(self) -> str:
        return self.config.backend

    @property
    def prefix(self) -> str:
        return self.config.prefix

    @property
    def region(self) -> str:
        region = self.session.region_name
        if not region:
            raise WorkbookError(
                "No AWS region is configured. Set WORKBOOK_REGION (or AWS_REGION), "
                "e.g. `export WORKBOOK_REGION=us-east-1`, and restart the kernel."
            )
        return str(region)

    @property
    def partition(self) -> str:
        """``aws``, ``aws-cn`` or ``aws-us-gov``: the ``arn:<partition>:`` of every ARN built
        here. The emulator's partition is ``aws``."""
        return self._partition().name

    @property
    def dns_suffix(self) -> str:
        """``amazonaws.com`` (``amazonaws.com.cn`` in China): the end of AWS's host names."""
        return self._partition().dns_suffix

    def _partition(self) -> Partition:
        if self.backend == "local":
            return Partition(name="aws", dns_suffix="amazonaws.com")
        return partition_for_region(self.session, self.region)

    @property
    def endpoint_url(self) -> str | None:
        """The emulator URL on the local backend; None on AWS (boto3 picks the endpoint)."""
        return self.config.emulator_url if self.config.backend == "local" else None

    @property
    def names(self) -> ResourceNames:
        return ResourceNames(self.config.prefix)

    @overload
    def client(self, service_name: Literal["apigateway"]) -> APIGatewayClient: ...
    @overload
    def client(self, service_name: Literal["cognito-idp"]) -> CognitoIdentityProviderClient: ...
    @overload
    def client(self, service_name: Literal["iam"]) -> IAMClient: ...
    @overload
    def client(self, service_name: Literal["lambda"]) -> LambdaClient: ...
    @overload
    def client(self, service_name: Literal["logs"]) -> CloudWatchLogsClient: ...
    @overload
    def client(self, service_name: Literal["sts"]) -> STSClient: ...
    def client(self, service_name: str) -> object:
        """A cached boto3 client with standard-mode retries, pointed at this backend.

        Typed per service by the boto3 stubs (``mypy-boto3-*``) for the services the course
        uses; another service name is a type error, though it works at run time.
        """
        if service_name not in self._clients:
            client = self.session.client(
                service_name,
                region_name=self.region,
                endpoint_url=self.endpoint_url,
                config=RETRY_CONFIG if self.backend == "local" else AWS_CONFIG,
            )
            client.meta.events.register("needs-retry", _show_botocore_retry)
            client.meta.events.register("after-call", _after_call)
            self._clients[service_name] = client
        return self._clients[service_name]


def iam_action(service_prefix: str, operation: OperationModel) -> str:
    """The IAM action of an API operation: ``lambda:CreateFunction``. Exceptions: API
    Gateway's actions are HTTP verbs (``apigateway:PATCH``), Lambda's Invoke is
    ``lambda:InvokeFunction``."""
    if service_prefix == "apigateway":
        return f"apigateway:{operation.http.get('method', 'GET')}"
    if (service_prefix, operation.name) == ("lambda", "Invoke"):
        return "lambda:InvokeFunction"
    return f"{service_prefix}:{operation.name}"


# What botocore's standard retry mode retries (botocore.retries.standard): throttling and
# transient errors; anything else (a NotFoundException in a get-or-create) is not waited on.
_BOTOCORE_RETRIED_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)
_BOTOCORE_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


def _show_botocore_retry(
    response: tuple[object, dict[str, object]] | None,
    attempts: int,
    operation: OperationModel,
    **kwargs: object,
) -> None:
    """botocore ``needs-retry`` hook: botocore's own retries (standard mode: throttling and
    transient errors, up to 8 attempts) wait too, so they get the learner's line as well;
    ``after-call`` erases it."""
    if response is None or attempts >= RETRY_MAX_ATTEMPTS:
        return
    http_response, parsed = response
    error = parsed.get("Error")
    code = error.get("Code") if isinstance(error, dict) else None
    status = getattr(http_response, "status_code", None)
    if code in _BOTOCORE_RETRIED_CODES or status in _BOTOCORE_RETRIED_STATUSES:
        waits.PROGRESS.waiting(
            f"{operation.name}: {code or status}, botocore retries (attempt {attempts + 1})…"
        )


def _after_call(
    http_response: object, parsed: dict[str, object], model: OperationModel, **kwargs: object
) -> None:
    waits.PROGRESS.erase()
    _raise_permission_denied(parsed, model)


def _raise_permission_denied(parsed: dict[str, object], model: OperationModel) -> None:
    """Part of the ``after-call`` hook of every client: an IAM denial, whatever the call,
    becomes one PermissionDenied naming the action (one place for the whole course)."""
    error = parsed.get("Error")
    if not isinstance(error, dict) or error.get("Code") not in ACCESS_DENIED_CODES:
        return
    prefix = str(model.service_model.signing_name)
    raise permission_denied(
        str(error.get("Code")), str(error.get("Message", "")), iam_action(prefix, model)
    )


@dataclass(frozen=True)
class CallerIdentity:
    account: str
    arn: str

    @property
    def partition(self) -> str:
        """The partition of the caller's ARN: ``arn:aws-cn:iam::...`` gives ``aws-cn``."""
        return self.arn.split(":", 2)[1]


def connect(config: WorkbookConfig | None = None, *, start_emulator: bool = True) -> Workbook:
    """Open the workbook's session: the emulator by default, your AWS account with ``aws``."""
    cfg = config or load_config()
    if cfg.backend == "local":
        if start_emulator:
            ensure_emulator(cfg.emulator_url)
        # Explicit fake keys: the local backend must never pick up real credentials.
        session = boto3.Session(region_name=cfg.region, **LOCAL_CREDENTIALS)
        return Workbook(cfg, session)
    try:
        session = boto3.Session(region_name=cfg.region)
        credentials = session.get_credentials()
    except (ProfileNotFound, CredentialRetrievalError, TokenRetrievalError) as err:
        raise WorkbookError(
            f"AWS credentials could not be loaded ({err}). {CREDENTIALS_HELP}"
        ) from err
    if credentials is None:
        raise WorkbookError(f"No AWS credentials were found. {CREDENTIALS_HELP}")
    configured = sorted(k for k in os.environ if k.startswith("AWS_ENDPOINT_URL"))
    if configured:
        logger.warning(
            "WORKBOOK_BACKEND=aws ignores %s: the calls go to AWS's own endpoints.",
            ", ".join(configured),
        )
    return Workbook(cfg, session)


def get_caller_identity(wb: Workbook) -> CallerIdentity:
    """Who the calls run as (STS GetCallerIdentity), with a friendly error for bad credentials."""
    try:
        response = wb.client("sts").get_caller_identity()
    except ClientError as err:
        if error_code(err) in _CREDENTIAL_CLIENT_CODES:
            raise WorkbookError(
                f"AWS rejected your credentials ({error_code(err)}). {CREDENTIALS_HELP}"
            ) from err
        raise
    except (
        NoCredentialsError,
        PartialCredentialsError,
        UnauthorizedSSOTokenError,
        SSOTokenLoadError,
        TokenRetrievalError,
        CredentialRetrievalError,
    ) as err:
        raise WorkbookError(
            f"AWS credentials are missing or expired ({err}). {CREDENTIALS_HELP}"
        ) from err
    return CallerIdentity(account=response["Account"], arn=response["Arn"])


def measure_clock_skew(wb: Workbook) -> float:
    """Seconds between this machine's clock and the backend's ``Date`` header (+ = we are ahead).

    SigV4 rejects requests more than 5 minutes off, and token ``exp``/``iat`` checks depend
    on the clock too.
    """
    before = time.time()
    response = wb.client("sts").get_caller_identity()
    after = time.time()
    date_header = response.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("date")
    if not date_header:
        raise WorkbookError(
            "The STS response had no Date header, so the clock skew cannot be measured. "
            "Check that WORKBOOK_EMULATOR_URL points at the emulator."
        )
    server_time = parsedate_to_datetime(date_header).timestamp()
    # The Date header has one-second resolution; compare with the middle of the call.
    return (before + after) / 2 - server_time


def emulator_ready(url: str) -> bool:
    """True when ``GET <url>/_emulator/health`` answers 200 with status ``ready``."""
    try:
        response = requests.get(f"{url}/_emulator/health", timeout=2)
    except requests.RequestException:
        return False
    if response.status_code != 200:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("status") == "ready"


def ensure_emulator(url: str, *, deadline_s: float = EMULATOR_START_DEADLINE_S) -> bool:
    """Make sure the emulator answers at ``url``; start it detached if it does not.

    Returns True when this call started it. The emulator outlives the kernel (it runs in
    its own session), so every notebook and kernel shares one; its output goes to
    ``.workbook/emulator.log``.
    """
    if emulator_ready(url):
        return False
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost") or parts.port is None:
        raise WorkbookError(
            f"The emulator at {url} is not answering, and the workbook only starts one on "
            "127.0.0.1. Start it there yourself, or fix WORKBOOK_EMULATOR_URL."
        )
    process = start_emulator(parts.port, deadline_s=deadline_s)
    # So a learner can stop it: kill $(cat .workbook/emulator.pid)
    EMULATOR_PID.write_text(f"{process.pid}\n")
    return True


def start_emulator(
    port: int,
    *,
    log_path: Path = EMULATOR_LOG,
    deadline_s: float = EMULATOR_START_DEADLINE_S,
) -> subprocess.Popen[bytes]:
    """Start ``python -m emulator`` detached on 127.0.0.1:``port`` and wait until it is ready.

    The process gets no AWS_* variables, so nothing in it can see real credentials.
    Returns the process; tests stop it, notebooks leave it running.
    """
    url = f"http://127.0.0.1:{port}"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    command = [sys.executable, "-m", "emulator", "--host", "127.0.0.1", "--port", str(port)]
    command.append("--quiet")
    logger.info("Starting the emulator: %s (log: %s)", " ".join(command), log_path)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check() -> bool | NotYet:
        if emulator_ready(url):
            logger.info("Emulator ready at %s (pid %s)", url, process.pid)
            return True
        if process.poll() is not None:
            if emulator_ready(url):  # another kernel won the race for the port
                return True
            raise WorkbookError(
                f"The emulator exited with status {process.returncode} before it was ready. "
                f"Last lines of {log_path}:\n{_tail(log_path)}\n"
                f"Fix the cause (often: another program uses port {port}; set "
                "WORKBOOK_EMULATOR_URL to another port) and re-run this cell."
            )
        return NotYet("not answering yet")

    # A freshly started server has no event to wait on: poll its health URL.
    try:
        wait_until(
            check,
            what=f"the local emulator to start at {url}",
            next_step=f"See {log_path}, then re-run this cell.",
            deadline_s=deadline_s,
            first_delay_s=0.1,
            max_delay_s=1.0,
        )
    except WorkbookError:
        if process.poll() is None:
            process.terminate()
        raise
    return process


def _tail(path: Path, lines: int = 10) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


__all__ = [
    "CallerIdentity",
    "Partition",
    "Workbook",
    "connect",
    "emulator_ready",
    "ensure_emulator",
    "get_caller_identity",
    "measure_clock_skew",
    "partition_for_region",
    "start_emulator",
]

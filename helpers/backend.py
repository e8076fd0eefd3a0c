"""Backend selection: a boto3 session for the local emulator or for your AWS account.

``connect()`` is the first call of every notebook. On the local backend it finds the user's
own emulator (one that proves it holds the credentials in the user's private state
directory), or starts one detached, and signs with that emulator's credentials, so nothing
can ever reach a real account and no other user's emulator is ever used. On AWS it uses the
standard credential chain (``AWS_PROFILE``, environment variables, SSO) and says how to set
it up when nothing is found.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload
from urllib.parse import urlsplit

try:
    import fcntl
except ImportError:  # Windows: no flock; concurrent starts there are not serialised
    fcntl = None  # type: ignore[assignment]

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

from awsrules.iam_actions import action_for
from emulator.gate import proof as ownership
from emulator.gate.client import EmulatorAuth
from emulator.gate.credentials import PROFILE as EMULATOR_PROFILE
from emulator.gate.credentials import Credentials, read_credentials_file
from emulator.gate.credentials import from_environment as credentials_from_environment
from emulator.gate.environment import emulator_environment
from emulator.gate.paths import DEFAULT_CREDENTIALS_NAME, private_dir, state_dir
from helpers import waits
from helpers.config import DEFAULT_EMULATOR_URL, ResourceNames, WorkbookConfig, load_config
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
EMULATOR_PID = STATE_DIR / "emulator.pid"
NO_EMULATOR_CREDENTIALS = Credentials("AKIANOEMULATORSTARTED", "no-emulator-accepts-this-key")
"""The local backend's keys when no emulator's are known (``connect(start_emulator=False)``):
refused by every emulator, and never a learner's real ones."""
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
    return action_for(service_prefix, operation.name, operation.http.get("method", "GET"))


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


def participant_credentials(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """A workshop participant's own IAM user keys for the facilitator's emulator: the
    ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` pair, else the ``AWS_PROFILE`` (not
    ``emulator``) of ``AWS_SHARED_CREDENTIALS_FILE``; None when neither is set."""
    env = os.environ if environ is None else environ
    key_id, secret = env.get("AWS_ACCESS_KEY_ID", ""), env.get("AWS_SECRET_ACCESS_KEY", "")
    if key_id and secret:
        return Credentials(key_id, secret)
    path, profile = env.get("AWS_SHARED_CREDENTIALS_FILE"), env.get("AWS_PROFILE")
    if path and profile and profile != EMULATOR_PROFILE:
        return read_credentials_file(Path(path).expanduser(), profile)
    return None


def _participant_session(cfg: WorkbookConfig, credentials: Credentials) -> boto3.Session | None:
    """The participant's session on the emulator at WORKBOOK_EMULATOR_URL when it answers and
    recognises the keys as one of its IAM users (GetCallerIdentity); else None (with a
    warning): the keys are not that emulator's (a learner's real AWS profile, say)."""
    if not emulator_ready(cfg.emulator_url):
        return None
    session = boto3.Session(region_name=cfg.region, **credentials.boto3_kwargs())
    sts = session.client("sts", endpoint_url=cfg.emulator_url, config=RETRY_CONFIG)
    try:
        arn = sts.get_caller_identity()["Arn"]
    except ClientError as err:
        logger.warning(
            "The emulator at %s does not know the access key %s from your environment (%s); "
            "using your own emulator instead. A workshop participant sets the keys the "
            "facilitator gave (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).",
            cfg.emulator_url,
            credentials.access_key_id,
            error_code(err),
        )
        return None
    logger.info("Connected to the emulator at %s as %s", cfg.emulator_url, arn)
    return session


def connect(config: WorkbookConfig | None = None, *, start_emulator: bool = True) -> Workbook:
    """Open the workbook's session: the emulator by default, your AWS account with ``aws``.

    On the local backend the keys are the emulator's own, from an emulator that proved it
    holds the user's credentials (``ensure_emulator``). One exception, for a workshop on the
    facilitator's emulator (``--enforce-iam``, docs/aws-behaviour.md 28.11): when
    WORKBOOK_EMULATOR_URL is set **and** the environment names the participant's own keys
    (``participant_credentials``: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an AWS_PROFILE
    other than ``emulator``), those keys are used on that emulator, which proves nothing
    (it is not the participant's) but must answer and recognise them as one of its IAM users
    (else the rule below applies, with a warning). Otherwise keys in the environment are
    ignored, as always, and the ownership proof decides."""
    cfg = config or load_config()
    if cfg.backend == "local":
        participant = participant_credentials() if cfg.emulator_url_from_env else None
        if participant is not None and start_emulator:
            joined = _participant_session(cfg, participant)
            if joined is not None:
                return Workbook(cfg, joined)
        if start_emulator:
            emulator = ensure_emulator(cfg)
            cfg = replace(cfg, emulator_url=emulator.url)
            credentials = emulator.credentials
        else:
            credentials = local_credentials()
        # Explicit keys, the emulator's own: the local backend never picks up real ones.
        session = boto3.Session(region_name=cfg.region, **credentials.boto3_kwargs())
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
    """True when ``GET <url>/_emulator/health`` answers 200 with status ``ready`` (anyone's
    emulator does: this is liveness, never ownership; see ``emulator_owned``)."""
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


def emulator_owned(url: str, credentials: Credentials) -> bool:
    """True when the emulator at ``url`` proves it holds ``credentials``' secret: it answers a
    fresh nonce with the HMAC only that secret gives (emulator/gate/proof.py)."""
    nonce = ownership.new_nonce()
    try:
        response = requests.post(f"{url}{ownership.PROOF_PATH}", json={"nonce": nonce}, timeout=2)
        body = response.json() if response.status_code == 200 else {}
    except (requests.RequestException, ValueError):
        return False
    answer = body.get("proof") if isinstance(body, dict) else None
    return ownership.matches(credentials.secret_access_key, nonce, answer)


@dataclass(frozen=True)
class EmulatorFiles:
    """What ``connect()`` keeps about the emulator it starts, in the user's private state
    directory (``$WORKBOOK_STATE_DIR``, else ``${XDG_STATE_HOME:-~/.local/state}/
    cognito-authorizer-workbook``; mode 0700, files 0600)."""

    directory: Path

    @classmethod
    def for_user(cls, environ: Mapping[str, str] | None = None) -> EmulatorFiles:
        return cls(state_dir(environ) / "workbook-emulator")

    @property
    def credentials(self) -> Path:
        return self.directory / "credentials"

    @property
    def url_file(self) -> Path:
        return self.directory / "emulator.json"

    @property
    def log(self) -> Path:
        return self.directory / "emulator.log"

    @property
    def lock(self) -> Path:
        return self.directory / "start.lock"

    def recorded_url(self) -> str | None:
        try:
            recorded = json.loads(self.url_file.read_text())
        except (OSError, ValueError):
            return None
        url = recorded.get("url") if isinstance(recorded, dict) else None
        return url if isinstance(url, str) else None


@dataclass(frozen=True)
class LocalEmulator:
    """An emulator that proved it is the caller's own, and the credentials it accepts."""

    url: str
    credentials: Credentials
    started: bool = False


def local_credentials(
    files: EmulatorFiles | None = None, environ: Mapping[str, str] | None = None
) -> Credentials:
    """The credentials for the local backend without checking an emulator: those
    ``AWS_SHARED_CREDENTIALS_FILE``/``AWS_PROFILE=emulator`` name, else those of the emulator
    ``connect()`` last started, else ones no emulator accepts. Never the learner's real keys."""
    files = files or EmulatorFiles.for_user(environ)
    return (
        credentials_from_environment(environ)
        or read_credentials_file(files.credentials)
        or NO_EMULATOR_CREDENTIALS
    )


def _candidates(config: WorkbookConfig, files: EmulatorFiles) -> list[tuple[str, Credentials]]:
    """(URL, credentials) pairs worth asking for a proof, in order: WORKBOOK_EMULATOR_URL with
    each credentials the user has, then the emulator connect() last started, then `make
    emulator`'s on its default port."""
    sources = (
        credentials_from_environment(),
        read_credentials_file(files.credentials),
        read_credentials_file(state_dir() / DEFAULT_CREDENTIALS_NAME),  # `make emulator`'s
    )
    known = [credentials for credentials in sources if credentials is not None]
    pairs: list[tuple[str, Credentials]] = []
    if config.emulator_url_from_env:
        pairs += [(config.emulator_url, credentials) for credentials in known]
    recorded = files.recorded_url()
    own = read_credentials_file(files.credentials)
    if recorded and own:
        pairs.append((recorded, own))
    manual = read_credentials_file(state_dir() / DEFAULT_CREDENTIALS_NAME)
    if manual and not config.emulator_url_from_env:
        pairs.append((DEFAULT_EMULATOR_URL, manual))
    return pairs


def _find_own(config: WorkbookConfig, files: EmulatorFiles) -> LocalEmulator | None:
    for url, credentials in _candidates(config, files):
        if emulator_owned(url, credentials):
            return LocalEmulator(url, credentials)
    return None


@contextmanager
def _start_lock(path: Path) -> Iterator[None]:
    """Held while one kernel looks for, or starts, the user's emulator: kernels started at
    once end up with one emulator, not one each."""
    with path.open("a") as handle:
        path.chmod(0o600)
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_emulator(
    config: WorkbookConfig,
    *,
    files: EmulatorFiles | None = None,
    deadline_s: float = EMULATOR_START_DEADLINE_S,
) -> LocalEmulator:
    """The user's own emulator: one that proves it holds this user's credentials
    (``emulator_owned``), else a new one, started detached.

    An emulator that answers but cannot prove it is yours (another user's, on a shared host)
    is never used: a new one starts on a free port (``--port 0``), its URL recorded in the
    state directory. ``WORKBOOK_EMULATOR_URL`` names the port to start on when nothing
    answers there. The emulator outlives the kernel (it runs in its own session), so every
    notebook and kernel of the user shares one; its output goes to the state directory's
    ``workbook-emulator/emulator.log``.
    """
    files = files or EmulatorFiles.for_user()
    found = _find_own(config, files)
    if found is not None:
        return found
    private_dir(files.directory)
    with _start_lock(files.lock):
        found = _find_own(config, files)  # another kernel may have started it meanwhile
        if found is not None:
            return found
        port = 0
        if config.emulator_url_from_env:
            parts = urlsplit(config.emulator_url)
            if emulator_ready(config.emulator_url):
                logger.warning(
                    "The emulator at %s is not yours (it cannot prove it holds your "
                    "credentials); starting your own on a free port.",
                    config.emulator_url,
                )
            elif parts.hostname in ("127.0.0.1", "localhost") and parts.port is not None:
                port = parts.port
            else:
                raise WorkbookError(
                    f"The emulator at {config.emulator_url} is not answering, and the workbook "
                    "only starts one on 127.0.0.1. Start it there yourself, or fix "
                    "WORKBOOK_EMULATOR_URL."
                )
        process, url = start_emulator(
            port,
            credentials_file=files.credentials,
            url_file=files.url_file,
            log_path=files.log,
            deadline_s=deadline_s,
        )
        credentials = read_credentials_file(files.credentials)
        if credentials is None or not emulator_owned(url, credentials):
            process.terminate()
            raise WorkbookError(
                f"The emulator started at {url} did not prove it holds the credentials in "
                f"{files.credentials}. See {files.log}, then re-run this cell."
            )
    # So a learner can stop it: kill $(cat .workbook/emulator.pid). Best effort: a shared,
    # read-only checkout has no .workbook of the user's (the state dir has the pid too).
    with suppress(OSError):
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        EMULATOR_PID.write_text(f"{process.pid}\n")
    return LocalEmulator(url, credentials, started=True)


def start_emulator(
    port: int,
    *,
    credentials_file: Path,
    url_file: Path | None = None,
    log_path: Path,
    deadline_s: float = EMULATOR_START_DEADLINE_S,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``python -m emulator`` detached on 127.0.0.1:``port`` (0: a free one, learnt
    from ``url_file``) and wait until it is ready; returns the process and its URL.

    The process gets only the allowlisted environment (``EMULATOR_ENVIRONMENT_ALLOWLIST``,
    emulator/gate/environment.py): no AWS_* variable, no token of the learner's. It writes
    its fresh credentials to ``credentials_file`` (0600). Tests stop it; notebooks leave it
    running.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "emulator", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--credentials-file", str(credentials_file), "--quiet"]
    if url_file is not None:
        url_file.unlink(missing_ok=True)
        command += ["--url-file", str(url_file)]
    logger.info("Starting the emulator: %s (log: %s)", " ".join(command), log_path)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=emulator_environment(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    fixed = f"http://127.0.0.1:{port}" if port else None

    def current_url() -> str | None:
        if fixed is not None or url_file is None:
            return fixed
        try:
            recorded = json.loads(url_file.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(recorded, dict) or recorded.get("pid") != process.pid:
            return None
        url = recorded.get("url")
        return url if isinstance(url, str) else None

    def check() -> str | NotYet:
        url = current_url()
        if url is not None and emulator_ready(url):
            logger.info("Emulator ready at %s (pid %s)", url, process.pid)
            return url
        if process.poll() is not None:
            raise WorkbookError(
                f"The emulator exited with status {process.returncode} before it was ready. "
                f"Last lines of {log_path}:\n{_tail(log_path)}\n"
                f"Fix the cause (often: another program uses port {port}; set "
                "WORKBOOK_EMULATOR_URL to another port) and re-run this cell."
            )
        return NotYet("not answering yet")

    # A freshly started server has no event to wait on: poll its health URL.
    try:
        url = wait_until(
            check,
            what=f"the local emulator to start on 127.0.0.1:{port or '(a free port)'}",
            next_step=f"See {log_path}, then re-run this cell.",
            deadline_s=deadline_s,
            first_delay_s=0.1,
            max_delay_s=1.0,
        )
    except WorkbookError:
        if process.poll() is None:
            process.terminate()
        raise
    return process, url


def emulator_operation(
    wb: Workbook, method: str, path: str, payload: dict[str, object] | None = None
) -> requests.Response:
    """Call one of the emulator's own routes (``/_emulator/<path>``), signed with the
    session's credentials as the emulator requires."""
    if wb.endpoint_url is None:
        raise WorkbookError("The emulator's own routes exist only on the local backend.")
    credentials = wb.session.get_credentials()
    if credentials is None:
        raise WorkbookError("The local session has no credentials; re-run connect().")
    frozen = credentials.get_frozen_credentials()
    auth = EmulatorAuth(Credentials(frozen.access_key, frozen.secret_key), wb.region)
    url = f"{wb.endpoint_url}/_emulator/{path}"
    return requests.request(method, url, json=payload, auth=auth, timeout=10)


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
    "emulator_operation",
    "emulator_owned",
    "emulator_ready",
    "ensure_emulator",
    "get_caller_identity",
    "measure_clock_skew",
    "participant_credentials",
    "partition_for_region",
    "start_emulator",
]

"""Which backend, region and prefix the workbook uses, read from the environment.

Environment variables (all optional):

- ``WORKBOOK_BACKEND``: ``local`` (default, the emulator) or ``aws`` (your account).
- ``WORKBOOK_REGION``: the region; on AWS it falls back to ``AWS_REGION``,
  ``AWS_DEFAULT_REGION`` and your profile's region. Local default ``us-east-1``.
- ``WORKBOOK_PREFIX``: goes into every resource name and tag, so a workshop can share one
  account. Defaults to your sanitised user name; on the ``aws`` backend a generic one that a
  whole room shares (``jovyan``, ``root``, ``sagemaker-user``…, ``GENERIC_USER_NAMES``) is
  refused, so one learner's cleanup cannot delete everyone's resources.
- ``WORKBOOK_FUNCTION_RUNTIME``: which users function the course deploys: ``python3.12``
  (default, ``lambda_src/users/app.py``) or ``nodejs20.x`` (``lambda_src/users_node/index.mjs``,
  the tutorial's Node.js function). Both answer the same bytes.
- ``WORKBOOK_PERMISSIONS_BOUNDARY``: in a workshop, the ARN of the managed policy the
  execution roles must be created with as their permissions boundary.
- ``WORKBOOK_LOGIN_PORT`` and ``WORKBOOK_BROWSER_APP_PORT``: notebook 09's local ports
  (8765 and 8766); on a shared host give each user their own (``local_port``).
- ``WORKBOOK_EMULATOR_URL``: the local emulator. Unset, ``connect()`` uses the user's own
  emulator (recorded in the private state directory, ``WORKBOOK_STATE_DIR``), or starts one
  on a free port; ``http://127.0.0.1:4577`` is where `make emulator` listens.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from helpers.errors import WorkbookError

Backend = Literal["local", "aws"]
FunctionRuntime = Literal["python3.12", "nodejs20.x"]

FUNCTION_RUNTIMES: tuple[FunctionRuntime, ...] = ("python3.12", "nodejs20.x")
"""The runtimes of the users function, the default first (``WORKBOOK_FUNCTION_RUNTIME``)."""

DEFAULT_EMULATOR_URL = "http://127.0.0.1:4577"
DEFAULT_LOCAL_REGION = "us-east-1"
FALLBACK_PREFIX = "learner"
MAX_PREFIX_LENGTH = 20
WORKBOOK_TAG = "cognito-authorizer"
"""Value of the ``workbook`` tag on everything the workbook creates."""
GENERIC_USER_NAMES: tuple[str, ...] = (
    # containers, VMs and cloud images
    "root",
    "admin",
    "administrator",
    "user",
    "ubuntu",
    "debian",
    "centos",
    "ec2-user",
    "fedora",
    "rocky",
    "almalinux",
    "azureuser",
    "opc",
    "cloudshell-user",
    # hosted notebooks and IDEs
    "jovyan",
    "jupyter",
    "sagemaker-user",
    "studio-user",
    "codespace",
    "vscode",
    "coder",
    "gitpod",
    "runner",
    "colab",
    "datalab",
    "student",
    "learner",
    "workshop",
    "participant",
    "guest",
)
"""Sanitised OS user names that many people share (JupyterHub and Binder's ``jovyan``,
SageMaker Studio's ``sagemaker-user``, Codespaces' ``codespace``, dev containers' ``vscode``,
Gitpod's ``gitpod``, Coder's ``coder``, GitHub runners' ``runner``, CloudShell's
``cloudshell-user``, Azure VMs' ``azureuser``, OCI's ``opc``, images' ``ubuntu``,
``ec2-user``, ``debian``…, and ``learner``, our own fallback): never a prefix on the aws
backend unless ``WORKBOOK_PREFIX`` says so."""


@dataclass(frozen=True)
class WorkbookConfig:
    """The settings every helper needs, resolved once from the environment."""

    backend: Backend
    region: str | None  # None on AWS means "use the profile's region"
    prefix: str
    emulator_url: str
    emulator_url_from_env: bool = False
    """True when WORKBOOK_EMULATOR_URL named the emulator; else ``connect()`` looks for the
    user's own (helpers/backend.py ``ensure_emulator``)."""
    function_runtime: FunctionRuntime = "python3.12"
    """The users function's runtime (``WORKBOOK_FUNCTION_RUNTIME``; helpers/awslambda.py
    ``function_source``)."""
    permissions_boundary: str | None = None
    """The managed policy the execution roles are created with as their permissions boundary
    (``WORKBOOK_PERMISSIONS_BOUNDARY``, an ARN a workshop's facilitator hands out; the
    participant policy allows CreateRole only with it, workshop/participant_policy.py)."""


def sanitise_prefix(raw: str) -> str:
    """Turn any user name into a prefix that is valid in every resource name we create.

    Lower-case letters, digits and single hyphens, starting with a letter, at most
    20 characters (IAM role names allow 64 and we append up to 18).
    ``"Alice.Smith@Corp"`` becomes ``"alice-smith-corp"``; an empty result becomes
    ``"learner"``.
    """
    cleaned = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    if cleaned and not cleaned[0].isalpha():
        cleaned = f"u-{cleaned}"
    cleaned = cleaned[:MAX_PREFIX_LENGTH].rstrip("-")
    return cleaned or FALLBACK_PREFIX


def _default_user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return FALLBACK_PREFIX


def function_runtime_from(raw: str | None) -> FunctionRuntime:
    """``WORKBOOK_FUNCTION_RUNTIME`` checked: unset or empty means ``python3.12``."""
    wanted = (raw or "").strip().lower() or FUNCTION_RUNTIMES[0]
    for runtime in FUNCTION_RUNTIMES:
        if wanted == runtime:
            return runtime
    choices = " or ".join(f"'{runtime}'" for runtime in FUNCTION_RUNTIMES)
    raise WorkbookError(
        f"WORKBOOK_FUNCTION_RUNTIME={raw!r} is not a runtime the workbook deploys. Set it to "
        f"{choices} (lambda_src/users/app.py, the default, or lambda_src/users_node/index.mjs), "
        "or unset it."
    )


def refuse_generic_user_name(prefix: str) -> None:
    """Raise WorkbookError when the default prefix is a user name a whole room shares."""
    if prefix not in GENERIC_USER_NAMES:
        return
    raise WorkbookError(
        f"Your user name here is '{prefix}', a name everyone on this kind of host shares, so "
        "it cannot be your prefix on AWS: a room sharing one account would share one prefix, "
        "one learner's run would reset another's password, and one 99_cleanup would delete "
        "everyone's resources. Choose your own: `export WORKBOOK_PREFIX=<your-name>` (e.g. "
        "alice) before starting JupyterLab, or run `%env WORKBOOK_PREFIX=<your-name>` in a "
        "cell, then restart the kernel and re-run this notebook."
    )


LOGIN_PORT_VARIABLE = "WORKBOOK_LOGIN_PORT"
BROWSER_APP_PORT_VARIABLE = "WORKBOOK_BROWSER_APP_PORT"


def local_port(variable: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    """A local port of notebook 09 (its sign-in listener, its browser app): ``default`` unless
    ``variable`` names another, e.g. for each user of a shared host (JupyterHub on one machine,
    The Littlest JupyterHub), where two learners in 09 at once would want the same port."""
    raw = (os.environ if environ is None else environ).get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1024 <= int(raw) <= 65535:
        raise WorkbookError(
            f"{variable}={raw!r} is not a port the workbook can listen on. Set it to a number "
            f"from 1024 to 65535 that no one else on this machine uses, or unset it ({default})."
        )
    return int(raw)


def load_config(
    environ: Mapping[str, str] | None = None, *, refuse_generic_prefix: bool = True
) -> WorkbookConfig:
    """Read ``WORKBOOK_*`` settings; raise WorkbookError naming the variable when one is wrong.

    On the aws backend a default prefix that is a generic user name (``GENERIC_USER_NAMES``)
    is refused; ``refuse_generic_prefix=False`` is for tools that use no prefix (the sweep).
    """
    env = os.environ if environ is None else environ
    backend = env.get("WORKBOOK_BACKEND", "local").strip().lower() or "local"
    if backend not in ("local", "aws"):
        raise WorkbookError(
            f"WORKBOOK_BACKEND={backend!r} is not a backend. "
            "Set it to 'local' (the emulator, the default) or 'aws' (your account)."
        )
    region = env.get("WORKBOOK_REGION") or None
    if backend == "aws":
        region = region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None
    else:
        region = region or DEFAULT_LOCAL_REGION
    explicit_prefix = (env.get("WORKBOOK_PREFIX") or "").strip()
    prefix = sanitise_prefix(explicit_prefix or _default_user_name())
    if backend == "aws" and not explicit_prefix and refuse_generic_prefix:
        refuse_generic_user_name(prefix)
    explicit_url = (env.get("WORKBOOK_EMULATOR_URL") or "").strip()
    emulator_url = (explicit_url or DEFAULT_EMULATOR_URL).rstrip("/")
    return WorkbookConfig(
        backend="aws" if backend == "aws" else "local",
        region=region,
        prefix=prefix,
        emulator_url=emulator_url,
        emulator_url_from_env=bool(explicit_url),
        function_runtime=function_runtime_from(env.get("WORKBOOK_FUNCTION_RUNTIME")),
        permissions_boundary=permissions_boundary_from(env.get("WORKBOOK_PERMISSIONS_BOUNDARY")),
    )


def permissions_boundary_from(raw: str | None) -> str | None:
    """``WORKBOOK_PERMISSIONS_BOUNDARY`` checked: unset or empty means none; else the ARN of a
    managed policy (``arn:aws:iam::123456789012:policy/alice-workbook-boundary``)."""
    value = (raw or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"arn:aws[a-z-]*:iam::(\d{12}|aws):policy/[\w+=,.@/-]+", value):
        raise WorkbookError(
            f"WORKBOOK_PERMISSIONS_BOUNDARY={value!r} is not the ARN of a managed policy. Set it "
            "to the ARN your facilitator gave you (arn:aws:iam::<account>:policy/<name>), or "
            "unset it."
        )
    return value


def workbook_tags(prefix: str) -> dict[str, str]:
    """The tags every resource gets: ``workbook=cognito-authorizer`` and its prefix."""
    return {"workbook": WORKBOOK_TAG, "workbook-prefix": prefix}


@dataclass(frozen=True)
class ResourceNames:
    """The fixed name of every resource the workbook creates for one prefix.

    Fixed names make every notebook re-runnable (find by name, create if absent) and let
    ``cleanup`` find everything from any partial state.
    """

    prefix: str

    @property
    def role(self) -> str:
        return f"{self.prefix}-users-lambda-role"

    @property
    def role_policy(self) -> str:
        return f"{self.prefix}-users-logs"

    @property
    def function(self) -> str:
        return f"{self.prefix}-users"

    @property
    def log_group(self) -> str:
        return f"/aws/lambda/{self.function}"

    @property
    def rest_api(self) -> str:
        return f"{self.prefix}-users-api"

    @property
    def authorizer(self) -> str:
        return f"{self.prefix}-cognito-authorizer"

    @property
    def user_pool(self) -> str:
        return f"{self.prefix}-users-pool"

    @property
    def app_client(self) -> str:
        return f"{self.prefix}-users-app"

    @property
    def user(self) -> str:
        """The pool's test user: the prefix itself, so the Lambda greets the learner by name."""
        return self.prefix

    @property
    def reader_user(self) -> str:
        """The second user of 07_groups_and_scopes (group ``readers``)."""
        return f"{self.prefix}-reader"

    @property
    def attacker_pool(self) -> str:
        """06_attack_your_api: a second pool whose tokens the authorizer must refuse."""
        return f"{self.prefix}-attacker-pool"

    @property
    def attacker_app_client(self) -> str:
        return f"{self.prefix}-attacker-app"

    @property
    def short_lived_app_client(self) -> str:
        """06 on AWS, opt-in: an app client whose ID tokens last 5 minutes."""
        return f"{self.prefix}-short-lived-app"

    @property
    def resource_server(self) -> str:
        """The name of the resource server with the custom scopes (07)."""
        return f"{self.prefix}-users"

    @property
    def machine_client(self) -> str:
        """07: the app client with a secret and the client-credentials flow."""
        return f"{self.prefix}-machine-client"

    @property
    def authorizer_function(self) -> str:
        """08_lambda_authorizer: the TOKEN authorizer's function (lambda_src/authorizer)."""
        return f"{self.prefix}-token-authorizer"

    @property
    def authorizer_role(self) -> str:
        return f"{self.prefix}-authorizer-lambda-role"

    @property
    def authorizer_role_policy(self) -> str:
        return f"{self.prefix}-authorizer-logs"

    @property
    def authorizer_log_group(self) -> str:
        return f"/aws/lambda/{self.authorizer_function}"

    @property
    def lambda_authorizer(self) -> str:
        """08: the API Gateway authorizer (type TOKEN) that calls the function."""
        return f"{self.prefix}-lambda-authorizer"

    @property
    def rest_apis(self) -> tuple[str, ...]:
        """Every REST API name of this prefix (cleanup and reuse find them by these only)."""
        return (self.rest_api,)

    @property
    def functions(self) -> tuple[str, ...]:
        return (self.function, self.authorizer_function)

    @property
    def log_groups(self) -> tuple[str, ...]:
        return (self.log_group, self.authorizer_log_group)

    @property
    def roles(self) -> tuple[str, ...]:
        return (self.role, self.authorizer_role)

    @property
    def user_pools(self) -> tuple[str, ...]:
        return (self.user_pool, self.attacker_pool)

    def all_names(self) -> tuple[str, ...]:
        """Every name above, all kinds together (the property test of non-collision)."""
        return self.rest_apis + self.functions + self.log_groups + self.roles + self.user_pools

    stage: str = "dev"
    resource_path: str = "/users"
    permission_statement_id: str = "apigateway-get-users"
    lambda_resource_path: str = "/users-lambda"
    lambda_route_permission_statement_id: str = "apigateway-get-users-lambda"
    authorizer_permission_statement_id: str = "apigateway-lambda-authorizer"
    post_permission_statement_id: str = "apigateway-post-users"
    resource_server_identifier: str = "users"

"""Lambda: package the users function, create it, invoke it, allow API Gateway in.

The users function is ``lambda_src/users/app.py`` on ``python3.12`` (the default) or the
tutorial's ``lambda_src/users_node/index.mjs`` on ``nodejs20.x``, as
``WORKBOOK_FUNCTION_RUNTIME`` chooses (helpers/config.py); both answer the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from helpers.backend import REPO_ROOT, Workbook
from helpers.config import FunctionRuntime, load_config, workbook_tags
from helpers.errors import WorkbookError, aws_failure, error_code
from helpers.ownership import require_ours
from helpers.waits import NotYet, retry_on_error, retry_role_propagation, wait_until

if TYPE_CHECKING:
    from mypy_boto3_lambda.literals import RuntimeType
    from mypy_boto3_lambda.type_defs import (
        FunctionConfigurationResponseTypeDef,
        FunctionConfigurationTypeDef,
    )

logger = logging.getLogger(__name__)

T = TypeVar("T")

SOURCE_DIR = REPO_ROOT / "lambda_src" / "users"
RUNTIME: RuntimeType = "python3.12"
"""The Python runtime: the users function's by default, and the Lambda authorizer's (08)."""
HANDLER = "app.lambda_handler"
CODE_SUFFIXES = (".py", ".mjs", ".cjs", ".js", ".json")
"""What ``package_function`` zips: Python and Node.js sources (and a package.json)."""
TIMEOUT_S = 10
MEMORY_MB = 128
FUNCTION_READY_DEADLINE_S = 180.0  # Pending usually lasts seconds; a VPC function can take minutes
CONFLICT_DEADLINE_S = 60.0
_ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)  # fixed, so the same code always gives the same zip


@dataclass(frozen=True)
class FunctionInfo:
    name: str
    arn: str
    state: str
    runtime: str
    handler: str
    role: str
    code_sha256: str


@dataclass(frozen=True)
class InvokeResult:
    """What the console's Test button shows: status, error type, the payload, request id."""

    status_code: int
    function_error: str | None
    payload: Any
    request_id: str
    log_tail: tuple[str, ...]


@dataclass(frozen=True)
class PermissionStatement:
    sid: str
    principal: str
    action: str
    source_arn: str | None


@dataclass(frozen=True)
class FunctionSource:
    """One way to deploy the users function: its runtime, its folder and its handler."""

    runtime: RuntimeType
    source_dir: Path
    handler: str


FUNCTION_SOURCES: dict[FunctionRuntime, FunctionSource] = {
    "python3.12": FunctionSource(RUNTIME, SOURCE_DIR, HANDLER),
    "nodejs20.x": FunctionSource(
        "nodejs20.x", REPO_ROOT / "lambda_src" / "users_node", "index.handler"
    ),
}


def function_source(wb: Workbook | None = None) -> FunctionSource:
    """The users function ``WORKBOOK_FUNCTION_RUNTIME`` chooses (``wb``'s, else the
    environment's)."""
    runtime = wb.config.function_runtime if wb is not None else load_config().function_runtime
    return FUNCTION_SOURCES[runtime]


def package_function(source_dir: Path | None = None) -> bytes:
    """Zip the code files (``CODE_SUFFIXES``) of ``source_dir`` (default: the chosen users
    function's folder) reproducibly (fixed order and timestamps)."""
    source_dir = source_dir or function_source().source_dir
    files = sorted(
        p
        for p in source_dir.rglob("*")
        if p.is_file()
        and p.suffix in CODE_SUFFIXES
        and not {"__pycache__", "node_modules"} & set(p.parts)
    )
    if not files:
        raise WorkbookError(f"No code files in {source_dir}; is the repository complete?")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source_dir).as_posix(), _ZIP_TIMESTAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def code_sha256(zip_bytes: bytes) -> str:
    """Lambda's ``CodeSha256``: base64 of the SHA-256 of the zip."""
    return base64.b64encode(hashlib.sha256(zip_bytes).digest()).decode()


def _info(config: FunctionConfigurationTypeDef) -> FunctionInfo:
    return FunctionInfo(
        name=config["FunctionName"],
        arn=config["FunctionArn"],
        state=config.get("State", "Active"),
        runtime=config.get("Runtime", ""),
        handler=config.get("Handler", ""),
        role=config["Role"],
        code_sha256=config["CodeSha256"],
    )


def find_function(wb: Workbook, function_name: str | None = None) -> FunctionInfo | None:
    """The workbook's function (or ``function_name``), or None when it does not exist."""
    name = function_name or wb.names.function
    try:
        config = wb.client("lambda").get_function(FunctionName=name)["Configuration"]
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return None
        raise
    return _info(config)


def get_function_tags(wb: Workbook, function_arn: str) -> dict[str, str]:
    """The function's tags (``ListTags``; GetFunction's ``Tags`` are left out without an
    explicit allow of lambda:ListTags, docs/aws-behaviour.md 29.1)."""
    return dict(wb.client("lambda").list_tags(Resource=function_arn).get("Tags", {}))


def find_own_function(wb: Workbook, function_name: str) -> FunctionInfo | None:
    """The function called ``function_name`` if it is ours by its tags; None when absent.

    Raises WorkbookError when a function has the name but not our tags (helpers/ownership.py).
    """
    existing = find_function(wb, function_name)
    if existing is not None:
        tags = get_function_tags(wb, existing.arn)
        require_ours("Lambda function", function_name, tags, wb.prefix)
    return existing


@dataclass(frozen=True)
class FunctionDeployment:
    """Everything that defines one deployed function; `deploy_function` makes AWS match it."""

    name: str
    role_arn: str
    zip_bytes: bytes
    handler: str
    description: str
    timeout_s: int = TIMEOUT_S
    environment: tuple[tuple[str, str], ...] = ()
    runtime: RuntimeType = RUNTIME


def create_function(
    wb: Workbook,
    role_arn: str,
    source_dir: Path | None = None,
    *,
    environment: tuple[tuple[str, str], ...] = (),
) -> FunctionInfo:
    """Get or create ``<prefix>-users`` from the source ``WORKBOOK_FUNCTION_RUNTIME`` chooses
    (``lambda_src/users`` or ``lambda_src/users_node``) and wait until it is Active.

    A re-run with another runtime updates the function's code and configuration (runtime,
    handler) in place. ``environment``: the function's variables (e.g. ``ALLOWED_ORIGIN``);
    a re-run without them removes them.
    """
    source = function_source(wb)
    return deploy_function(
        wb,
        FunctionDeployment(
            name=wb.names.function,
            role_arn=role_arn,
            zip_bytes=package_function(source_dir or source.source_dir),
            handler=source.handler,
            description="GET /users for the Cognito authorizer workbook",
            environment=environment,
            runtime=source.runtime,
        ),
    )


def _environment_of(wb: Workbook, name: str) -> dict[str, str]:
    config = wb.client("lambda").get_function_configuration(FunctionName=name)
    return dict(config.get("Environment", {}).get("Variables", {}))


@dataclass(frozen=True)
class FunctionStatus:
    """Where a function is in Lambda's state machine (``State``, ``LastUpdateStatus``)."""

    state: str
    last_update_status: str
    reason: str

    @property
    def can_be_updated(self) -> bool:
        """Lambda refuses an update (``ResourceConflictException``) while the function is
        ``Pending`` or an earlier update is ``InProgress``."""
        return self.state in ("Active", "Inactive") and self.last_update_status != "InProgress"


def get_function_status(wb: Workbook, function_name: str) -> FunctionStatus:
    """``State`` and ``LastUpdateStatus`` of a function, with the reason Lambda gives."""
    config = wb.client("lambda").get_function_configuration(FunctionName=function_name)
    state = config.get("State", "Active")
    last_update = config.get("LastUpdateStatus", "Successful")
    if state == "Failed":
        reason = f"{config.get('StateReasonCode', '')}: {config.get('StateReason', '')}"
    elif last_update == "Failed":
        reason = (
            f"{config.get('LastUpdateStatusReasonCode', '')}: "
            f"{config.get('LastUpdateStatusReason', '')}"
        )
    else:
        reason = ""
    return FunctionStatus(state=state, last_update_status=last_update, reason=reason)


def wait_function_ready(wb: Workbook, function_name: str, *, after_update: bool = False) -> None:
    """Wait until the function is Active and no update is in progress.

    Stops at once when the function is ``Failed`` (or, ``after_update``, when the update we
    just made failed): waiting cannot fix that. Polls ``GetFunctionConfiguration`` with
    backoff (docs: "Lambda function states"), instead of the botocore waiters' fixed 1 s.
    """

    def check() -> FunctionStatus | NotYet:
        status = get_function_status(wb, function_name)
        failed = status.state == "Failed" or (
            after_update and status.last_update_status == "Failed"
        )
        if failed:
            raise WorkbookError(
                f"Function '{function_name}' is {status.state}, its last update "
                f"{status.last_update_status} ({status.reason}). Fix the cause (the role, the "
                "package or the handler), then re-run this cell."
            )
        if status.can_be_updated:
            return status
        return NotYet(f"State {status.state}, LastUpdateStatus {status.last_update_status}")

    wait_until(
        check,
        what=f"function '{function_name}' to be Active and not being updated",
        next_step="Lambda is still setting the function up; re-run this cell in a minute.",
        deadline_s=FUNCTION_READY_DEADLINE_S,
    )


def _retry_conflict(call: Callable[[], T], *, what: str, function_name: str) -> T:
    """Retry ``ResourceConflictException``: the function is Pending or still being updated."""
    return retry_on_error(
        call,
        code="ResourceConflictException",
        what=what,
        waiting_for=f"function '{function_name}' to finish its current update",
        next_step=f"Function '{function_name}' is still being set up; re-run this cell shortly.",
        deadline_s=CONFLICT_DEADLINE_S,
    )


def deploy_function(wb: Workbook, target: FunctionDeployment) -> FunctionInfo:
    """Get or create a function and wait until it is Active.

    Re-running updates the code when it changed (compared by ``CodeSha256``) and the
    configuration when the role, runtime, handler or environment differ, so the function
    always matches the repository. Before each update it waits until Lambda accepts one
    (State Active, LastUpdateStatus not InProgress), and it retries
    ``ResourceConflictException``; a new role that IAM has not propagated yet is waited out
    on its named error. No sleeps: every wait has a deadline. A function with the name but
    not our tags is left alone: WorkbookError (helpers/ownership.py).
    """
    client = wb.client("lambda")
    name = target.name
    role_name = target.role_arn.rsplit("/", 1)[-1]
    environment = dict(target.environment)
    existing = find_own_function(wb, name)
    updated = False
    if existing is None:

        def create() -> FunctionConfigurationResponseTypeDef:
            return client.create_function(
                FunctionName=name,
                Runtime=target.runtime,
                Role=target.role_arn,
                Handler=target.handler,
                Code={"ZipFile": target.zip_bytes},
                Description=target.description,
                Timeout=target.timeout_s,
                MemorySize=MEMORY_MB,
                Environment={"Variables": environment},
                Tags=workbook_tags(wb.prefix),
            )

        try:
            retry_role_propagation(create, role_name=role_name, what=f"Creating function '{name}'")
        except ClientError as err:
            raise aws_failure(
                f"Creating function '{name}'", err, "Fix the cause and re-run this cell."
            ) from err
        logger.info("Created function %s; waiting until it is Active", name)
    else:
        if existing.code_sha256 != code_sha256(target.zip_bytes):
            logger.info("Code of %s changed; updating it", name)
            wait_function_ready(wb, name)
            _retry_conflict(
                lambda: client.update_function_code(FunctionName=name, ZipFile=target.zip_bytes),
                what=f"Updating the code of function '{name}'",
                function_name=name,
            )
            updated = True
        wanted = (target.role_arn, target.runtime, target.handler, environment)
        current = (existing.role, existing.runtime, existing.handler, _environment_of(wb, name))
        if current != wanted:
            logger.info("Configuration of %s changed; updating it", name)
            wait_function_ready(wb, name, after_update=updated)
            retry_role_propagation(
                lambda: _retry_conflict(
                    lambda: client.update_function_configuration(
                        FunctionName=name,
                        Role=target.role_arn,
                        Runtime=target.runtime,
                        Handler=target.handler,
                        Environment={"Variables": environment},
                    ),
                    what=f"Updating the configuration of function '{name}'",
                    function_name=name,
                ),
                role_name=role_name,
                what=f"Updating function '{name}'",
            )
            updated = True
    wait_function_ready(wb, name, after_update=updated)
    info = find_function(wb, name)
    if info is None:
        raise WorkbookError(
            f"Function '{name}' disappeared right after it was created; re-run this cell."
        )
    return info


def invoke_function(wb: Workbook, event: dict[str, Any]) -> InvokeResult:
    """Invoke the function synchronously with ``event``, as the console's Test button does."""
    name = wb.names.function
    try:
        response = _retry_conflict(
            lambda: wb.client("lambda").invoke(
                FunctionName=name,
                InvocationType="RequestResponse",
                LogType="Tail",
                Payload=json.dumps(event).encode(),
            ),
            what=f"Invoking function '{name}'",
            function_name=name,
        )
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            raise WorkbookError(
                f"Function '{name}' does not exist ({error_code(err)}). "
                "Run notebook 01_lambda first."
            ) from err
        raise
    raw = response["Payload"].read()
    try:
        payload: Any = json.loads(raw) if raw else None
    except ValueError:
        payload = raw.decode(errors="replace")
    tail = (
        base64.b64decode(response["LogResult"]).decode(errors="replace")
        if response.get("LogResult")
        else ""
    )
    return InvokeResult(
        status_code=int(response["StatusCode"]),
        function_error=response.get("FunctionError"),
        payload=payload,
        request_id=str(response["ResponseMetadata"]["RequestId"]),
        log_tail=tuple(tail.splitlines()),
    )


def get_permissions(wb: Workbook, function_name: str | None = None) -> list[PermissionStatement]:
    """The statements of the function's resource-based policy ([] when it has none)."""
    try:
        policy = wb.client("lambda").get_policy(FunctionName=function_name or wb.names.function)[
            "Policy"
        ]
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return []
        raise
    statements = json.loads(policy).get("Statement", [])
    result = []
    for statement in statements:
        principal = statement.get("Principal", {})
        condition = statement.get("Condition", {}).get("ArnLike", {})
        result.append(
            PermissionStatement(
                sid=statement.get("Sid", ""),
                principal=principal.get("Service", "")
                if isinstance(principal, dict)
                else str(principal),
                action=str(statement.get("Action", "")),
                source_arn=condition.get("AWS:SourceArn"),
            )
        )
    return result


def add_permission(
    wb: Workbook,
    source_arn: str,
    statement_id: str | None = None,
    *,
    function_name: str | None = None,
) -> PermissionStatement:
    """Allow API Gateway to invoke the function (default: the users function), for
    ``source_arn`` only.

    Get-or-create by statement id (default: the one for ``GET /users``): an existing
    statement for another source ARN (e.g. from an API that was deleted and re-created) is
    replaced.
    """
    client = wb.client("lambda")
    name = function_name or wb.names.function
    sid = statement_id or wb.names.permission_statement_id
    for statement in get_permissions(wb, name):
        if statement.sid == sid:
            if statement.source_arn == source_arn:
                logger.info("Permission %s on %s exists; reusing it", sid, name)
                return statement
            logger.info(
                "Permission %s on %s is for %s; replacing it", sid, name, statement.source_arn
            )
            client.remove_permission(FunctionName=name, StatementId=sid)
    client.add_permission(
        FunctionName=name,
        StatementId=sid,
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=source_arn,
    )
    for statement in get_permissions(wb, name):
        if statement.sid == sid:
            return statement
    raise WorkbookError(
        f"Permission '{sid}' is missing from function '{name}' after adding it; re-run this cell."
    )


def remove_permission(wb: Workbook, function_name: str, statement_id: str) -> bool:
    """Remove one statement from a function's resource-based policy; False when absent."""
    try:
        wb.client("lambda").remove_permission(FunctionName=function_name, StatementId=statement_id)
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return False
        raise
    logger.info("Removed permission %s from %s", statement_id, function_name)
    return True


def delete_function(wb: Workbook, function_name: str) -> bool:
    """Delete a function; False when it did not exist."""
    try:
        wb.client("lambda").delete_function(FunctionName=function_name)
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return False
        raise
    logger.info("Deleted function %s", function_name)
    return True

"""Helpers the workbook's notebooks call: one module per AWS service.

Import the modules (``from helpers import apigateway``) or the names below. Nothing runs
at import time; ``connect()`` opens the session.
"""

from helpers import (
    apigateway,
    attacks,
    authorizers,
    awslambda,
    checks,
    cleanup,
    clock,
    cognito,
    cognito_authorizer,
    diagnose,
    http,
    iam,
    logs,
    oauth,
    permissions,
    preflight,
    serving,
    waits,
    widgets,
)
from helpers.backend import (
    CallerIdentity,
    Workbook,
    connect,
    get_caller_identity,
    measure_clock_skew,
)
from helpers.checks import check, check_equal
from helpers.config import ResourceNames, WorkbookConfig, load_config, sanitise_prefix
from helpers.errors import CheckpointFailed, WorkbookError

__all__ = [
    "CallerIdentity",
    "CheckpointFailed",
    "ResourceNames",
    "Workbook",
    "WorkbookConfig",
    "WorkbookError",
    "apigateway",
    "attacks",
    "authorizers",
    "awslambda",
    "check",
    "check_equal",
    "checks",
    "cleanup",
    "clock",
    "cognito",
    "cognito_authorizer",
    "connect",
    "diagnose",
    "get_caller_identity",
    "http",
    "iam",
    "load_config",
    "logs",
    "measure_clock_skew",
    "oauth",
    "permissions",
    "preflight",
    "sanitise_prefix",
    "serving",
    "waits",
    "widgets",
]

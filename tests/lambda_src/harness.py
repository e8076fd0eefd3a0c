"""Run a handler from lambda_src/ as Lambda does: loaded by file, with a fake context."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
EVENTS = REPO_ROOT / "tests" / "events"


def load_handler_module(function: str) -> ModuleType:
    """Load lambda_src/<function>/app.py by file, with no package and nothing from helpers."""
    spec = importlib.util.spec_from_file_location(
        f"{function}_app", REPO_ROOT / "lambda_src" / function / "app.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class FakeContext:
    """The fields of the Python runtime's context object that handlers read."""

    function_name: str = "alice-users"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:alice-users"
    memory_limit_in_mb: int = 128
    aws_request_id: str = "c6af9ac6-7b61-11e6-9a41-93e812345678"
    log_group_name: str = "/aws/lambda/alice-users"
    log_stream_name: str = "2026/07/22/[$LATEST]abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 3000

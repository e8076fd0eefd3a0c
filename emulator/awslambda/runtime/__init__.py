"""Runs deployed Lambda functions (Python and Node.js) in local worker processes."""

from .runtime import LambdaRuntime
from .types import FunctionSpec, InvokeResult, LogSink

__all__ = ["FunctionSpec", "InvokeResult", "LambdaRuntime", "LogSink"]

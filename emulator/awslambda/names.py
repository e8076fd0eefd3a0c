"""FunctionName as Lambda validates it, before anything is looked up or touched.

The patterns and lengths are botocore's Lambda model (``FunctionName`` of CreateFunction and
UpdateFunctionCode: 1-140 characters; ``NamespacedFunctionName`` of Invoke and the other
operations: 1-256), as AWS checks them server-side; a value that fails answers 400
``ValidationException`` "1 validation error detected: Value '...' at 'functionName' failed
to satisfy constraint: Member must satisfy regular expression pattern: ..."
(docs/aws-behaviour.md 24.8). ``tests/emulator/awslambda/test_names.py`` checks these
against the installed botocore.
"""

from __future__ import annotations

import re

from emulator.errors import AwsError, Protocol

_REGION = r"((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?"
FUNCTION_NAME_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?" + _REGION + r"(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)"
    r"(:(\$LATEST|[a-zA-Z0-9-_]+))?"
)
NAMESPACED_FUNCTION_NAME_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?" + _REGION + r"(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)"
    r"(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?"
)
FUNCTION_NAME_MAX = 140
NAMESPACED_FUNCTION_NAME_MAX = 256


def _error(value: str, constraint: str) -> AwsError:
    message = (
        f"1 validation error detected: Value '{value}' at 'functionName' failed to satisfy "
        f"constraint: {constraint}"
    )
    return AwsError(400, "ValidationException", message, Protocol.LAMBDA)


def check_function_name(value: str, *, namespaced: bool = True) -> None:
    """Raise AwsError ValidationException unless ``value`` is a valid FunctionName
    (``namespaced``: Invoke and the other per-function operations; else CreateFunction's)."""
    pattern = NAMESPACED_FUNCTION_NAME_PATTERN if namespaced else FUNCTION_NAME_PATTERN
    longest = NAMESPACED_FUNCTION_NAME_MAX if namespaced else FUNCTION_NAME_MAX
    if len(value) > longest:
        raise _error(value, f"Member must have length less than or equal to {longest}")
    if not value:
        raise _error(value, "Member must have length greater than or equal to 1")
    if re.fullmatch(pattern, value) is None:
        raise _error(value, f"Member must satisfy regular expression pattern: {pattern}")

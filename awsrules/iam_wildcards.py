"""IAM's wildcards in ARN and string patterns (ArnLike, StringLike, a policy's Resource).

``*`` matches any run of characters, ``/`` and ``:`` included, and ``?`` exactly one
character; everything else is literal [doc: IAM User Guide, "IAM JSON policy elements:
Resource" and "Condition operators: String condition operators"]. Actions compare without
regard to case [doc: "IAM JSON policy elements: Action"].
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches the IAM pattern ``pattern`` as a whole."""
    return _compiled(pattern, ignore_case).fullmatch(value) is not None


def any_wildcard_match(
    patterns: str | Iterable[str], value: str, *, ignore_case: bool = False
) -> bool:
    """Whether ``value`` matches one of the patterns (a policy element may be one or a list)."""
    listed = [patterns] if isinstance(patterns, str) else patterns
    return any(wildcard_match(pattern, value, ignore_case=ignore_case) for pattern in listed)


@lru_cache(maxsize=4096)
def _compiled(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)

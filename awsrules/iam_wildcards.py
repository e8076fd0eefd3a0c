"""IAM's wildcards in ARN and string patterns (ArnLike, StringLike, a policy's Resource).

``*`` matches any run of characters, ``/`` and ``:`` included, and ``?`` exactly one
character; everything else is literal [doc: IAM User Guide, "IAM JSON policy elements:
Resource" and "Condition operators: String condition operators"]. Actions compare without
regard to case [doc: "IAM JSON policy elements: Action"].

The match needs no compiled regex, so its cost is the same for the first pattern as for the
ten-thousandth (a cache of compiled patterns recompiles every one once it overflows; measured
in benchmarks/bench_permissions.py). A pattern is split at its ``*``s: the first piece must
start the value, the last must end it, and each piece between is found left to right, at the
first place it fits after the one before. Taking the first place is never wrong, because a
``*`` after a piece can absorb anything the piece left behind; so the match is one pass over
the value with ``str.find`` for pieces without ``?``.
"""

from __future__ import annotations

from collections.abc import Iterable


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches the IAM pattern ``pattern`` as a whole."""
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    if "*" not in pattern:
        return len(pattern) == len(value) and _piece_at(pattern, value, 0)
    first, *middle, last = pattern.split("*")
    end = len(value) - len(last)
    if end < len(first) or not _piece_at(first, value, 0) or not _piece_at(last, value, end):
        return False
    at = len(first)
    for piece in middle:
        found = _find_piece(piece, value, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def any_wildcard_match(
    patterns: str | Iterable[str], value: str, *, ignore_case: bool = False
) -> bool:
    """Whether ``value`` matches one of the patterns (a policy element may be one or a list)."""
    listed = [patterns] if isinstance(patterns, str) else patterns
    return any(wildcard_match(pattern, value, ignore_case=ignore_case) for pattern in listed)


def _piece_at(piece: str, value: str, at: int) -> bool:
    """Whether ``piece`` (literal characters and ``?``) matches ``value`` at index ``at``."""
    if "?" not in piece:
        return value.startswith(piece, at)
    if at + len(piece) > len(value):
        return False
    return all(p == "?" or p == v for p, v in zip(piece, value[at : at + len(piece)], strict=True))


def _find_piece(piece: str, value: str, start: int, end: int) -> int:
    """The first index in ``[start, end - len(piece)]`` where ``piece`` matches, or -1."""
    if "?" not in piece:
        return value.find(piece, start, end)
    for at in range(start, end - len(piece) + 1):
        if _piece_at(piece, value, at):
            return at
    return -1

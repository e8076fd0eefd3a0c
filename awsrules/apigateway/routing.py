"""Which resource and method of a deployed REST API serve a request path.

API Gateway prefers the most specific resource, segment by segment from the left: a literal
path part beats ``{param}``, which beats the greedy ``{proxy+}`` (which must be the last part
and match at least one segment) [doc: API Gateway Developer Guide, "Set up a proxy
integration with a proxy resource"]. So for resources ``/a/{x}/c`` and ``/a/b/{y}`` a request
for ``/a/b/c`` goes to ``/a/b/{y}``: its second part is literal [inferred from the
precedence rule; AWS documents no tie-break beyond it]. The method is the resource's own for
the verb, else its ``ANY`` method; with neither the client gets 403 Missing Authentication
Token (docs/aws-behaviour.md section 2).

The path is split on ``/`` as sent, and each part is percent-decoded exactly once, so
``%2F`` inside a part never becomes a separator and ``%2575`` stays ``%75``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import unquote

ANY_METHOD = "ANY"
_LITERAL, _PARAM, _GREEDY = 2, 1, 0

MethodT = TypeVar("MethodT")


@dataclass(frozen=True)
class ResourceMatch:
    """The resource template that serves a path, and its path parameters (decoded)."""

    template: str
    path_parameters: dict[str, str]


def split_path(raw_path: str) -> list[str]:
    """The parts of a request path as sent (still percent-encoded), without empty ones."""
    return [part for part in raw_path.split("/") if part]


def match_resource(templates: Iterable[str], raw_path: str) -> ResourceMatch | None:
    """The most specific resource template matching ``raw_path``, or None."""
    parts = split_path(raw_path)
    best: tuple[tuple[int, ...], str, dict[str, str]] | None = None
    for template in templates:
        matched = _match_parts(split_path(template), parts)
        if matched is None:
            continue
        score, params = matched
        if best is None or score > best[0]:
            best = (score, template, params)
    if best is None:
        return None
    return ResourceMatch(best[1], best[2])


def select_method(methods: Mapping[str, MethodT], http_method: str) -> MethodT | None:
    """The resource's method for a verb, falling back to its ``ANY`` method."""
    found = methods.get(http_method)
    return found if found is not None else methods.get(ANY_METHOD)


def _match_parts(
    template: list[str], parts: list[str]
) -> tuple[tuple[int, ...], dict[str, str]] | None:
    score: list[int] = []
    params: dict[str, str] = {}
    for index, piece in enumerate(template):
        if piece.startswith("{") and piece.endswith("+}"):
            rest = parts[index:]
            if not rest or index != len(template) - 1:
                return None
            params[piece[1:-2]] = "/".join(unquote(p) for p in rest)
            score.append(_GREEDY)
            return tuple(score), params
        if index >= len(parts):
            return None
        if piece.startswith("{") and piece.endswith("}"):
            params[piece[1:-1]] = unquote(parts[index])
            score.append(_PARAM)
        elif piece == unquote(parts[index]):
            score.append(_LITERAL)
        else:
            return None
    if len(parts) != len(template):
        return None
    return tuple(score), params

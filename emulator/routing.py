"""Matching a request path to a resource of a deployed API.

API Gateway prefers the most specific resource: a literal path part beats `{param}`, which
beats the greedy `{proxy+}` (API Gateway Developer Guide, api-gateway-method-settings-method-
request: "set up a proxy resource"). The method is looked up on that resource, falling back to
`ANY`; with no match the caller answers 403 Missing Authentication Token.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from emulator.deployments import DeploymentSnapshot, MethodSnapshot, ResourceSnapshot

_LITERAL, _PARAM, _GREEDY = 2, 1, 0


@dataclass(frozen=True)
class RouteMatch:
    resource: ResourceSnapshot
    method: MethodSnapshot
    path_parameters: dict[str, str]


def match_route(snapshot: DeploymentSnapshot, http_method: str, path: str) -> RouteMatch | None:
    """The resource and method that serve `path`, or None (→ 403 Missing Authentication Token)."""
    parts = _split(path)
    best: tuple[tuple[int, ...], ResourceSnapshot, dict[str, str]] | None = None
    for resource in snapshot.resources:
        matched = _match_parts(_split(resource.path), parts)
        if matched is None:
            continue
        score, params = matched
        if best is None or score > best[0]:
            best = (score, resource, params)
    if best is None:
        return None
    _, resource, params = best
    method = resource.method(http_method)
    if method is None:
        return None
    return RouteMatch(resource, method, params)


def _split(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


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

"""Which resource and method of a deployed REST API serve a request path.

API Gateway prefers the most specific resource, segment by segment from the left: a literal
path part beats ``{param}``, which beats the greedy ``{proxy+}`` (which must be the last part
and match at least one segment) [doc: API Gateway Developer Guide, "Set up a proxy
integration with a proxy resource"]. So for resources ``/a/{x}/c`` and ``/a/b/{y}`` a request
for ``/a/b/c`` goes to ``/a/b/{y}``: its second part is literal [inferred from the
precedence rule; AWS documents no tie-break beyond it]. The method is the resource's own for
the verb, else its ``ANY`` method; with neither the client gets 403 Missing Authentication
Token (docs/aws-behaviour.md section 2).

The resource and the method are chosen together: a resource that matches the path but has no
method for the verb (nor ``ANY``) is passed over for the next most specific one that has, a
``{param}`` sibling or a ``{proxy+}`` (an ``OPTIONS`` preflight to ``/users`` with no
``OPTIONS`` method there reaches ``/{proxy+}``'s) [recorded on AWS: ministack PR 1423,
floci PR 3399; docs/aws-behaviour.md 9.7].

The path is split on ``/`` as sent, and each part is percent-decoded exactly once to be
compared with the literal parts, so ``%2F`` inside a part never becomes a separator and
``%2575`` stays ``%75``. Path parameters keep the value as sent, still percent-encoded
(``%2B`` stays ``%2B``) [recorded: LocalStack ``test_lambda_aws_proxy_integration``; 9.8].
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import unquote

ANY_METHOD = "ANY"

MethodT = TypeVar("MethodT")

Serves = Callable[[str], bool]
"""Whether the resource with this template has a method for the request's verb (or ANY)."""


def _serves_every_verb(template: str) -> bool:
    return True


@dataclass(frozen=True)
class ResourceMatch:
    """The resource template that serves a path, and its path parameters (as sent)."""

    template: str
    path_parameters: dict[str, str]


def split_path(raw_path: str) -> list[str]:
    """The parts of a request path as sent (still percent-encoded), without empty ones."""
    return [part for part in raw_path.split("/") if part]


class RouteIndex:
    """The resource templates of one deployment as a tree of path parts, so that a match
    costs the depth of the path, not the number of resources.

    The walk tries a literal part, then ``{param}``, then ``{proxy+}``, and the first full
    match whose resource serves the verb is the most specific one (the rule above)."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._root = _Node()
        for template in templates:
            node = self._root
            for piece in split_path(template):
                if piece.startswith("{") and piece.endswith("+}"):
                    node.greedy = (piece[1:-2], template)
                    break
                if piece.startswith("{") and piece.endswith("}"):
                    node = node.params.setdefault(piece[1:-1], _Node())
                else:
                    node = node.literals.setdefault(piece, _Node())
            else:
                node.template = node.template or template

    def match(self, raw_path: str, serves: Serves = _serves_every_verb) -> ResourceMatch | None:
        """The most specific template matching ``raw_path`` that ``serves`` the verb, or None."""
        raw = split_path(raw_path)
        return _walk(self._root, _Parts([unquote(part) for part in raw], raw), 0, {}, serves)


@dataclass
class _Node:
    literals: dict[str, _Node] = field(default_factory=dict)
    params: dict[str, _Node] = field(default_factory=dict)
    greedy: tuple[str, str] | None = None
    """(parameter name, template) of a ``{name+}`` child."""
    template: str | None = None
    """The template that ends here."""


@dataclass(frozen=True)
class _Parts:
    decoded: list[str]
    """Compared with the literal parts."""
    raw: list[str]
    """Given as parameter values."""


def _walk(
    node: _Node, parts: _Parts, index: int, params: dict[str, str], serves: Serves
) -> ResourceMatch | None:
    if index == len(parts.raw):
        if node.template and serves(node.template):
            return ResourceMatch(node.template, dict(params))
        return None
    literal = node.literals.get(parts.decoded[index])
    if literal is not None:
        found = _walk(literal, parts, index + 1, params, serves)
        if found is not None:
            return found
    for name, child in node.params.items():
        found = _walk(child, parts, index + 1, {**params, name: parts.raw[index]}, serves)
        if found is not None:
            return found
    if node.greedy is not None and serves(node.greedy[1]):
        name, template = node.greedy
        return ResourceMatch(template, {**params, name: "/".join(parts.raw[index:])})
    return None


def match_resource(
    templates: Iterable[str], raw_path: str, serves: Serves = _serves_every_verb
) -> ResourceMatch | None:
    """The most specific resource template matching ``raw_path`` that ``serves`` the verb."""
    return RouteIndex(templates).match(raw_path, serves)


def serving(methods_by_template: Mapping[str, Mapping[str, object]], http_method: str) -> Serves:
    """``serves`` for resources given as template → their methods (verb → anything)."""
    return lambda template: (
        select_method(methods_by_template.get(template, {}), http_method) is not None
    )


def select_method(methods: Mapping[str, MethodT], http_method: str) -> MethodT | None:
    """The resource's method for a verb, falling back to its ``ANY`` method.

    ``OPTIONS`` is no exception: a CORS preflight goes to the resource's OPTIONS method (with
    its own ``authorizationType``, NONE as the console's "Enable CORS" makes it), else to ANY
    (whose authorizer then refuses a preflight, which carries no token), else nowhere: 403
    Missing Authentication Token. API Gateway answers no preflight by itself for a REST API
    [doc: "Enable CORS for a REST API resource"; docs/aws-behaviour.md 22.9]."""
    found = methods.get(http_method)
    return found if found is not None else methods.get(ANY_METHOD)

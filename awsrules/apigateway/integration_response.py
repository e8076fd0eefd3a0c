"""Integration responses and method responses of a non-proxy integration (MOCK here):
which integration response answers, which headers the client gets, and which body.

Sources (docs/aws-behaviour.md section 22):

- [doc] IntegrationResponse API reference, ``selectionPattern``: "the regular expression
  (regex) pattern used to choose an integration response based on the response from the back
  end ... For all other HTTP and AWS back ends, the HTTP status code is matched"; the default
  response is the one without a pattern ("Omit configuring this to make the integration the
  default one"; x-amazon-apigateway-integration.responses: ``default`` catches "any response
  that you haven't configured"). [inferred] the pattern must match the whole status code (Java
  ``matches``), so ``2\\d{2}`` matches ``200`` and ``2`` does not.
- [doc] PutIntegrationResponse ``responseParameters``: the key is
  ``method.response.header.{name}``, "where name is a valid and unique header name"; the value
  is a static value "enclosed within a pair of single quotes" or
  ``integration.response.header.{name}``; "The status code must map to an existing
  MethodResponse". [recorded] AWS refuses a mapping to a header the method response does not
  declare: 400 "Invalid mapping expression specified: Validation Result: warnings : [],
  errors : [Invalid mapping expression parameter specified: method.response.header.X]"
  (awslabs/aws-solutions-constructs issue 1130, deliveryhero/serverless-aws-documentation
  issue 91), so such a header never reaches a client. [our choice] moto accepts the put; the
  emulator does not send the header and logs why.
- [recorded] LocalStack ``IntegrationResponseHandler`` (validated against AWS): no
  integration response matching and no default → 500, log "Configuration error: No match for
  output mapping and no default output mapping configured. Endpoint Response Status Code: N";
  the response template is chosen by the request's ``Accept`` header, else
  ``application/json``, else the first one; without templates the body passes through.
- [recorded] "Execution failed due to configuration error: Output mapping refers to an invalid
  method response: {status}" when the integration response's status has no method response
  (an AWS execution-log line quoted in public Q&A; unconfirmed by us in a recording).

Templates are VTL on AWS; this module only decides which template applies. Whether one can be
served without a VTL engine is ``is_static_template``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HEADER_TARGET = "method.response.header."
INTEGRATION_HEADER = "integration.response.header."
DEFAULT_MEDIA_TYPE = "application/json"
"""The media type API Gateway assumes when a request names none [doc: "Method request
behavior for payloads without mapping templates" ("None (default to application/json)")]."""


@dataclass(frozen=True)
class IntegrationResponseConfig:
    """An integration response as PutIntegrationResponse stored it."""

    status_code: str
    selection_pattern: str | None = None
    response_parameters: tuple[tuple[str, str], ...] = ()
    response_templates: tuple[tuple[str, str | None], ...] = ()
    """media type → template; ``None`` (or ``""``): an empty template."""
    content_handling: str | None = None


@dataclass(frozen=True)
class MethodResponseConfig:
    """A method response as PutMethodResponse stored it."""

    status_code: str
    response_parameters: tuple[tuple[str, bool], ...] = ()
    """``method.response.header.X`` → required; these are the headers the method may send."""
    response_models: tuple[tuple[str, str], ...] = ()

    def declares(self, header: str) -> bool:
        wanted = (HEADER_TARGET + header).lower()
        return any(name.lower() == wanted for name, _ in self.response_parameters)


class NoIntegrationResponse(Exception):
    """No integration response matches the endpoint's status and none is the default."""


def select_integration_response(
    responses: Iterable[IntegrationResponseConfig], selection_value: str
) -> IntegrationResponseConfig:
    """The response whose ``selectionPattern`` matches ``selection_value`` (the endpoint's
    status code for MOCK and HTTP), else the one without a pattern; NoIntegrationResponse if
    neither exists. An invalid pattern matches nothing [inferred]."""
    candidates = tuple(responses)
    for response in candidates:
        if response.selection_pattern and _full_match(response.selection_pattern, selection_value):
            return response
    for response in candidates:
        if not response.selection_pattern:
            return response
    raise NoIntegrationResponse(
        "Configuration error: No match for output mapping and no default output mapping "
        f"configured. Endpoint Response Status Code: {selection_value}"
    )


def _full_match(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return False


@dataclass(frozen=True)
class MappedHeaders:
    headers: tuple[tuple[str, str], ...]
    skipped: tuple[str, ...]
    """Why a mapping was not sent, one line each, for the execution log."""


def mapped_headers(
    parameters: Iterable[tuple[str, str]],
    method_response: MethodResponseConfig,
    integration_headers: Iterable[tuple[str, str]] = (),
) -> MappedHeaders:
    """The headers the client gets: each ``method.response.header.X`` the method response
    declares, from a static ``'value'`` or ``integration.response.header.Y``. A mapping to an
    undeclared header, or whose value is neither, is not sent."""
    backend = tuple(integration_headers)
    headers: list[tuple[str, str]] = []
    skipped: list[str] = []
    for target, source in parameters:
        if not target.startswith(HEADER_TARGET):
            skipped.append(f"{target}: not a method response header")
            continue
        name = target[len(HEADER_TARGET) :]
        if not method_response.declares(name):
            skipped.append(
                f"{target}: not declared in method response {method_response.status_code}"
            )
            continue
        value = _mapped_value(source, backend)
        if value is None:
            skipped.append(f"{target}: mapping expression {source} gives no value")
            continue
        headers.append((name, value))
    return MappedHeaders(tuple(headers), tuple(skipped))


def _mapped_value(source: str, backend: tuple[tuple[str, str], ...]) -> str | None:
    text = source.strip()
    if len(text) >= 2 and text.startswith("'") and text.endswith("'"):
        return text[1:-1]
    if text.startswith(INTEGRATION_HEADER):
        wanted = text[len(INTEGRATION_HEADER) :].lower()
        return next((value for name, value in backend if name.lower() == wanted), None)
    return None


def response_template(
    templates: Iterable[tuple[str, str | None]], accept: str | None
) -> tuple[str, str] | None:
    """(media type, template) for the client's ``Accept``, else ``application/json``, else
    the first; None without templates (the body passes through)."""
    by_type: Mapping[str, str | None] = dict(templates)
    if not by_type:
        return None
    for wanted in (accept, DEFAULT_MEDIA_TYPE):
        if wanted and wanted in by_type:
            return wanted, by_type[wanted] or ""
    first, template = next(iter(by_type.items()))
    return first, template or ""


VTL_MARKERS = ("$", "#")


def is_static_template(template: str) -> bool:
    """A template with no VTL reference (``$``) or directive (``#``): it renders as itself."""
    return not any(marker in template for marker in VTL_MARKERS)

"""The MOCK integration's request side: which request template applies (the passthrough
behaviour) and the status code the mock answers with (docs/aws-behaviour.md section 22).

Sources:

- [doc] "Mock integrations for REST APIs in API Gateway": "For a method with the mock
  integration to return a 200 response, configure the integration request body mapping
  template to return ``{"statusCode": 200}``"; the integration response is then chosen by
  that status.
- [doc] "Method request behavior for payloads without mapping templates" and the Integration
  API reference (``passthroughBehavior``): with a request's ``Content-Type`` (none means
  ``application/json``) that has a template, the template is used, whatever the behaviour.
  Otherwise ``WHEN_NO_MATCH`` passes the body through unchanged; ``WHEN_NO_TEMPLATES`` passes
  it through only when the integration has no template at all, else 415 Unsupported Media
  Type; ``NEVER`` rejects it with 415. moto and the console default to ``WHEN_NO_MATCH``.
- [recorded] A MOCK whose integration request is not a JSON object with an integer
  ``statusCode`` answers 500: "Execution failed due to configuration error: Unable to parse
  statusCode. It should be an integer that is defined in the request template." (LocalStack's
  AWS-validated MOCK integration; a CDK app in public code notes that a MOCK on the root
  "breaks ``/`` with 'Unable to parse statusCode'"). AWS's parser also takes the unquoted
  key that CDK writes (``{statusCode: 200}``; LocalStack's fix for CDK users), so the emulator
  does too. **Doubt:** the mock guide also says a method can "return the default integration
  response without defining the integration request mapping template"; with no template and
  an empty body the recordings show the 500, which the emulator follows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from awsrules.apigateway.binary_media import first_header
from awsrules.apigateway.integration_response import DEFAULT_MEDIA_TYPE

WHEN_NO_MATCH = "WHEN_NO_MATCH"
WHEN_NO_TEMPLATES = "WHEN_NO_TEMPLATES"
NEVER = "NEVER"
DEFAULT_PASSTHROUGH = WHEN_NO_MATCH

UNPARSABLE_STATUS = (
    "Execution failed due to configuration error: Unable to parse statusCode. "
    "It should be an integer that is defined in the request template."
)
_LENIENT_STATUS = re.compile(r"""^\s*\{.*?["']?statusCode["']?\s*:\s*(-?\d+)\s*[,}]""", re.S)


@dataclass(frozen=True)
class UseTemplate:
    media_type: str
    template: str


@dataclass(frozen=True)
class PassThrough:
    """The method request's body goes to the integration unchanged."""


@dataclass(frozen=True)
class UnsupportedMediaType:
    media_type: str


RequestMapping = UseTemplate | PassThrough | UnsupportedMediaType


def request_media_type(headers: Iterable[tuple[str, str]]) -> str:
    """The request's ``Content-Type`` without parameters, ``application/json`` without one."""
    value = first_header(headers, "Content-Type")
    media_type = (value or "").split(";", 1)[0].strip().lower()
    return media_type or DEFAULT_MEDIA_TYPE


def request_mapping(
    templates: Iterable[tuple[str, str | None]],
    passthrough_behavior: str | None,
    media_type: str,
) -> RequestMapping:
    """What the integration request is, for a request of ``media_type``."""
    by_type = {name.lower(): template for name, template in templates}
    if media_type in by_type:
        return UseTemplate(media_type, by_type[media_type] or "")
    behavior = passthrough_behavior or DEFAULT_PASSTHROUGH
    if behavior == WHEN_NO_MATCH or (behavior == WHEN_NO_TEMPLATES and not by_type):
        return PassThrough()
    return UnsupportedMediaType(media_type)


def mock_status_code(integration_request: str) -> int | None:
    """The ``statusCode`` of the integration request (JSON, or the unquoted-key form CDK
    writes); None when there is no integer status."""
    try:
        parsed = json.loads(integration_request)
    except ValueError:
        lenient = _LENIENT_STATUS.match(integration_request)
        return int(lenient.group(1)) if lenient else None
    status = parsed.get("statusCode") if isinstance(parsed, dict) else None
    if isinstance(status, bool) or not isinstance(status, int):
        return None
    return status

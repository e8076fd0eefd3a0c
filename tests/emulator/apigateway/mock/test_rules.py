"""The pure rules of section 22 (awsrules/apigateway/mock_integration.py and
integration_response.py), case by case; doc: "Method request behavior for payloads without
mapping templates" (the passthrough tables), IntegrationResponse ``selectionPattern``."""

from __future__ import annotations

import pytest

from awsrules.apigateway.integration_response import (
    IntegrationResponseConfig,
    MethodResponseConfig,
    NoIntegrationResponse,
    mapped_headers,
    response_template,
    select_integration_response,
)
from awsrules.apigateway.mock_integration import (
    PassThrough,
    UnsupportedMediaType,
    UseTemplate,
    mock_status_code,
    request_mapping,
    request_media_type,
)

JSON_ONLY = (("application/json", '{"statusCode": 200}'),)


@pytest.mark.parametrize(
    ("templates", "behavior", "media_type", "expected"),
    [
        (
            JSON_ONLY,
            "WHEN_NO_MATCH",
            "application/json",
            UseTemplate("application/json", '{"statusCode": 200}'),
        ),
        (
            JSON_ONLY,
            "NEVER",
            "application/json",
            UseTemplate("application/json", '{"statusCode": 200}'),
        ),
        (JSON_ONLY, "WHEN_NO_MATCH", "application/xml", PassThrough()),
        (
            JSON_ONLY,
            "WHEN_NO_TEMPLATES",
            "application/xml",
            UnsupportedMediaType("application/xml"),
        ),
        (JSON_ONLY, "NEVER", "application/xml", UnsupportedMediaType("application/xml")),
        ((), "WHEN_NO_MATCH", "application/json", PassThrough()),
        ((), "WHEN_NO_TEMPLATES", "application/json", PassThrough()),
        ((), "NEVER", "application/json", UnsupportedMediaType("application/json")),
        ((), None, "text/plain", PassThrough()),
    ],
)
def test_request_mapping_follows_the_passthrough_tables_doc(
    templates: tuple[tuple[str, str], ...],
    behavior: str | None,
    media_type: str,
    expected: object,
) -> None:
    assert request_mapping(templates, behavior, media_type) == expected


def test_no_content_type_means_application_json_doc_passthrough() -> None:
    assert (request_media_type(()), request_media_type((("content-type", "Text/Plain; a=b"),))) == (
        "application/json",
        "text/plain",
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"statusCode": 200}', 200),
        ("{statusCode: 404}", 404),
        ('{"statusCode": "200"}', None),
        ('{"statusCode": true}', None),
        ("", None),
        ("[200]", None),
    ],
)
def test_mock_status_code_wants_an_integer_status_code_recorded(
    body: str, status: int | None
) -> None:
    assert mock_status_code(body) == status


RESPONSES = (
    IntegrationResponseConfig("200"),
    IntegrationResponseConfig("404", selection_pattern="4\\d{2}"),
    IntegrationResponseConfig("500", selection_pattern="(broken"),
)


@pytest.mark.parametrize(("status", "chosen"), [("404", "404"), ("204", "200"), ("4040", "200")])
def test_selection_pattern_matches_the_whole_status_else_the_default_doc(
    status: str, chosen: str
) -> None:
    assert select_integration_response(RESPONSES, status).status_code == chosen


def test_no_match_and_no_default_is_a_configuration_error_recorded() -> None:
    with pytest.raises(NoIntegrationResponse, match="Endpoint Response Status Code: 200"):
        select_integration_response(RESPONSES[1:], "200")


def test_mapped_headers_send_only_declared_headers_from_static_values_or_the_backend_doc() -> None:
    declared = MethodResponseConfig(
        "200",
        (("method.response.header.A", False), ("method.response.header.B", True)),
    )
    mapped = mapped_headers(
        (
            ("method.response.header.A", "'one'"),
            ("method.response.header.B", "integration.response.header.X-B"),
            ("method.response.header.C", "'three'"),
        ),
        declared,
        (("x-b", "two"),),
    )
    assert (mapped.headers, len(mapped.skipped)) == ((("A", "one"), ("B", "two")), 1)


def test_response_template_prefers_accept_then_application_json_then_the_first() -> None:
    templates = (("text/plain", "t"), ("application/json", None))
    assert (
        response_template(templates, "text/plain"),
        response_template(templates, "image/png"),
        response_template((("text/plain", "t"),), None),
        response_template((), None),
    ) == (("text/plain", "t"), ("application/json", ""), ("text/plain", "t"), None)

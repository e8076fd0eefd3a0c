"""Customised gateway responses and GetGatewayResponses: docs/aws-behaviour.md 2.13-2.16.

The recorded cases come from LocalStack's ``test_gateway_response_put`` snapshot (AWS,
2024-06-20)."""

from __future__ import annotations

from awsrules.apigateway.custom_gateway_responses import (
    GatewayResponseConfig,
    RequestValues,
    customized,
    described,
    listed,
)
from awsrules.apigateway.gateway_responses import (
    DEFAULT_TEMPLATE,
    RESPONSE_TYPES,
    authorizer_configuration_error,
    integration_failure,
    missing_authentication_token,
    unauthorized,
)

CORS = (("gatewayresponse.header.Access-Control-Allow-Origin", "'*'"),)
TEMPLATE_5XX = (("application/json", '{"message":$context.error.messageString}'),)


def config(
    status: str | None = None,
    parameters: tuple[tuple[str, str], ...] | None = None,
    templates: tuple[tuple[str, str], ...] | None = None,
) -> GatewayResponseConfig:
    return GatewayResponseConfig(status, parameters, templates)


# --- GetGatewayResponse(s) --------------------------------------------------------------------


def test_get_gateway_responses_lists_every_type_as_a_default_recorded() -> None:
    items = listed({})
    assert [item["responseType"] for item in items] == sorted(RESPONSE_TYPES)
    assert all(item["defaultResponse"] for item in items)


def test_a_default_response_has_its_status_no_parameters_and_the_default_template_recorded() -> (
    None
):
    assert described("UNAUTHORIZED", {}) == {
        "defaultResponse": True,
        "responseParameters": {},
        "responseTemplates": {"application/json": DEFAULT_TEMPLATE},
        "responseType": "UNAUTHORIZED",
        "statusCode": "401",
    }


def test_default_4xx_has_no_status_code_recorded() -> None:
    assert "statusCode" not in described("DEFAULT_4XX", {})


def test_a_put_with_only_a_status_gets_the_default_template_recorded() -> None:
    answer = described(
        "MISSING_AUTHENTICATION_TOKEN", {"MISSING_AUTHENTICATION_TOKEN": config("404")}
    )
    assert (answer["defaultResponse"], answer["statusCode"], answer["responseTemplates"]) == (
        False,
        "404",
        {"application/json": DEFAULT_TEMPLATE},
    )


def test_a_put_without_a_status_shows_the_types_default_status_recorded() -> None:
    answer = described(
        "MISSING_AUTHENTICATION_TOKEN",
        {"MISSING_AUTHENTICATION_TOKEN": config(templates=TEMPLATE_5XX)},
    )
    assert answer["statusCode"] == "403"


def test_types_of_a_customised_family_show_its_default_recorded() -> None:
    configured = {"DEFAULT_5XX": config("599", CORS, TEMPLATE_5XX)}
    answer = described("AUTHORIZER_CONFIGURATION_ERROR", configured)
    assert (answer["defaultResponse"], answer["statusCode"], answer["responseParameters"]) == (
        True,
        "599",
        {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
    )


def test_a_type_put_itself_is_not_replaced_by_its_family_default_recorded() -> None:
    configured = {"DEFAULT_5XX": config("599"), "AUTHORIZER_FAILURE": config("500")}
    assert described("AUTHORIZER_FAILURE", configured)["statusCode"] == "500"


# --- the data plane ---------------------------------------------------------------------------


def test_nothing_configured_leaves_the_response_as_it_is() -> None:
    assert customized(unauthorized(), {}, RequestValues()) == unauthorized()


def test_a_customised_status_replaces_the_responses_doc() -> None:
    configured = {"MISSING_AUTHENTICATION_TOKEN": config("404")}
    assert customized(missing_authentication_token(), configured, RequestValues()).status == 404


def test_a_static_header_parameter_is_added_doc() -> None:
    response = customized(
        unauthorized(), {"UNAUTHORIZED": config(parameters=CORS)}, RequestValues()
    )
    assert ("Access-Control-Allow-Origin", "*") in response.headers


def test_a_header_parameter_can_copy_a_request_header_doc() -> None:
    configured = {
        "UNAUTHORIZED": config(
            parameters=(("gatewayresponse.header.x-origin", "method.request.header.Origin"),)
        )
    }
    values = RequestValues(headers=(("origin", "https://app.example"),))
    response = customized(unauthorized(), configured, values)
    assert ("x-origin", "https://app.example") in response.headers


def test_the_default_template_renders_the_message_as_a_json_string_recorded() -> None:
    configured = {"UNAUTHORIZED": config(parameters=CORS)}
    assert (
        customized(unauthorized(), configured, RequestValues()).body
        == b'{"message":"Unauthorized"}'
    )


def test_a_missing_message_renders_as_null_loige_recording() -> None:
    configured = {"DEFAULT_5XX": config(parameters=CORS)}
    response = customized(authorizer_configuration_error(), configured, RequestValues())
    assert response.body == b'{"message":null}'


def test_a_template_substitutes_context_and_stage_variables_doc() -> None:
    template = (
        '{"type":"$context.error.responseType","stage":"$context.stage","a":"$stageVariables.a"}'
    )
    configured = {"DEFAULT_4XX": config(templates=(("application/json", template),))}
    values = RequestValues(stage_variables={"a": "b"}, context={"stage": "dev"})
    response = customized(missing_authentication_token(), configured, values)
    assert response.body == b'{"type":"MISSING_AUTHENTICATION_TOKEN","stage":"dev","a":"b"}'


def test_an_unknown_template_variable_is_empty_inferred() -> None:
    configured = {"UNAUTHORIZED": config(templates=(("application/json", "[$context.nope]"),))}
    assert customized(unauthorized(), configured, RequestValues()).body == b"[]"


def test_a_template_of_another_type_sets_the_content_type_inferred() -> None:
    configured = {"UNAUTHORIZED": config(templates=(("text/plain", "no"),))}
    assert customized(unauthorized(), configured, RequestValues()).content_type == "text/plain"


def test_default_4xx_applies_to_a_4xx_type_not_customised_itself_doc() -> None:
    configured = {"DEFAULT_4XX": config(parameters=CORS)}
    response = customized(missing_authentication_token(), configured, RequestValues())
    assert ("Access-Control-Allow-Origin", "*") in response.headers


def test_default_5xx_does_not_apply_to_a_4xx_type_doc() -> None:
    configured = {"DEFAULT_5XX": config(parameters=CORS)}
    assert customized(unauthorized(), configured, RequestValues()) == unauthorized()


def test_integration_failure_keeps_500_without_a_status_of_its_own_recorded_localstack() -> None:
    configured = {"INTEGRATION_FAILURE": config(parameters=())}
    assert customized(integration_failure(), configured, RequestValues()).status == 500

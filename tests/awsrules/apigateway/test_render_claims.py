"""requestContext.authorizer.claims rendering: docs/aws-behaviour.md section 3 (recorded events)."""

from __future__ import annotations

from awsrules.apigateway.cognito_authorizer import java_date_string, render_claims

from .cognito_tokens import EXP, NOW, id_token_claims


def test_exp_renders_as_java_date_string_in_utc() -> None:
    assert render_claims({"exp": 1784695444}) == {"exp": "Wed Jul 22 04:44:04 UTC 2026"}


def test_iat_renders_as_java_date_string_in_utc() -> None:
    assert render_claims({"iat": NOW}) == {"iat": "Wed Jul 22 03:44:04 UTC 2026"}


def test_java_date_pads_day_of_month_to_two_digits() -> None:
    assert java_date_string(1780642989) == "Fri Jun 05 07:03:09 UTC 2026"


def test_auth_time_renders_as_decimal_string() -> None:
    assert render_claims({"auth_time": 1784691844}) == {"auth_time": "1784691844"}


def test_integer_claim_renders_as_decimal_string() -> None:
    assert render_claims({"version": 2}) == {"version": "2"}


def test_true_claim_renders_as_lowercase_true() -> None:
    assert render_claims({"email_verified": True}) == {"email_verified": "true"}


def test_false_claim_renders_as_lowercase_false() -> None:
    assert render_claims({"email_verified": False}) == {"email_verified": "false"}


def test_single_group_renders_as_plain_string() -> None:
    assert render_claims({"cognito:groups": ["admin"]}) == {"cognito:groups": "admin"}


def test_multiple_groups_render_comma_joined_without_spaces() -> None:
    rendered = render_claims({"cognito:groups": ["admin", "staging-manager"]})
    assert rendered == {"cognito:groups": "admin,staging-manager"}


def test_string_claims_are_unchanged() -> None:
    claims = {"sub": "a1b2", "scope": "openid users/read", "custom:tier": "gold"}
    assert render_claims(claims) == claims


def test_rendered_claims_keep_the_token_claim_order() -> None:
    assert list(render_claims(id_token_claims())) == list(id_token_claims())


def test_every_rendered_id_token_claim_is_a_string() -> None:
    rendered = render_claims(id_token_claims())
    assert {type(value) for value in rendered.values()} == {str}


def test_rendered_id_token_matches_the_recorded_shape() -> None:
    rendered = render_claims(id_token_claims())
    assert (rendered["exp"], rendered["iat"], rendered["auth_time"]) == (
        "Wed Jul 22 04:44:04 UTC 2026",
        "Wed Jul 22 03:44:04 UTC 2026",
        str(NOW),
    )
    assert EXP == 1784695444

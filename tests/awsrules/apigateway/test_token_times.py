"""The Cognito authorizer's time claims on bad input: ``exp`` must be a finite number, and
``nbf`` and ``iat`` must not be after now (docs/aws-behaviour.md 23.4); claims of any JSON
value never make the rules raise."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awsrules.apigateway.cognito_authorizer import (
    Allow,
    CognitoAuthorizerConfig,
    Deny,
    authorize_cognito,
    not_yet_valid,
    render_claims,
)
from awsrules.apigateway.gateway_responses import unauthorized

from .cognito_tokens import NOW, POOL_ID, Minter, id_token_claims, pool_arn

JwksLookup = Callable[[str], Mapping[str, Any] | None]
CONFIG = CognitoAuthorizerConfig((pool_arn(POOL_ID),), "method.request.header.Authorization", None)
TEN_YEARS = 10 * 365 * 86400


def _authorize(minter: Minter, jwks_for_pool: JwksLookup, **claims: Any) -> Allow | Deny:
    token = minter.sign(id_token_claims(**claims))
    return authorize_cognito(
        {"Authorization": token}, CONFIG, (), jwks_for_pool=jwks_for_pool, now=NOW
    )


@pytest.mark.parametrize("exp", [math.inf, -math.inf, math.nan, True])
def test_exp_that_is_not_a_finite_number_is_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup, exp: float
) -> None:
    """RFC 7519 4.1.4: ``exp`` is a NumericDate (``1e400`` in JSON reads as infinity)."""
    result = _authorize(minter, jwks_for_pool, exp=exp)
    assert isinstance(result, Deny) and result.response == unauthorized()


def test_iat_ten_years_ahead_is_401_unauthorized(minter: Minter, jwks_for_pool: JwksLookup) -> None:
    """API Gateway Developer Guide, http-api-jwt-authorizer: "iat – Must be before the
    current time in UTC" (JWT authorizers; for Cognito authorizers our choice, 23.4)."""
    result = _authorize(minter, jwks_for_pool, iat=NOW + TEN_YEARS, exp=NOW + TEN_YEARS + 60)
    assert isinstance(result, Deny) and result.response == unauthorized()


def test_nbf_tomorrow_is_401_unauthorized(minter: Minter, jwks_for_pool: JwksLookup) -> None:
    """RFC 7519 4.1.5: the JWT MUST NOT be accepted before ``nbf``."""
    result = _authorize(minter, jwks_for_pool, nbf=NOW + 86400)
    assert isinstance(result, Deny) and result.response == unauthorized()


def test_nbf_and_iat_of_now_are_accepted(minter: Minter, jwks_for_pool: JwksLookup) -> None:
    assert isinstance(_authorize(minter, jwks_for_pool, nbf=NOW, iat=NOW), Allow)


def test_nbf_that_is_not_a_number_is_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    result = _authorize(minter, jwks_for_pool, nbf="tomorrow")
    assert isinstance(result, Deny) and result.response == unauthorized()


def test_not_yet_valid_says_which_claim_is_after_now() -> None:
    assert not_yet_valid({"iat": NOW + 1}, NOW) == (
        f"token's iat {NOW + 1} is after now ({NOW}): not valid yet"
    )


def test_a_date_claim_outside_the_calendar_renders_as_a_number() -> None:
    """``iat`` of -1e300 passes (it is in the past) but is no date: rendered as a number."""
    assert render_claims({"iat": -1e300, "exp": 1e300}) == {"iat": "-1e+300", "exp": "1e+300"}


CLAIM_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=10),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(), inner)),
    max_leaves=8,
)


@settings(max_examples=200, derandomize=True, deadline=None, database=None)
@given(
    claims=st.dictionaries(
        st.sampled_from(["exp", "iat", "nbf", "auth_time", "cognito:groups", "x"]), CLAIM_VALUES
    )
)
def test_claims_of_any_json_value_never_make_the_time_checks_or_rendering_raise(
    claims: dict[str, Any],
) -> None:
    not_yet_valid(claims, NOW)
    rendered = render_claims(claims)
    assert set(rendered) == set(claims)

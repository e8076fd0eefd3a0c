"""COGNITO_USER_POOLS authorizer: docs/aws-behaviour.md sections 1 and 2."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any

import jwt
import pytest

from awsrules.apigateway.cognito_authorizer import (
    Allow,
    CognitoAuthorizerConfig,
    Deny,
    authorize_cognito,
    identity_header_name,
)
from awsrules.apigateway.gateway_responses import GatewayResponse, expired_token, unauthorized
from awsrules.arns import user_pool_from_arn

from .cognito_tokens import (
    CLIENT_ID,
    EXP,
    NOW,
    OTHER_POOL_ID,
    POOL_ID,
    SECOND_POOL_ID,
    Minter,
    access_token_claims,
    id_token_claims,
    pool_arn,
)

JwksLookup = Callable[[str], Mapping[str, Any] | None]

CONFIG = CognitoAuthorizerConfig(
    provider_arns=(pool_arn(POOL_ID),),
    identity_source="method.request.header.Authorization",
    identity_validation_expression=None,
)
SCOPE = "aws.cognito.signin.user.admin"


def authorize(
    headers: Mapping[str, str],
    jwks_for_pool: JwksLookup,
    *,
    config: CognitoAuthorizerConfig = CONFIG,
    scopes: tuple[str, ...] = (),
    now: float = NOW,
) -> Allow | Deny:
    return authorize_cognito(headers, config, scopes, jwks_for_pool=jwks_for_pool, now=now)


def denied_with(result: Allow | Deny) -> GatewayResponse:
    assert isinstance(result, Deny), f"expected a Deny, got {result!r}"
    return result.response


def with_expression(expression: str) -> CognitoAuthorizerConfig:
    return CognitoAuthorizerConfig(
        provider_arns=CONFIG.provider_arns,
        identity_source=CONFIG.identity_source,
        identity_validation_expression=expression,
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# --- 401 matrix -----------------------------------------------------------------------------


def test_missing_authorization_header_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    assert denied_with(authorize({}, jwks_for_pool)) == unauthorized()


def test_unauthorized_response_is_401_with_exact_aws_body(jwks_for_pool: JwksLookup) -> None:
    response = denied_with(authorize({}, jwks_for_pool))
    assert (response.status, response.body, response.error_type) == (
        401,
        b'{"message":"Unauthorized"}',
        "UnauthorizedException",
    )


def test_empty_authorization_header_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    assert denied_with(authorize({"Authorization": ""}, jwks_for_pool)) == unauthorized()


def test_bare_bearer_prefix_without_token_returns_401_unauthorized(
    jwks_for_pool: JwksLookup,
) -> None:
    assert denied_with(authorize({"Authorization": "Bearer "}, jwks_for_pool)) == unauthorized()


def test_garbage_token_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    result = authorize({"Authorization": "not-a-jwt"}, jwks_for_pool)
    assert denied_with(result) == unauthorized()


def test_token_with_bad_base64_header_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    result = authorize({"Authorization": "%%%.eyJhIjoxfQ.c2ln"}, jwks_for_pool)
    assert denied_with(result) == unauthorized()


def test_token_with_non_json_payload_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    token = ".".join((b64url(b'{"alg":"RS256","kid":"pool-key-1"}'), b64url(b"hello"), "c2ln"))
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_token_signed_with_another_key_returns_401_unauthorized(
    attacker_minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = attacker_minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool)
    assert denied_with(result) == unauthorized()


def test_bad_signature_deny_reason_says_signature_does_not_verify(
    attacker_minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = attacker_minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool)
    assert isinstance(result, Deny)
    assert result.reason == "signature does not verify"


def test_tampered_claims_with_original_signature_return_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    header, _, signature = minter.sign(id_token_claims()).split(".")
    claims = id_token_claims()
    claims["cognito:groups"] = ["root"]
    forged = b64url(json.dumps(claims).encode())
    result = authorize({"Authorization": f"{header}.{forged}.{signature}"}, jwks_for_pool)
    assert denied_with(result) == unauthorized()


def test_token_from_pool_not_in_provider_arns_returns_401_even_with_shared_key(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    # moto signs every pool with one key, so only the iss check can tell the pools apart.
    token = minter.sign(id_token_claims(pool_id=OTHER_POOL_ID))
    result = authorize({"Authorization": token}, jwks_for_pool)
    assert denied_with(result) == unauthorized()


def test_other_pool_deny_reason_says_iss_not_in_provider_arns(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims(pool_id=OTHER_POOL_ID))
    result = authorize({"Authorization": token}, jwks_for_pool)
    assert isinstance(result, Deny)
    assert result.reason.startswith("iss ")
    assert result.reason.endswith("not in providerARNs")


def test_hs256_token_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    token = jwt.encode(id_token_claims(), "a-shared-secret-of-32-bytes-long!", "HS256")
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_alg_none_token_returns_401_unauthorized(jwks_for_pool: JwksLookup) -> None:
    header = b64url(b'{"alg":"none","kid":"pool-key-1"}')
    token = f"{header}.{b64url(json.dumps(id_token_claims()).encode())}."
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_token_with_kid_not_in_jwks_returns_401_unauthorized(
    pool_key: Any, jwks_for_pool: JwksLookup
) -> None:
    token = Minter(pool_key, kid="rotated-away").sign(id_token_claims())
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_pool_without_jwks_returns_401_unauthorized(minter: Minter) -> None:
    token = minter.sign(id_token_claims())
    assert denied_with(authorize({"Authorization": token}, lambda _: None)) == unauthorized()


def test_access_token_without_method_scopes_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(access_token_claims())
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_id_token_with_method_scopes_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool, scopes=(SCOPE,))
    assert denied_with(result) == unauthorized()


def test_access_token_with_non_matching_scope_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(access_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool, scopes=("users/read",))
    assert denied_with(result) == unauthorized()


def test_expired_id_token_returns_401_incoming_token_has_expired(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool, now=EXP + 1)
    assert denied_with(result) == expired_token()


def test_expired_token_response_is_401_with_exact_aws_body(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    response = denied_with(authorize({"Authorization": token}, jwks_for_pool, now=EXP + 1))
    assert (response.status, response.body) == (
        401,
        b'{"message":"The incoming token has expired"}',
    )


def test_token_is_expired_at_the_exact_exp_second(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool, now=EXP)
    assert denied_with(result) == expired_token()


def test_expired_token_with_bad_signature_returns_plain_unauthorized(
    attacker_minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = attacker_minter.sign(id_token_claims())
    result = authorize({"Authorization": token}, jwks_for_pool, now=EXP + 1)
    assert denied_with(result) == unauthorized()


def test_token_without_exp_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims()
    del claims["exp"]
    token = minter.sign(claims)
    assert denied_with(authorize({"Authorization": token}, jwks_for_pool)) == unauthorized()


def test_aud_not_matching_identity_validation_expression_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    config = with_expression("some-other-client")
    result = authorize({"Authorization": token}, jwks_for_pool, config=config)
    assert denied_with(result) == unauthorized()


def test_identity_validation_expression_must_match_the_whole_aud(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    config = with_expression(CLIENT_ID[:5])
    result = authorize({"Authorization": token}, jwks_for_pool, config=config)
    assert denied_with(result) == unauthorized()


def test_access_token_with_identity_validation_expression_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(access_token_claims())
    config = with_expression(".*")
    result = authorize({"Authorization": token}, jwks_for_pool, config=config, scopes=(SCOPE,))
    assert denied_with(result) == unauthorized()


def test_invalid_identity_validation_expression_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    config = with_expression("([unclosed")
    result = authorize({"Authorization": token}, jwks_for_pool, config=config)
    assert denied_with(result) == unauthorized()


def test_token_in_another_header_than_the_identity_source_returns_401_unauthorized(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    token = minter.sign(id_token_claims())
    assert denied_with(authorize({"X-Token": token}, jwks_for_pool)) == unauthorized()


# --- successes ------------------------------------------------------------------------------


def test_id_token_without_method_scopes_is_allowed_with_its_raw_claims(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims()
    result = authorize({"Authorization": minter.sign(claims)}, jwks_for_pool)
    assert result == Allow(claims=claims)


def test_bearer_prefix_is_accepted(minter: Minter, jwks_for_pool: JwksLookup) -> None:
    claims = id_token_claims()
    result = authorize({"Authorization": f"Bearer {minter.sign(claims)}"}, jwks_for_pool)
    assert result == Allow(claims=claims)


def test_authorization_header_lookup_is_case_insensitive(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims()
    result = authorize({"authorization": minter.sign(claims)}, jwks_for_pool)
    assert result == Allow(claims=claims)


def test_access_token_with_one_matching_scope_is_allowed(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = access_token_claims(scope="openid users/read")
    result = authorize(
        {"Authorization": minter.sign(claims)}, jwks_for_pool, scopes=("users/write", "users/read")
    )
    assert result == Allow(claims=claims)


def test_aud_matching_identity_validation_expression_is_allowed(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims()
    config = with_expression("3n4b5urk1ft4fl3mg5e62d9ado|other-client")
    result = authorize({"Authorization": minter.sign(claims)}, jwks_for_pool, config=config)
    assert result == Allow(claims=claims)


def test_token_from_second_provider_arn_pool_is_allowed(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims(pool_id=SECOND_POOL_ID)
    config = CognitoAuthorizerConfig(
        provider_arns=(pool_arn(POOL_ID), pool_arn(SECOND_POOL_ID)),
        identity_source=CONFIG.identity_source,
        identity_validation_expression=None,
    )
    result = authorize({"Authorization": minter.sign(claims)}, jwks_for_pool, config=config)
    assert result == Allow(claims=claims)


def test_token_is_checked_against_the_clock_passed_in_not_the_wall_clock(
    minter: Minter, jwks_for_pool: JwksLookup
) -> None:
    claims = id_token_claims(exp=1000, iat=400, auth_time=400)
    result = authorize({"Authorization": minter.sign(claims)}, jwks_for_pool, now=500)
    assert result == Allow(claims=claims)


# --- helpers ----------------------------------------------------------------------------------


def test_identity_header_name_strips_method_request_header_prefix() -> None:
    assert identity_header_name("method.request.header.Authorization") == "Authorization"


def test_identity_header_name_rejects_a_query_string_source() -> None:
    with pytest.raises(ValueError, match="not a request header"):
        identity_header_name("method.request.querystring.token")


def test_user_pool_from_arn_derives_region_pool_id_and_issuer() -> None:
    pool = user_pool_from_arn("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Ab")
    assert pool is not None
    assert pool.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab"


def test_user_pool_from_arn_returns_none_for_a_non_cognito_arn() -> None:
    assert user_pool_from_arn("arn:aws:lambda:us-east-1:123456789012:function:f") is None

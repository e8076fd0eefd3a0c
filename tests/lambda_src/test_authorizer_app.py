"""The TOKEN authorizer (lambda_src/authorizer/app.py) with JSON events, RSA keys made here.

Sources: Cognito developer guide, "Verifying a JSON web token" (signature with the pool's
key, ``iss``, ``exp``, ``token_use``, ``aud``); API Gateway developer guide,
api-gateway-lambda-authorizer-output (``principalId``, ``policyDocument``, a ``context`` of
strings, numbers and booleans) and apigateway-use-lambda-authorizer (the error
``Unauthorized`` means 401).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.lambda_src.harness import EVENTS, FakeContext, load_handler_module

POOL_ID = "us-east-1_TestPool1"
ISSUER = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL_ID}"
JWKS_URL = f"https://cognito-idp.us-east-1.amazonaws.com/{POOL_ID}/.well-known/jwks.json"
CLIENT_ID = "5example0client0id0abcdefg"
KID = "key-1"
SUB = "2f1c1e7a-0000-4000-8000-000000000001"
STAGE_RESOURCE = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/dev/*"

POOL_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ATTACKER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


app = load_handler_module("authorizer")


def jwks(*kids: str) -> dict[str, Any]:
    public = RSAAlgorithm.to_jwk(POOL_KEY.public_key(), as_dict=True)
    return {"keys": [{**public, "kid": kid, "alg": "RS256", "use": "sig"} for kid in kids]}


@dataclass
class FakeJwksUrl:
    """Stands in for the pool's JWKS URL and counts the fetches."""

    document: dict[str, Any]
    fetches: int = 0

    def __call__(self, url: str) -> dict[str, Any]:
        assert url == JWKS_URL
        self.fetches += 1
        return self.document


@pytest.fixture
def jwks_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeJwksUrl]:
    fake = FakeJwksUrl(jwks(KID))
    monkeypatch.setattr(app, "fetch_jwks", fake)
    monkeypatch.setenv("JWKS_URL", JWKS_URL)
    monkeypatch.setenv("ISSUER", ISSUER)
    monkeypatch.delenv("APP_CLIENT_ID", raising=False)
    app._cache.clear()
    yield fake
    app._cache.clear()


def id_claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": SUB,
        "aud": CLIENT_ID,
        "token_use": "id",
        "cognito:username": "alice",
        "auth_time": now,
        "iss": ISSUER,
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(
    claims: dict[str, Any], key: rsa.RSAPrivateKey = POOL_KEY, kid: str = KID, alg: str = "RS256"
) -> str:
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


def event(token: str, name: str = "authorizer_token") -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    loaded["authorizationToken"] = token
    return loaded


def authorize(token: str, name: str = "authorizer_token") -> dict[str, Any]:
    result: dict[str, Any] = app.lambda_handler(
        event(token, name), FakeContext(function_name="alice-token-authorizer")
    )
    return result


def assert_unauthorized(token: str) -> None:
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(token)


# --- a valid ID token --------------------------------------------------------------------


@pytest.mark.usefixtures("jwks_url")
def test_valid_id_token_gets_allow_on_the_whole_stage_output_doc() -> None:
    assert authorize(sign(id_claims())) == {
        "principalId": SUB,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": STAGE_RESOURCE}
            ],
        },
        "context": {"username": "alice", "groups": ""},
    }


@pytest.mark.usefixtures("jwks_url")
def test_groups_reach_the_context_as_one_comma_separated_string_output_doc() -> None:
    token = sign(id_claims(**{"cognito:groups": ["admins", "readers"]}))
    assert authorize(token)["context"] == {"username": "alice", "groups": "admins,readers"}


@pytest.mark.usefixtures("jwks_url")
def test_bearer_prefix_is_accepted_like_the_cognito_authorizer() -> None:
    assert authorize("Bearer " + sign(id_claims()))["principalId"] == SUB


@pytest.mark.usefixtures("jwks_url")
def test_test_invoke_method_arn_gives_the_test_stage_wildcard() -> None:
    statement = authorize(sign(id_claims()), "authorizer_test_invoke")["policyDocument"][
        "Statement"
    ][0]
    assert statement["Resource"] == (
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/ESTestInvoke-stage/*"
    )


def test_app_client_id_set_accepts_its_own_audience(
    jwks_url: FakeJwksUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_CLIENT_ID", CLIENT_ID)
    assert authorize(sign(id_claims()))["principalId"] == SUB


# --- refused: 401 ------------------------------------------------------------------------


@pytest.mark.usefixtures("jwks_url")
@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "Bearer "])
def test_missing_or_garbage_token_raises_unauthorized(token: str) -> None:
    assert_unauthorized(token)


@pytest.mark.usefixtures("jwks_url")
def test_expired_token_raises_unauthorized() -> None:
    past = int(time.time()) - 7200
    assert_unauthorized(sign(id_claims(iat=past, exp=past + 3600)))


@pytest.mark.usefixtures("jwks_url")
def test_token_from_another_pool_raises_unauthorized() -> None:
    other = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool"
    assert_unauthorized(sign(id_claims(iss=other)))


@pytest.mark.usefixtures("jwks_url")
def test_access_token_raises_unauthorized() -> None:
    access = id_claims(token_use="access", aud=None, client_id=CLIENT_ID, scope="openid")
    assert_unauthorized(sign(access))


@pytest.mark.usefixtures("jwks_url")
def test_token_signed_by_another_key_with_the_pools_kid_raises_unauthorized() -> None:
    assert_unauthorized(sign(id_claims(), key=ATTACKER_KEY))


@pytest.mark.usefixtures("jwks_url")
def test_alg_none_token_raises_unauthorized() -> None:
    assert_unauthorized(jwt.encode(id_claims(), "", algorithm="none", headers={"kid": KID}))


@pytest.mark.usefixtures("jwks_url")
def test_token_without_kid_raises_unauthorized() -> None:
    assert_unauthorized(jwt.encode(id_claims(), POOL_KEY, algorithm="RS256"))


@pytest.mark.usefixtures("jwks_url")
def test_token_without_token_use_raises_unauthorized() -> None:
    assert_unauthorized(sign(id_claims(token_use=None)))


def test_app_client_id_set_refuses_another_audience(
    jwks_url: FakeJwksUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_CLIENT_ID", CLIENT_ID)
    assert_unauthorized(sign(id_claims(aud="another-app-client")))


def test_refusal_logs_the_reason_and_never_the_token(
    jwks_url: FakeJwksUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    token = sign(id_claims(token_use="access"))
    with pytest.raises(Exception, match="Unauthorized"):
        authorize(token)
    out = capsys.readouterr().out
    assert (out.splitlines()[-1], token in out) == (
        "Refused: token_use is 'access', not 'id'",
        False,
    )


# --- the JWKS cache ----------------------------------------------------------------------


def test_jwks_is_fetched_once_per_execution_environment(jwks_url: FakeJwksUrl) -> None:
    for _ in range(3):
        authorize(sign(id_claims()))
    assert jwks_url.fetches == 1


def test_unknown_kid_after_the_cooldown_fetches_again(
    jwks_url: FakeJwksUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    authorize(sign(id_claims()))
    jwks_url.document = jwks(KID, "key-2")
    monkeypatch.setattr(app, "JWKS_REFRESH_COOLDOWN_S", 0.0)
    result = authorize(sign(id_claims(), kid="key-2"))
    assert (result["principalId"], jwks_url.fetches) == (SUB, 2)


def test_unknown_kid_within_the_cooldown_raises_unauthorized_without_a_fetch(
    jwks_url: FakeJwksUrl,
) -> None:
    authorize(sign(id_claims()))
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(sign(id_claims(), kid="random-kid"))
    assert jwks_url.fetches == 1


# --- configuration errors are not the caller's fault: they surface as 500 ---------------


def test_method_arn_that_is_not_an_api_gateway_arn_raises_value_error() -> None:
    with pytest.raises(ValueError, match="Not an API Gateway method ARN"):
        app.api_stage_resource("arn:aws:lambda:us-east-1:123456789012:function:x")


@pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
def test_the_allowed_resource_keeps_the_method_arns_partition(partition: str) -> None:
    method_arn = f"arn:{partition}:execute-api:cn-north-1:123456789012:abc/dev/GET/users"
    assert app.api_stage_resource(method_arn) == (
        f"arn:{partition}:execute-api:cn-north-1:123456789012:abc/dev/*"
    )

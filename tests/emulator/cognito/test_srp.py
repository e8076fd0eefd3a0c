"""SRP sign-in checks the password, as Cognito does (moto alone accepts any proof)."""

from __future__ import annotations

import pytest
import requests
from botocore.exceptions import ClientError
from pycognito import Cognito

from tests.emulator.conftest import PASSWORD, Stack


def _sign_in(stack: Stack, password: str) -> Cognito:
    stack.tokens("srp-user")  # creates the user with PASSWORD
    jwks = requests.get(f"{stack.url}/{stack.pool_id}/.well-known/jwks.json", timeout=5).json()
    user = Cognito(stack.pool_id, stack.client_id, username="srp-user")
    user.pool_jwk = jwks
    user.client = stack.clients["cognito-idp"]
    user.authenticate(password=password)
    return user


def test_srp_sign_in_with_the_right_password_returns_tokens(shared_stack: Stack) -> None:
    assert _sign_in(shared_stack, PASSWORD).id_token.count(".") == 2


def test_srp_sign_in_with_a_wrong_password_is_not_authorized(shared_stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        _sign_in(shared_stack, "Wrong-Password-1!")
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )


def test_srp_secret_block_is_single_use(shared_stack: Stack) -> None:
    from pycognito.aws_srp import AWSSRP

    shared_stack.tokens("srp-user")
    srp = AWSSRP(
        username="srp-user",
        password=PASSWORD,
        pool_id=shared_stack.pool_id,
        client_id=shared_stack.client_id,
        client=shared_stack.clients["cognito-idp"],
    )
    idp = shared_stack.clients["cognito-idp"]
    auth_params = srp.get_auth_params()
    challenge = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", AuthParameters=auth_params, ClientId=shared_stack.client_id
    )
    answer = srp.process_challenge(challenge["ChallengeParameters"], auth_params)
    idp.respond_to_auth_challenge(
        ClientId=shared_stack.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=answer,
    )
    with pytest.raises(ClientError) as caught:
        idp.respond_to_auth_challenge(
            ClientId=shared_stack.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=answer,
        )
    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_srp_a_that_is_not_hex_is_not_authorized_rather_than_a_500(shared_stack: Stack) -> None:
    shared_stack.tokens("srp-user")
    with pytest.raises(ClientError) as caught:
        shared_stack.clients["cognito-idp"].initiate_auth(
            ClientId=shared_stack.client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": "srp-user", "SRP_A": "not-hex"},
        )
    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"

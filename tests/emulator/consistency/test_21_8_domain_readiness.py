"""A new user pool domain is CREATING, then ACTIVE; its endpoints answer only once it has
taken effect, "up to one minute" (docs/aws-behaviour.md 21.8, source: Cognito API
reference, CreateUserPoolDomain)."""

from __future__ import annotations

import pytest
import requests

from emulator.consistency.behaviours import DOMAIN_CREATING, DOMAIN_ENDPOINT
from tests.emulator.conftest import create_pool
from tests.emulator.consistency.conftest import Eventual, wait_until

DOMAIN = "alice-auth"


@pytest.fixture
def new_domain(eventual: Eventual) -> Eventual:
    idp = eventual.client("cognito-idp")
    pool_id, _ = create_pool(idp, "domain-pool")
    idp.create_user_pool_domain(Domain=DOMAIN, UserPoolId=pool_id)
    return eventual


def status(eventual: Eventual) -> str:
    idp = eventual.client("cognito-idp")
    return str(idp.describe_user_pool_domain(Domain=DOMAIN)["DomainDescription"]["Status"])


def post_token(eventual: Eventual) -> requests.Response:
    return requests.post(
        f"{eventual.url}/cognito-domain/{DOMAIN}/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"},
        timeout=10,
    )


def test_new_domain_reports_status_creating_inferred(new_domain: Eventual) -> None:
    assert status(new_domain) == "CREATING"


def test_new_domain_reports_status_active_after_a_while(new_domain: Eventual) -> None:
    assert wait_until(
        lambda: status(new_domain) == "ACTIVE", within=new_domain.deadline(DOMAIN_CREATING)
    )


def test_token_endpoint_of_a_new_domain_closes_the_connection_inferred_dns_not_yet(
    new_domain: Eventual,
) -> None:
    with pytest.raises(requests.ConnectionError):
        post_token(new_domain)


def test_token_endpoint_of_an_active_domain_still_does_not_answer_doc_up_to_one_minute(
    new_domain: Eventual,
) -> None:
    new_domain.skip(DOMAIN_CREATING)
    with pytest.raises(requests.ConnectionError):
        post_token(new_domain)


def test_token_endpoint_answers_once_the_domain_has_taken_effect_doc(
    new_domain: Eventual,
) -> None:
    new_domain.skip(DOMAIN_ENDPOINT)
    response = post_token(new_domain)
    assert (response.status_code, response.json()) == (400, {"error": "invalid_client"})

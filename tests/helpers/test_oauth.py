"""Resource server, user pool domain, machine client and the token endpoint (emulator)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
import requests
from botocore.stub import Stubber

from helpers import cognito, oauth
from helpers.backend import Workbook
from helpers.config import WorkbookConfig
from helpers.errors import WorkbookError
from tests.helpers.fakes import use_fake_time


@pytest.mark.parametrize(
    ("prefix", "expected_start"),
    [("alice", "alice-users-"), ("paws", "p-users-"), ("cognito-amazon-bob", "bob-users-")],
)
def test_domain_prefix_avoids_reserved_words(prefix: str, expected_start: str) -> None:
    domain = oauth.domain_prefix(prefix, "123456789012")
    assert domain.startswith(expected_start)
    assert not any(word in domain for word in ("aws", "amazon", "cognito"))


def test_domain_prefix_is_stable_per_account_and_differs_between_accounts() -> None:
    first = oauth.domain_prefix("alice", "123456789012")
    assert first == oauth.domain_prefix("alice", "123456789012")
    assert first != oauth.domain_prefix("alice", "210987654321")


def test_machine_client_gets_a_token_with_the_scope_it_asks_for(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "1" * 12))
    client = oauth.create_machine_client(wb, pool.id, server.scopes)
    token = oauth.request_client_credentials_token(wb, domain, client, "users/read")
    assert (server.scopes, cognito.decode_claims(token)["scope"]) == (
        ("users/read", "users/write"),
        "users/read",
    )


def test_machine_client_secret_never_shows_in_a_repr(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    client = oauth.create_machine_client(
        wb, pool.id, oauth.create_resource_server(wb, pool.id).scopes
    )
    assert client.secret and client.secret not in repr(client)


def test_create_resource_server_and_machine_client_twice_make_one(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    assert oauth.create_resource_server(wb, pool.id) == server
    client = oauth.create_machine_client(wb, pool.id, server.scopes)
    assert oauth.create_machine_client(wb, pool.id, server.scopes) == client


def test_a_scope_the_client_lacks_is_refused_with_the_oauth_error(wb: Workbook) -> None:
    pool = cognito.create_user_pool(wb)
    server = oauth.create_resource_server(wb, pool.id)
    domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, "1" * 12))
    client = oauth.create_machine_client(wb, pool.id, server.scopes[:1])
    with pytest.raises(
        WorkbookError, match=r"answered 400 'invalid_scope' for scope 'users/write'"
    ):
        oauth.request_client_credentials_token(wb, domain, client, "users/write")


def test_token_endpoint_on_aws_is_the_hosted_domain() -> None:
    wb = Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(region_name="eu-west-1"),
    )
    assert oauth.token_endpoint(wb, "alice-users-1a2b3c4d") == (
        "https://alice-users-1a2b3c4d.auth.eu-west-1.amazoncognito.com/oauth2/token"
    )


# --- a new domain on AWS: CREATING, then ACTIVE, then its endpoint answers (offline) ---------


class _Answer:
    def __init__(self, status: int, body: object) -> None:
        self.status_code = status
        self._body = body

    def json(self) -> object:
        if isinstance(self._body, str):
            raise ValueError("not JSON")
        return self._body


def _aws_workbook() -> Workbook:
    return Workbook(
        WorkbookConfig(backend="aws", region="eu-west-1", prefix="alice", emulator_url=""),
        boto3.Session(
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s", region_name="eu-west-1"
        ),
    )


MACHINE = oauth.MachineClient(
    id="client", name="alice-machine-client", allowed_scopes=(), secret="s"
)


def test_the_token_endpoint_of_a_new_domain_is_retried_until_it_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use_fake_time(monkeypatch)
    answers: Iterator[_Answer | requests.RequestException] = iter(
        [
            requests.ConnectionError("Name or service not known"),
            _Answer(404, "<html>Not Found</html>"),
            _Answer(503, {"message": "Service Unavailable"}),
            _Answer(200, {"access_token": "eyJ.token", "token_type": "Bearer"}),
        ]
    )

    def post(url: str, **kwargs: object) -> _Answer:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(requests, "post", post)
    token = oauth.request_client_credentials_token(
        _aws_workbook(), "alice-users-1a2b", MACHINE, "users/read"
    )
    assert (token, clock.sleeps) == ("eyJ.token", [1.0, 2.0, 4.0])


def test_an_oauth_error_from_the_token_endpoint_is_not_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use_fake_time(monkeypatch)
    monkeypatch.setattr(
        requests, "post", lambda url, **kwargs: _Answer(400, {"error": "invalid_client"})
    )
    with pytest.raises(WorkbookError, match=r"answered 400 'invalid_client'"):
        oauth.request_client_credentials_token(_aws_workbook(), "d", MACHINE, "users/read")
    assert clock.sleeps == []


def test_a_domain_is_waited_for_while_creating(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = use_fake_time(monkeypatch)
    wb = _aws_workbook()
    with Stubber(wb.client("cognito-idp")) as stubber:
        for status in ("CREATING", "CREATING", "ACTIVE"):
            stubber.add_response(
                "describe_user_pool_domain",
                {"DomainDescription": {"Domain": "d", "Status": status}},
                {"Domain": "d"},
            )
        oauth._wait_domain_active(wb, "d")
    assert clock.sleeps == [1.0, 2.0]


def test_a_failed_domain_stops_the_wait_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = use_fake_time(monkeypatch)
    wb = _aws_workbook()
    with Stubber(wb.client("cognito-idp")) as stubber:
        stubber.add_response(
            "describe_user_pool_domain",
            {"DomainDescription": {"Domain": "d", "Status": "FAILED"}},
            {"Domain": "d"},
        )
        with pytest.raises(WorkbookError, match=r"User pool domain 'd' is FAILED"):
            oauth._wait_domain_active(wb, "d")
    assert clock.sleeps == []

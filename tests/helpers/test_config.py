"""Backend, region and prefix selection (no emulator needed)."""

from __future__ import annotations

import pytest

from helpers.config import ResourceNames, load_config, sanitise_prefix
from helpers.errors import WorkbookError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alice", "alice"),
        ("Alice.Smith@Corp", "alice-smith-corp"),
        ("  bob__jones  ", "bob-jones"),
        ("42ndstreet", "u-42ndstreet"),
        ("a-very-long-user-name-indeed-yes", "a-very-long-user-nam"),
        ("long-name-ending-at-", "long-name-ending-at"),
        ("!!!", "learner"),
        ("", "learner"),
    ],
)
def test_sanitise_prefix_makes_a_name_valid_in_every_resource(raw: str, expected: str) -> None:
    assert sanitise_prefix(raw) == expected


def test_default_backend_is_local_with_us_east_1() -> None:
    config = load_config({"WORKBOOK_PREFIX": "alice"})
    assert (config.backend, config.region, config.emulator_url) == (
        "local",
        "us-east-1",
        "http://127.0.0.1:4577",
    )


def test_prefix_defaults_to_the_sanitised_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "Jane.Doe")
    assert load_config({}).prefix == "jane-doe"


def test_aws_backend_takes_the_region_from_aws_region() -> None:
    config = load_config({"WORKBOOK_BACKEND": "aws", "AWS_REGION": "eu-west-1"})
    assert (config.backend, config.region) == ("aws", "eu-west-1")


def test_unknown_backend_names_the_variable_and_the_choices() -> None:
    with pytest.raises(WorkbookError, match=r"WORKBOOK_BACKEND='azure'.*'local'.*'aws'"):
        load_config({"WORKBOOK_BACKEND": "azure"})


def test_every_resource_name_carries_the_prefix() -> None:
    names = ResourceNames("alice")
    assert [names.role, names.function, names.rest_api, names.user_pool, names.authorizer] == [
        "alice-users-lambda-role",
        "alice-users",
        "alice-users-api",
        "alice-users-pool",
        "alice-cognito-authorizer",
    ]

"""Backend, region and prefix selection (no emulator needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.config import (
    BROWSER_APP_PORT_VARIABLE,
    GENERIC_USER_NAMES,
    LOGIN_PORT_VARIABLE,
    MAX_PREFIX_LENGTH,
    ResourceNames,
    load_config,
    local_port,
    sanitise_prefix,
)
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
    config = load_config(
        {"WORKBOOK_BACKEND": "aws", "AWS_REGION": "eu-west-1", "WORKBOOK_PREFIX": "alice"}
    )
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


# --- Identity in a shared account (issue 12): prefixes never collide, generic names refused --

PREFIXES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", max_size=40).map(
    sanitise_prefix
)


@given(PREFIXES, PREFIXES)
def test_no_name_of_one_prefix_is_a_name_of_another_prefix(first: str, second: str) -> None:
    """``alice`` and ``alice-smith`` (or any two sanitised prefixes) share no resource name, so
    finding by exact name never finds another prefix's resource."""
    shared = set(ResourceNames(first).all_names()) & set(ResourceNames(second).all_names())
    assert (shared == set()) is (first != second)


def test_alice_and_alice_smith_share_no_name() -> None:
    alice, smith = ResourceNames("alice").all_names(), ResourceNames("alice-smith").all_names()
    assert (set(alice) & set(smith), len(alice), len(set(alice))) == (set(), 9, 9)


def test_every_generic_user_name_is_a_sanitised_prefix() -> None:
    """The list is compared with sanitised names, so each entry must be one already."""
    assert [name for name in GENERIC_USER_NAMES if sanitise_prefix(name) != name] == []


def test_max_prefix_length_leaves_room_in_role_names() -> None:
    """IAM role names are at most 64 characters; the longest suffix is the authorizer role's."""
    longest = ResourceNames("a" * MAX_PREFIX_LENGTH).authorizer_role
    assert len(longest) <= 64


@pytest.mark.parametrize("user", ["jovyan", "root", "sagemaker-user", "codespace", "ec2-user"])
def test_aws_backend_refuses_a_generic_user_name_as_the_default_prefix(
    user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: user)
    with pytest.raises(WorkbookError) as refused:
        load_config({"WORKBOOK_BACKEND": "aws", "AWS_REGION": "eu-west-1"})
    message = str(refused.value)
    assert (
        f"'{user}'" in message,
        "one 99_cleanup would delete everyone's resources" in message,
        "export WORKBOOK_PREFIX=<your-name>" in message,
        "%env WORKBOOK_PREFIX=<your-name>" in message,
        "restart the kernel" in message,
    ) == (True, True, True, True, True)


def test_aws_backend_refuses_a_generic_name_after_sanitising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "EC2_User")
    with pytest.raises(WorkbookError, match="'ec2-user'"):
        load_config({"WORKBOOK_BACKEND": "aws"})


def test_aws_backend_takes_a_generic_name_when_workbook_prefix_sets_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An explicit WORKBOOK_PREFIX is the learner's choice, even ``learner``."""
    monkeypatch.setattr("getpass.getuser", lambda: "jovyan")
    assert load_config({"WORKBOOK_BACKEND": "aws", "WORKBOOK_PREFIX": "learner"}).prefix == (
        "learner"
    )


def test_aws_backend_takes_a_personal_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "alice")
    assert load_config({"WORKBOOK_BACKEND": "aws"}).prefix == "alice"


def test_local_backend_keeps_a_generic_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """One user per emulator: nobody else's resources are there to delete."""
    monkeypatch.setattr("getpass.getuser", lambda: "jovyan")
    assert load_config({}).prefix == "jovyan"


def test_the_sweep_may_load_the_aws_config_without_a_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    config = load_config({"WORKBOOK_BACKEND": "aws"}, refuse_generic_prefix=False)
    assert (config.backend, config.prefix) == ("aws", "root")


def test_notebook_09s_ports_default_to_8765_and_8766_and_take_a_users_own() -> None:
    assert local_port(LOGIN_PORT_VARIABLE, 8765, {}) == 8765
    assert local_port(BROWSER_APP_PORT_VARIABLE, 8766, {BROWSER_APP_PORT_VARIABLE: ""}) == 8766
    assert local_port(LOGIN_PORT_VARIABLE, 8765, {LOGIN_PORT_VARIABLE: " 18765 "}) == 18765


@pytest.mark.parametrize("raw", ["http", "80", "70000", "-1", "8765.0"])
def test_a_port_that_cannot_be_listened_on_names_the_variable(raw: str) -> None:
    with pytest.raises(WorkbookError, match=f"WORKBOOK_LOGIN_PORT='{raw}' is not a port"):
        local_port(LOGIN_PORT_VARIABLE, 8765, {LOGIN_PORT_VARIABLE: raw})


def test_a_permissions_boundary_is_the_arn_of_a_managed_policy() -> None:
    arn = "arn:aws:iam::123456789012:policy/alice-workbook-boundary"
    assert load_config({"WORKBOOK_PERMISSIONS_BOUNDARY": arn}).permissions_boundary == arn
    assert load_config({"WORKBOOK_PERMISSIONS_BOUNDARY": ""}).permissions_boundary is None
    with pytest.raises(WorkbookError, match="WORKBOOK_PERMISSIONS_BOUNDARY='alice' is not the ARN"):
        load_config({"WORKBOOK_PERMISSIONS_BOUNDARY": "alice"})

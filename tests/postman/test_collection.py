"""The written Postman collection, environment and Insomnia export: the structure the v2.1.0
collection schema requires, Postman's OAuth 2.0 helper settings, and no secrets on disk.

The schema (https://schema.getpostman.com/json/collection/v2.1.0/collection.json) is not
shipped by any package the project installs (newman's tree has none), so its required
structure is checked here field by field: the top level needs ``info`` and ``item``; ``info``
needs ``name`` and ``schema``; an item needs ``request`` and a folder ``item``; ``auth.type`` is
one of the schema's enum; every auth attribute, header and variable has a ``key``; an event
needs ``listen`` and its script's ``exec`` is a list of strings."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from helpers import postman

AUTH_TYPES = {
    "apikey",
    "awsv4",
    "basic",
    "bearer",
    "digest",
    "edgegrid",
    "hawk",
    "noauth",
    "oauth1",
    "oauth2",
    "ntlm",
}
METHODS = {"GET", "PUT", "POST", "PATCH", "DELETE", "COPY", "HEAD", "OPTIONS", "LINK"}
JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJpZCJ9.c2lnbmF0dXJl"
ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.c2lnbmF0dXJl"

SETTINGS = postman.ApiSettings(
    prefix="alice",
    invoke_url="https://abcdef1234.execute-api.eu-west-1.amazonaws.com/dev/users",
    stage="dev",
    region="eu-west-1",
    user_pool_id="eu-west-1_AbCdEfGhI",
    client_id="1example23456789abcdefghij",
    domain="alice-users-0123abcd",
    auth_url="https://alice-users-0123abcd.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
    token_url="https://alice-users-0123abcd.auth.eu-west-1.amazoncognito.com/oauth2/token",
)


def schema_problems(node: Any, where: str = "collection") -> list[str]:
    """What the v2.1.0 schema's required structure finds wrong in a collection, item or folder."""
    problems: list[str] = []
    if where == "collection":
        problems += [f"{where}: no {k}" for k in ("info", "item") if k not in node]
        info = node.get("info", {})
        problems += [f"info: no {k}" for k in ("name", "schema") if k not in info]
        if info.get("schema") != postman.SCHEMA_V210:
            problems.append(f"info.schema is {info.get('schema')!r}")
    problems += _auth_problems(node.get("auth"), where)
    for event in node.get("event", []):
        exec_ = event.get("script", {}).get("exec")
        if "listen" not in event or not (
            isinstance(exec_, list) and all(isinstance(x, str) for x in exec_)
        ):
            problems.append(f"{where}: an event without listen or with a bad script.exec")
    for index, item in enumerate(node.get("item", [])):
        name = f"{where}.item[{index}]"
        if "item" in item:
            problems += schema_problems(item, name)
        elif "request" in item:
            problems += _request_problems(item["request"], name)
            problems += schema_problems({k: v for k, v in item.items() if k != "request"}, name)
        else:
            problems.append(f"{name}: neither request nor item")
    return problems


def _auth_problems(auth: Any, where: str) -> list[str]:
    if auth is None:
        return []
    if auth.get("type") not in AUTH_TYPES:
        return [f"{where}.auth.type {auth.get('type')!r} is not in the schema's enum"]
    return [
        f"{where}.auth: an attribute without key"
        for a in auth.get(auth["type"], [])
        if "key" not in a
    ]


def _request_problems(request: Any, where: str) -> list[str]:
    problems = [] if request.get("method") in METHODS else [f"{where}: method"]
    if not isinstance(request.get("url"), (str, dict)):
        problems.append(f"{where}: url")
    problems += [
        f"{where}: a header without key" for h in request.get("header", []) if "key" not in h
    ]
    return problems + _auth_problems(request.get("auth"), where)


def _oauth2(collection: dict[str, Any]) -> dict[str, Any]:
    return {a["key"]: a["value"] for a in collection["auth"]["oauth2"]}


def test_collection_has_the_structure_the_v2_1_0_schema_requires() -> None:
    assert schema_problems(postman.build_collection(SETTINGS)) == []


def test_schema_check_finds_a_missing_info_name_and_an_unknown_auth_type() -> None:
    broken = postman.build_collection(SETTINGS)
    del broken["info"]["name"]
    broken["auth"]["type"] = "cognito"
    assert schema_problems(broken) == [
        "info: no name",
        "collection.auth.type 'cognito' is not in the schema's enum",
    ]


def test_collection_has_the_three_calls_of_05_each_with_pm_tests() -> None:
    items = postman.build_collection(SETTINGS)["item"]
    summary = [
        (
            item["name"],
            item["request"].get("auth", {}).get("type", "inherit"),
            [h["value"] for h in item["request"]["header"]],
            any("pm.test(" in line for line in item["event"][0]["script"]["exec"]),
        )
        for item in items
    ]
    assert summary == [
        ("1 · No token: 401", "noauth", [], True),
        ("2 · ID token: 200 and the greeting", "inherit", [], True),
        ("3 · Access token: 401", "noauth", ["{{access_token}}"], True),
    ]


def test_oauth2_helper_is_the_code_grant_with_pkce_s256_sending_the_raw_id_token() -> None:
    """Cognito's authorize endpoint supports S256 only (docs/aws-behaviour.md 26.4); the
    token goes into the header without a prefix (1.7)."""
    assert _oauth2(postman.build_collection(SETTINGS)) == {
        "grant_type": "authorization_code_with_pkce",
        "authUrl": "{{auth_url}}",
        "accessTokenUrl": "{{token_url}}",
        "clientId": "{{client_id}}",
        "redirect_uri": "{{redirect_uri}}",
        "scope": "{{scope}}",
        "challengeAlgorithm": "S256",
        "tokenName": "alice-managed-login",
        "client_authentication": "body",
        "useBrowser": False,
        "addTokenTo": "header",
        "headerPrefix": "",
        "accessToken": "{{id_token}}",
    }


def test_environment_holds_the_api_settings_and_empty_secret_token_variables() -> None:
    values = {
        v["key"]: (v["value"], v["type"]) for v in postman.build_environment(SETTINGS)["values"]
    }
    assert values == {
        "invoke_url": (SETTINGS.invoke_url, "default"),
        "stage": ("dev", "default"),
        "region": ("eu-west-1", "default"),
        "user_pool_id": ("eu-west-1_AbCdEfGhI", "default"),
        "client_id": ("1example23456789abcdefghij", "default"),
        "domain": ("alice-users-0123abcd", "default"),
        "auth_url": (SETTINGS.auth_url, "default"),
        "token_url": (SETTINGS.token_url, "default"),
        "redirect_uri": ("https://oauth.pstmn.io/v1/callback", "default"),
        "scope": ("openid email profile", "default"),
        "id_token": ("", "secret"),
        "access_token": ("", "secret"),
    }


def test_written_files_contain_no_token_or_secret_by_default(tmp_path: Path) -> None:
    files = postman.write_postman_files(SETTINGS, tmp_path)
    texts = [p.read_text() for p in (files.collection, files.environment, files.insomnia)]
    assert [(JWT.findall(t), re.findall(r"(?i)password|client_?secret", t)) for t in texts] == [
        ([], []),
        ([], []),
        ([], []),
    ]


def test_tokens_are_written_only_when_asked_and_then_only_for_the_owner(tmp_path: Path) -> None:
    files = postman.write_postman_files(
        SETTINGS, tmp_path, tokens={"id_token": ID_TOKEN, "access_token": ACCESS_TOKEN}
    )
    environment = json.loads(files.environment.read_text())
    tokens = {v["key"]: v["value"] for v in environment["values"] if v["type"] == "secret"}
    assert (
        tokens,
        stat.S_IMODE(files.environment.stat().st_mode),
        JWT.findall(files.collection.read_text()),
    ) == ({"id_token": ID_TOKEN, "access_token": ACCESS_TOKEN}, 0o600, [])


def test_insomnia_export_is_format_4_with_the_three_calls() -> None:
    export = postman.build_insomnia_export(SETTINGS)
    requests = [r for r in export["resources"] if r["_type"] == "request"]
    assert (
        export["_type"],
        export["__export_format"],
        [r["_type"] for r in export["resources"][:2]],
        [(r["name"], [h["value"] for h in r["headers"]]) for r in requests],
    ) == (
        "export",
        4,
        ["workspace", "environment"],
        [
            ("1 · No token: 401", []),
            ("2 · ID token: 200 and the greeting", ["{{ _.id_token }}"]),
            ("3 · Access token: 401", ["{{ _.access_token }}"]),
        ],
    )


def test_curl_commands_use_shell_variables_never_tokens() -> None:
    lines = [c.command for c in postman.curl_commands(SETTINGS.invoke_url)]
    assert lines == [
        f"curl -i {SETTINGS.invoke_url}",
        f'curl -i -H "Authorization: $ID_TOKEN" {SETTINGS.invoke_url}',
        f'curl -i -H "Authorization: $ACCESS_TOKEN" {SETTINGS.invoke_url}',
    ]


@pytest.mark.parametrize("url", ["http://127.0.0.1:4566/restapis/a b/dev/_user_request_/users"])
def test_curl_commands_quote_the_url_for_the_shell(url: str) -> None:
    assert postman.curl_commands(url)[0].command == f"curl -i '{url}'"

"""The course's three calls for Postman, Insomnia and curl: a Postman collection (schema
v2.1.0) and environment, an Insomnia export (v4), and curl lines, all for the learner's own API.

The calls are those of 05_user_and_token (docs/aws-behaviour.md sections 1 and 2): no token
→ 401 ``{"message":"Unauthorized"}``; the ID token → 200 and the function's greeting; the
access token → 401, because a method without OAuth scopes takes the token as an ID token
(1.1). Each Postman request carries ``pm.test`` assertions, so ``newman run`` checks them.

The collection also configures Postman's OAuth 2.0 helper for managed login with PKCE
(``authorization_code_with_pkce``, S256: the only method Cognito supports, 26.4). Postman
sends the *access* token by default; a Cognito authorizer without scopes wants the ID token,
so after "Get New Access Token" pick **Use Token Type: ID token** (Postman's "Changing the
OAuth 2.0 token type"; it is a choice in the app, not a field of the v2.1 format). The token
goes into the header without a ``Bearer`` prefix, the documented form (1.7, 1.8).

No secrets and, unless asked, no tokens are written: the environment's ``id_token`` and
``access_token`` are empty secret variables, filled at run time (Postman's helper, or
``newman --env-var``). Files go to ``.workbook/postman/`` (git-ignored).
"""

from __future__ import annotations

import json
import logging
import shlex
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.backend import REPO_ROOT, STATE_DIR, Workbook
from helpers.errors import WorkbookError
from helpers.oauth import domain_url, get_user_pool_domain, token_endpoint

logger = logging.getLogger(__name__)

SCHEMA_V210 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
POSTMAN_CALLBACK = "https://oauth.pstmn.io/v1/callback"
"""Postman's callback URL for its OAuth 2.0 helper (without "Authorize using browser")."""
DEFAULT_SCOPE = "openid email profile"
GREETING = "Testing Lambda from API Gateway. Hello, "
UNAUTHORIZED_BODY = '{"message":"Unauthorized"}'
POSTMAN_DIR = STATE_DIR / "postman"
TOKEN_VARIABLES = ("id_token", "access_token")
_NAMESPACE = uuid.UUID("5f0c7f0e-3c1e-4a55-9d7a-2f4b1f0e6a11")


@dataclass(frozen=True)
class ApiSettings:
    """What the files need to know about the learner's API and pool: no secrets."""

    prefix: str
    invoke_url: str
    stage: str
    region: str
    user_pool_id: str
    client_id: str
    domain: str | None
    auth_url: str
    token_url: str
    redirect_uri: str = POSTMAN_CALLBACK
    scope: str = DEFAULT_SCOPE

    @property
    def name(self) -> str:
        return f"{self.prefix} · GET /users behind a Cognito authorizer"


def api_settings(
    wb: Workbook, invoke_url: str, user_pool_id: str, client_id: str, stage: str | None = None
) -> ApiSettings:
    """The settings for this learner's API: its invoke URL, the pool, the app client and the
    pool's domain (its managed-login endpoints; empty until the pool has a domain)."""
    domain = get_user_pool_domain(wb, user_pool_id)
    return ApiSettings(
        prefix=wb.prefix,
        invoke_url=invoke_url,
        stage=stage or wb.names.stage,
        region=wb.region,
        user_pool_id=user_pool_id,
        client_id=client_id,
        domain=domain,
        auth_url=f"{domain_url(wb, domain)}/oauth2/authorize" if domain else "",
        token_url=token_endpoint(wb, domain) if domain else "",
    )


def _id(kind: str, settings: ApiSettings) -> str:
    """A stable id: the same API gives the same ids, so a re-import updates, not duplicates."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{settings.prefix}:{settings.invoke_url}"))


def _js_string(text: str) -> str:
    return json.dumps(text)


_REFUSED_TESTS = [
    'pm.test("status is 401", function () { pm.response.to.have.status(401); });',
    'pm.test("body is exactly {\\"message\\":\\"Unauthorized\\"}", function () {',
    f"    pm.expect(pm.response.text()).to.eql({_js_string(UNAUTHORIZED_BODY)});",
    "});",
    'pm.test("x-amzn-ErrorType is UnauthorizedException", function () {',
    '    pm.response.to.have.header("x-amzn-ErrorType", "UnauthorizedException");',
    "});",
]
_CLAIMS = [
    "function claims(token) {",
    '    var part = String(token || "").split(".")[1] || "";',
    '    part = part.replace(/-/g, "+").replace(/_/g, "/");',
    '    while (part.length % 4) { part += "="; }',
    '    return JSON.parse(require("atob")(part) || "{}");',
    "}",
]


def _token_use_test(variable: str, token_use: str) -> list[str]:
    return [
        f'pm.test("the {variable} variable holds a token with token_use: {token_use}", '
        "function () {",
        f'    pm.expect(claims(pm.variables.get("{variable}")).token_use).to.eql("{token_use}");',
        "});",
    ]


def _script(lines: list[str]) -> list[dict[str, Any]]:
    return [{"listen": "test", "script": {"type": "text/javascript", "exec": lines}}]


def _oauth2_auth(settings: ApiSettings) -> dict[str, Any]:
    """Postman's OAuth 2.0 helper: code grant with PKCE against the pool's managed login.

    ``accessToken`` is the "Current Token" that requests send; it starts as ``{{id_token}}``
    (an environment variable, empty until filled) and Postman replaces it with the token its
    helper obtained. ``headerPrefix`` is empty: the raw token, as the Cognito guide shows.
    """
    attributes: list[tuple[str, Any, str]] = [
        ("grant_type", "authorization_code_with_pkce", "string"),
        ("authUrl", "{{auth_url}}", "string"),
        ("accessTokenUrl", "{{token_url}}", "string"),
        ("clientId", "{{client_id}}", "string"),
        ("redirect_uri", "{{redirect_uri}}", "string"),
        ("scope", "{{scope}}", "string"),
        ("challengeAlgorithm", "S256", "string"),
        ("tokenName", f"{settings.prefix}-managed-login", "string"),
        ("client_authentication", "body", "string"),
        ("useBrowser", False, "boolean"),
        ("addTokenTo", "header", "string"),
        ("headerPrefix", "", "string"),
        ("accessToken", "{{id_token}}", "string"),
    ]
    return {
        "type": "oauth2",
        "oauth2": [{"key": k, "value": v, "type": t} for k, v, t in attributes],
    }


def _request(
    name: str,
    description: str,
    tests: list[str],
    *,
    header: str | None = None,
    inherit_auth: bool = False,
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": "GET",
        "header": [] if header is None else [{"key": "Authorization", "value": header}],
        "url": "{{invoke_url}}",
        "description": description,
    }
    if not inherit_auth:
        request["auth"] = {"type": "noauth"}
    return {"name": name, "event": _script(tests), "request": request}


def build_collection(settings: ApiSettings) -> dict[str, Any]:
    """The Postman collection (v2.1.0): the three calls of 05, each with its ``pm.test``s."""
    greeting_tests = [
        *_CLAIMS,
        'pm.test("status is 200", function () { pm.response.to.have.status(200); });',
        *_token_use_test("id_token", "id"),
        'pm.test("the function greets the user named in the token\'s cognito:username claim",'
        " function () {",
        '    var username = claims(pm.variables.get("id_token"))["cognito:username"];',
        f'    pm.expect(pm.response.json()).to.eql({_js_string(GREETING)} + username + "!");',
        "});",
    ]
    access_tests = [*_CLAIMS, *_token_use_test("access_token", "access"), *_REFUSED_TESTS]
    return {
        "info": {
            "_postman_id": _id("collection", settings),
            "name": settings.name,
            "description": (
                "The calls of the workbook's 05_user_and_token. Import it with its "
                "environment, then: (1) no token: 401; (2) the ID token: 200 and the greeting; "
                "(3) the access token: 401, because a method without OAuth scopes takes the "
                "token as an ID token. To sign in from Postman: the collection's Authorization "
                "tab, Get New Access Token (managed login, code grant with PKCE), then Use "
                "Token Type: ID token. The app client must allow the code grant, the scopes "
                "and the callback URL {{redirect_uri}}, and the pool needs a domain."
            ),
            "schema": SCHEMA_V210,
        },
        "auth": _oauth2_auth(settings),
        "item": [
            _request(
                "1 · No token: 401",
                "No Authorization header: the authorizer refuses before the function runs.",
                _REFUSED_TESTS,
            ),
            _request(
                "2 · ID token: 200 and the greeting",
                "Uses the collection's OAuth 2.0 token (the ID token): the function greets "
                "the user by the claims the authorizer passed on.",
                greeting_tests,
                inherit_auth=True,
            ),
            _request(
                "3 · Access token: 401",
                "The access token has token_use: access; without scopes on the method the "
                "authorizer wants an ID token (docs/aws-behaviour.md 1.1).",
                access_tests,
                header="{{access_token}}",
            ),
        ],
    }


def _environment_values(settings: ApiSettings) -> list[tuple[str, str]]:
    return [
        ("invoke_url", settings.invoke_url),
        ("stage", settings.stage),
        ("region", settings.region),
        ("user_pool_id", settings.user_pool_id),
        ("client_id", settings.client_id),
        ("domain", settings.domain or ""),
        ("auth_url", settings.auth_url),
        ("token_url", settings.token_url),
        ("redirect_uri", settings.redirect_uri),
        ("scope", settings.scope),
    ]


def build_environment(
    settings: ApiSettings, tokens: dict[str, str] | None = None
) -> dict[str, Any]:
    """The Postman environment: the API's settings, and ``id_token``/``access_token`` as
    secret variables, empty unless ``tokens`` are given."""
    given = tokens or {}
    values: list[dict[str, Any]] = [
        {"key": k, "value": v, "type": "default", "enabled": True}
        for k, v in _environment_values(settings)
    ]
    values += [
        {"key": name, "value": given.get(name, ""), "type": "secret", "enabled": True}
        for name in TOKEN_VARIABLES
    ]
    return {
        "id": _id("environment", settings),
        "name": f"{settings.prefix} · {settings.stage}",
        "values": values,
        "_postman_variable_scope": "environment",
    }


def build_insomnia_export(settings: ApiSettings) -> dict[str, Any]:
    """The same three calls as an Insomnia export (format 4); tokens are empty variables."""
    workspace, environment = f"wrk_{_id('wrk', settings).replace('-', '')}", "env_base"
    data = {k: v for k, v in _environment_values(settings)} | dict.fromkeys(TOKEN_VARIABLES, "")
    calls = [
        ("1 · No token: 401", None),
        ("2 · ID token: 200 and the greeting", "{{ _.id_token }}"),
        ("3 · Access token: 401", "{{ _.access_token }}"),
    ]
    requests = [
        {
            "_id": f"req_{n}",
            "_type": "request",
            "parentId": workspace,
            "name": name,
            "method": "GET",
            "url": "{{ _.invoke_url }}",
            "headers": [] if value is None else [{"name": "Authorization", "value": value}],
            "authentication": {},
        }
        for n, (name, value) in enumerate(calls, start=1)
    ]
    return {
        "_type": "export",
        "__export_format": 4,
        "__export_source": "cognito-authorizer-workbook",
        "resources": [
            {"_id": workspace, "_type": "workspace", "parentId": None, "name": settings.name,
             "scope": "collection"},
            {"_id": environment, "_type": "environment", "parentId": workspace,
             "name": "Base Environment", "data": data},
            *requests,
        ],
    }  # fmt: skip


@dataclass(frozen=True)
class PostmanFiles:
    collection: Path
    environment: Path
    insomnia: Path

    def shown(self) -> tuple[str, ...]:
        """The three paths for printing: relative to the repository when inside it."""
        paths = (self.collection, self.environment, self.insomnia)
        return tuple(
            str(p.relative_to(REPO_ROOT)) if p.is_relative_to(REPO_ROOT) else str(p) for p in paths
        )

    def request_names(self) -> tuple[str, ...]:
        """The names of the collection's requests, read back from the file."""
        collection = json.loads(self.collection.read_text())
        return tuple(item["name"] for item in collection["item"])

    def contain_any(self, secrets: tuple[str, ...]) -> bool:
        """Whether any of the files holds one of ``secrets`` (tokens, passwords)."""
        texts = [p.read_text() for p in (self.collection, self.environment, self.insomnia)]
        return any(secret and secret in text for secret in secrets for text in texts)


def write_postman_files(
    settings: ApiSettings, directory: Path | None = None, tokens: dict[str, str] | None = None
) -> PostmanFiles:
    """Write the collection, the environment and the Insomnia export (``.workbook/postman/``
    by default). ``tokens`` (``{"id_token": ..., "access_token": ...}``) go into the
    environment only when given: tokens are secrets, by default nothing writes them."""
    folder = directory or POSTMAN_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise WorkbookError(
            f"Could not create {folder} for the Postman files ({err.strerror}). Pass a "
            "directory you can write to: write_postman_files(settings, Path('~/postman')."
            "expanduser())."
        ) from err
    files = PostmanFiles(
        collection=folder / f"{settings.prefix}.postman_collection.json",
        environment=folder / f"{settings.prefix}.postman_environment.json",
        insomnia=folder / f"{settings.prefix}.insomnia.json",
    )
    for path, document in (
        (files.collection, build_collection(settings)),
        (files.environment, build_environment(settings, tokens)),
        (files.insomnia, build_insomnia_export(settings)),
    ):
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if tokens:
        files.environment.chmod(0o600)
    logger.info("Wrote %s, %s and %s", files.collection, files.environment, files.insomnia)
    return files


@dataclass(frozen=True)
class CurlCall:
    """One of the course's calls as a curl line; the token is a shell variable."""

    what: str
    expected: str
    command: str


def curl_commands(invoke_url: str) -> tuple[CurlCall, ...]:
    """The three calls as ready-to-paste curl lines: ``$ID_TOKEN`` and ``$ACCESS_TOKEN`` are
    placeholders for the shell, never the tokens themselves."""
    url = shlex.quote(invoke_url)
    return (
        CurlCall("no token", f"401 {UNAUTHORIZED_BODY}", f"curl -i {url}"),
        CurlCall(
            "ID token", "200 and the greeting", f'curl -i -H "Authorization: $ID_TOKEN" {url}'
        ),
        CurlCall(
            "access token",
            f"401 {UNAUTHORIZED_BODY}",
            f'curl -i -H "Authorization: $ACCESS_TOKEN" {url}',
        ),
    )

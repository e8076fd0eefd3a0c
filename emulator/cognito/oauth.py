"""Cognito's OAuth 2.0 endpoints that apps call directly: the token endpoint (client
credentials here; the code and refresh grants in managed_login/grants.py), revoke, userInfo.

On AWS it is `POST https://{domain}.auth.{region}.amazoncognito.com/oauth2/token` once the pool
has a domain; the emulator serves it at `/cognito-domain/{domain}/oauth2/token`. Per the
Cognito Developer Guide (token-endpoint): Content-Type must be
application/x-www-form-urlencoded; the client authenticates with `Authorization: Basic
base64(client_id:client_secret)` or `client_id`/`client_secret` in the body; a custom scope can
be had "when, in the app client, the requested scope is enabled, you have configured a client
secret, and you have allowed client_credentials grants"; without `scope` the token gets all the
client's custom scopes. Errors are 400 `{"error":"..."}` with the OAuth codes the guide lists.

Doubt: the guide says a requested scope that is not enabled is "ignored", but users report
`{"error":"invalid_scope"}` for it; the emulator answers invalid_scope when a requested scope
is not enabled for the client.

In eventual mode (docs/aws-behaviour.md 21.8, 21.10) a new domain's endpoint does not answer
until the domain has taken effect (the connection is closed: on AWS the host name does not
resolve yet), and client-credentials requests count toward the ClientAuthentication quota.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request

from emulator.answers import Answer, json_answer
from emulator.cognito.client_auth import (
    client_credentials,
    form_encoded,
    oauth_error,
    same_secret,
)
from emulator.cognito.managed_login.grants import USER_GRANTS, user_grant
from emulator.cognito.managed_login.revoke import revoke
from emulator.cognito.managed_login.userinfo import user_info
from emulator.cognito.tokens import sign
from emulator.consistency.behaviours import COGNITO_QUOTAS, quota_for
from emulator.moto_bridge import cognito as moto_cognito

if TYPE_CHECKING:
    from emulator.state import EmulatorState

ACCESS_TOKEN_SECONDS = 3600


def client_credentials_token(
    domain: str, headers: Mapping[str, str], raw_body: bytes, *, now: float | None = None
) -> Answer:
    """Answer a POST to the token endpoint of user pool domain `domain`."""
    if not form_encoded(headers.get("Content-Type", "")):
        return oauth_error("invalid_request")
    form = dict(parse_qsl(raw_body.decode(errors="replace"), keep_blank_values=True))
    credentials = client_credentials(headers.get("Authorization", ""), form)
    if credentials is None:
        return oauth_error("invalid_client")
    client_id, secret = credentials
    client = moto_cognito.oauth_client_for_domain(domain, client_id)
    if client is None or client.secret is None or not same_secret(client.secret, secret):
        return oauth_error("invalid_client")
    grant = form.get("grant_type")
    if grant is None:
        return oauth_error("invalid_request")
    if grant != "client_credentials":
        return oauth_error("unsupported_grant_type")
    if not client.oauth_enabled or "client_credentials" not in client.allowed_flows:
        return oauth_error("unauthorized_client")
    custom = [scope for scope in client.allowed_scopes if "/" in scope]
    requested = form.get("scope", "").split() or custom
    if not requested or any(scope not in client.allowed_scopes for scope in requested):
        return oauth_error("invalid_scope")
    issued = int(time.time() if now is None else now)
    validity = moto_cognito.token_validity(client.client_id)
    lifetime = validity.access_seconds if validity else ACCESS_TOKEN_SECONDS
    claims = {
        "sub": client.client_id,
        "token_use": "access",
        "scope": " ".join(requested),
        "auth_time": issued,
        "iss": f"https://cognito-idp.{client.region}.amazonaws.com/{client.pool_id}",
        "exp": issued + lifetime,
        "iat": issued,
        "version": 2,
        "jti": str(uuid.uuid4()),
        "client_id": client.client_id,
    }
    return json_answer(
        {"access_token": sign(claims), "expires_in": lifetime, "token_type": "Bearer"}
    )


_CLIENT_AUTHENTICATION = quota_for("oauth2/token:client_credentials", COGNITO_QUOTAS)


def _over_quota(state: EmulatorState, request: Request) -> bool:
    """A client-credentials request over the ClientAuthentication quota (eventual mode)."""
    form = dict(parse_qsl(request.get_data().decode(errors="replace")))
    if form.get("grant_type") != "client_credentials" or _CLIENT_AUTHENTICATION is None:
        return False
    return not state.consistency.quotas.admit([(_CLIENT_AUTHENTICATION, "account")])


def token_endpoint(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """``POST /cognito-domain/{domain}/oauth2/token``."""
    state.domains.require_serving(match.group("domain"))
    if _over_quota(state, request):
        return json_answer({"error": "too_many_requests"}, 429)
    form = dict(parse_qsl(request.get_data().decode(errors="replace"), keep_blank_values=True))
    if (
        form_encoded(request.headers.get("Content-Type", ""))
        and form.get("grant_type") in USER_GRANTS
    ):
        return user_grant(
            state.managed_login,
            match.group("domain"),
            request.headers.get("Authorization", ""),
            form,
            state.clock.now(),
        )
    return client_credentials_token(
        match.group("domain"),
        dict(request.headers.items()),
        request.get_data(),
        now=state.clock.now(),
    )


def revoke_endpoint(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """``POST /cognito-domain/{domain}/oauth2/revoke`` (docs/aws-behaviour.md 26.11)."""
    state.domains.require_serving(match.group("domain"))
    if not form_encoded(request.headers.get("Content-Type", "")):
        return oauth_error("invalid_request")
    form = dict(parse_qsl(request.get_data().decode(errors="replace"), keep_blank_values=True))
    return revoke(match.group("domain"), request.headers.get("Authorization", ""), form)


def userinfo_endpoint(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """``GET/POST /cognito-domain/{domain}/oauth2/userInfo`` (docs/aws-behaviour.md 26.13)."""
    state.domains.require_serving(match.group("domain"))
    return user_info(
        match.group("domain"), request.headers.get("Authorization", ""), state.clock.now()
    )

"""The token endpoint's user grants: ``authorization_code`` and ``refresh_token``
(docs/aws-behaviour.md 26.5, 26.10).

Cognito Developer Guide, "The token endpoint": ``redirect_uri`` "must be the same
``redirect_uri`` that was used to get ``authorization_code``"; ``code_verifier`` is "required
if ... the authorization code was requested with PKCE"; ``invalid_grant``: "Refresh token has
been revoked. Authorization code has been consumed already or does not exist";
``unauthorized_client``: "Client is not allowed for code grant flow or for refreshing tokens";
"The token endpoint returns ``refresh_token`` only when the ``grant_type`` is
``authorization_code``". A missing or wrong verifier is ``invalid_grant`` (RFC 7636 4.6;
recorded: AWS re:Post "cognito returns invalid request and unauthorized client").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from emulator.answers import Answer, json_answer
from emulator.cognito.client_auth import authenticated_client, oauth_error
from emulator.cognito.managed_login.pkce import verifier_matches
from emulator.cognito.tokens import Grant, managed_login_tokens
from emulator.moto_bridge import cognito as moto_cognito

if TYPE_CHECKING:
    from emulator.cognito.managed_login.store import ManagedLoginStore

USER_GRANTS = frozenset({"authorization_code", "refresh_token"})
API_REFRESH_SCOPES = ("openid", "aws.cognito.signin.user.admin")
"""The grant assumed for a refresh token the user pools API issued (our choice, 26.10)."""


def user_grant(
    store: ManagedLoginStore,
    domain: str,
    authorization: str,
    form: Mapping[str, str],
    now: float,
) -> Answer:
    if form.get("grant_type") == "authorization_code":
        return _authorization_code(store, domain, authorization, form, now)
    return _refresh(store, domain, authorization, form, now)


def _authorization_code(
    store: ManagedLoginStore,
    domain: str,
    authorization: str,
    form: Mapping[str, str],
    now: float,
) -> Answer:
    if not form.get("code") or not form.get("redirect_uri"):
        return oauth_error("invalid_request")
    client = authenticated_client(domain, authorization, form)
    if client is None:
        return oauth_error("invalid_client")
    if not client.oauth_enabled or "code" not in client.allowed_flows:
        return oauth_error("unauthorized_client")
    code = store.take_code(form["code"], now)
    if code is None or code.grant.client_id != client.client_id:
        return oauth_error("invalid_grant")
    if code.redirect_uri != form["redirect_uri"]:
        return oauth_error("invalid_grant")
    if code.code_challenge is not None and not verifier_matches(
        code.code_challenge, code.code_challenge_method or "", form.get("code_verifier")
    ):
        return oauth_error("invalid_grant")
    issued = moto_cognito.issue_tokens(code.pool_id, client.client_id, code.username)
    if issued is None or issued.refresh_token is None:
        return oauth_error("invalid_grant")
    store.remember_refresh(issued.refresh_token, code.grant)
    return json_answer(managed_login_tokens(issued, code.grant, now))


def _refresh(
    store: ManagedLoginStore,
    domain: str,
    authorization: str,
    form: Mapping[str, str],
    now: float,
) -> Answer:
    refresh_token = form.get("refresh_token")
    if not refresh_token:
        return oauth_error("invalid_request")
    client = authenticated_client(domain, authorization, form)
    if client is None:
        return oauth_error("invalid_client")
    if not client.oauth_enabled:
        return oauth_error("unauthorized_client")
    owner = moto_cognito.refresh_token_owner(client.pool_id, refresh_token)
    if owner is None or owner[0] != client.client_id:
        return oauth_error("invalid_grant")
    grant = store.refresh_grant(refresh_token) or Grant(
        client.client_id, API_REFRESH_SCOPES, int(now)
    )
    issued = moto_cognito.issue_tokens(client.pool_id, client.client_id, owner[1], refresh_token)
    if issued is None:
        return oauth_error("invalid_grant")
    return json_answer(
        managed_login_tokens(issued, Grant(grant.client_id, grant.scopes, grant.auth_time), now)
    )

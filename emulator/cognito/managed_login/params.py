"""An authorize request read as Cognito reads it (docs/aws-behaviour.md 26.1-26.4).

Source: Cognito Developer Guide, "The authorize endpoint" (authorization-endpoint). First the
parameters that say where errors may go: a missing ``client_id`` or ``redirect_uri`` (or an
unknown client) is Cognito's error page, a ``redirect_uri`` that is not exactly one of the
client's ``CallbackURLs`` is the error page with ``error=redirect_mismatch``. Only then do
errors go to the ``redirect_uri``: ``invalid_request`` (no or a repeated parameter, a
``code_challenge`` without ``code_challenge_method``, a method other than S256),
``unauthorized_client`` (the client does not allow the flow), ``invalid_scope``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from emulator.answers import Answer
from emulator.cognito.managed_login.pkce import SUPPORTED_METHODS
from emulator.cognito.managed_login.redirects import error_page, found, with_query
from emulator.moto_bridge import cognito as moto_cognito
from emulator.moto_bridge.cognito import OAuthClient

RESPONSE_TYPES = {"code": "code", "token": "implicit"}
"""``response_type`` → the ``AllowedOAuthFlows`` value that allows it."""
NEEDS_OPENID = frozenset({"email", "phone", "profile"})
NAMES = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "scope",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "identity_provider",
    "idp_identifier",
    "lang",
)


@dataclass(frozen=True)
class AuthorizeRequest:
    domain: str
    client: OAuthClient
    response_type: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None


def read_authorize(domain: str, pairs: Iterable[tuple[str, str]]) -> AuthorizeRequest | Answer:
    """The request, or the 302 Cognito answers for it."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        values.setdefault(name, []).append(value)
    client_ids, redirects = values.get("client_id", []), values.get("redirect_uri", [])
    if len(client_ids) != 1 or len(redirects) != 1 or not client_ids[0] or not redirects[0]:
        return error_page(domain, "Required parameters missing")
    client = moto_cognito.oauth_client_for_domain(domain, client_ids[0])
    if client is None:
        return error_page(domain, "invalid_request", client_ids[0])
    redirect_uri = redirects[0]
    if redirect_uri not in client.callback_urls:
        return error_page(domain, "redirect_mismatch", client.client_id)
    one = {name: v[0] for name, v in values.items() if len(v) == 1}
    state = one.get("state")

    def refuse(error: str) -> Answer:
        extra = [("state", state)] if state is not None else []
        return found(with_query(redirect_uri, [("error", error), *extra]))

    if any(len(v) > 1 for name, v in values.items() if name in NAMES):
        return refuse("invalid_request")
    response_type = one.get("response_type")
    challenge, method = one.get("code_challenge"), one.get("code_challenge_method")
    if response_type is None or (challenge is None) != (method is None):
        return refuse("invalid_request")
    if method is not None and method not in SUPPORTED_METHODS:
        return refuse("invalid_request")
    if response_type not in RESPONSE_TYPES:
        return refuse("unsupported_response_type")
    if not client.oauth_enabled or RESPONSE_TYPES[response_type] not in client.allowed_flows:
        return refuse("unauthorized_client")
    provider = one.get("identity_provider")
    if provider is not None and provider not in client.identity_providers:
        return refuse("invalid_request")
    scopes = tuple(dict.fromkeys(one.get("scope", "").split())) or client.allowed_scopes
    if not scopes or any(scope not in client.allowed_scopes for scope in scopes):
        return refuse("invalid_scope")
    if NEEDS_OPENID & set(scopes) and "openid" not in scopes:
        return refuse("invalid_scope")
    return AuthorizeRequest(
        domain=domain,
        client=client,
        response_type=response_type,
        redirect_uri=redirect_uri,
        scopes=scopes,
        state=state,
        nonce=one.get("nonce"),
        code_challenge=challenge,
        code_challenge_method=method,
    )

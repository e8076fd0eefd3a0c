"""``POST /oauth2/revoke`` (docs/aws-behaviour.md 26.11).

Cognito Developer Guide, "The token revocation endpoint": the form's ``token`` is a refresh
token; "This endpoint also revokes the refresh token itself and all subsequent access and
identity tokens from the same refresh token". Errors: 400 ``invalid_request`` when the token
is missing or revocation is off for the client (``EnableTokenRevocation``), 400
``unsupported_token_type`` when the token is not a refresh token, 401 ``invalid_client`` for
bad client credentials; 200 with an empty body when revoked "or if the client submitted an
invalid token".

Revoked access tokens stop working for Cognito's APIs (GetUser: moto forgets them) but an API
Gateway Cognito authorizer checks only the signature, issuer and expiry: they still pass there
until they expire (26.12).
"""

from __future__ import annotations

from collections.abc import Mapping

from emulator.answers import Answer, json_answer
from emulator.cognito.client_auth import authenticated_client
from emulator.cognito.tokens import origin_jti
from emulator.moto_bridge import cognito as moto_cognito


def revoke(domain: str, authorization: str, form: Mapping[str, str]) -> Answer:
    token = form.get("token")
    if not token:
        return json_answer({"error": "invalid_request"}, 400)
    client = authenticated_client(domain, authorization, form)
    if client is None:
        return json_answer({"error": "invalid_client"}, 401)
    if not client.revocation_enabled:
        return json_answer({"error": "invalid_request"}, 400)
    if token.count(".") == 2:  # a JWT: an ID or access token
        return json_answer({"error": "unsupported_token_type"}, 400)
    owner = moto_cognito.refresh_token_owner(client.pool_id, token)
    if owner is not None and owner[0] == client.client_id:
        moto_cognito.revoke_refresh_token(client.pool_id, token, origin_jti)
    return Answer(200, (("Content-Length", "0"),), b"")

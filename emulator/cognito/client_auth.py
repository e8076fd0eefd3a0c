"""How an app client authenticates at a user pool domain's token and revoke endpoints.

``Authorization: Basic base64(client_id:client_secret)`` or ``client_id``/``client_secret`` in
the form (Cognito Developer Guide, "The token endpoint"); a public client (no secret) sends
only ``client_id``. A secret that is not ASCII base64 of UTF-8 is a client that does not
authenticate (docs/aws-behaviour.md 23.6).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping

from emulator.answers import Answer, json_answer
from emulator.moto_bridge import cognito as moto_cognito

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def oauth_error(code: str) -> Answer:
    """The token endpoint's refusal: 400 ``{"error": code}`` (Cognito Developer Guide, "The
    token endpoint": invalid_request, invalid_client, invalid_grant, ...)."""
    return json_answer({"error": code}, 400)


def form_encoded(content_type: str) -> bool:
    """The body is a form, as the token and revoke endpoints require (parameters ignored)."""
    return content_type.split(";")[0].strip().lower() == FORM_CONTENT_TYPE


def same_secret(expected: str, given: str) -> bool:
    """Constant-time comparison of UTF-8 bytes: a non-ASCII secret is a wrong secret
    (``invalid_client``), not an error (docs/aws-behaviour.md 23.6)."""
    return hmac.compare_digest(expected.encode(), given.encode(errors="surrogateescape"))


def client_credentials(authorization: str, form: Mapping[str, str]) -> tuple[str, str] | None:
    """The client id and secret, from ``Authorization: Basic`` or the form; None when they
    cannot be read (a header that is not ASCII base64 of UTF-8 included: 23.6)."""
    if authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except ValueError:  # binascii.Error, UnicodeDecodeError, non-ASCII characters
            return None
        client_id, sep, secret = decoded.partition(":")
        return (client_id, secret) if sep else None
    if "client_id" in form and "client_secret" in form:
        return form["client_id"], form["client_secret"]
    return None


def authenticated_client(
    domain: str, authorization: str, form: Mapping[str, str]
) -> moto_cognito.OAuthClient | None:
    """The app client a user-grant request (code, refresh, revoke) comes from, or None
    (``invalid_client``): a client with a secret must give it, a public one its id."""
    credentials = client_credentials(authorization, form)
    if credentials is None:
        client_id = form.get("client_id")
        if client_id is None or authorization.lower().startswith("basic "):
            return None
        client = moto_cognito.oauth_client_for_domain(domain, client_id)
        return client if client is not None and client.secret is None else None
    client_id, secret = credentials
    client = moto_cognito.oauth_client_for_domain(domain, client_id)
    if client is None or client.secret is None or not same_secret(client.secret, secret):
        return None
    return client

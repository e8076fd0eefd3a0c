"""Trying to get past a Cognito user pool authorizer, with each attempt kept as data.

Every forged token here is built from a genuine one and fails for one reason that the
authorizer checks (docs/aws-behaviour.md section 1): the RS256 signature against the pool's
JWKS, the issuer against the authorizer's ``providerARNs``, ``token_use`` against the
method's scopes, and ``exp``. The ``Bearer``-prefixed valid token is the control: it is
accepted, so the rejections are about the tokens, not the request.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from helpers import clock, cognito, http
from helpers.backend import Workbook
from helpers.cognito import UserCredentials
from helpers.waits import NotYet, wait_until

logger = logging.getLogger(__name__)

EXPIRY_OPT_IN = "WORKBOOK_WAIT_FOR_TOKEN_EXPIRY"
"""On AWS, set to ``1`` to wait about 6 minutes for a 5-minute ID token to expire."""
SHORTEST_TOKEN_MINUTES = 5
GARBAGE = "this-is-not-a-token"


@dataclass(frozen=True)
class Attempt:
    """One way to try the door: a name, the header value sent, and why it fails (or not)."""

    name: str
    token: str | None = field(repr=False)
    why: str


@dataclass(frozen=True)
class AttemptResult:
    """What API Gateway answered; ``status`` None means the attempt was skipped."""

    attempt: str
    status: int | None
    body: Any
    why: str


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_json(value: dict[str, Any]) -> str:
    return _b64url(json.dumps(value, separators=(",", ":")).encode())


def _header(token: str) -> dict[str, Any]:
    header: dict[str, Any] = jwt.get_unverified_header(token)
    return header


def no_token() -> Attempt:
    return Attempt("no token", None, "no Authorization header: refused before any check")


def garbage() -> Attempt:
    return Attempt("garbage", GARBAGE, "not a JWT (three base64url parts joined by dots)")


def tampered_payload(id_token: str, changes: dict[str, Any]) -> Attempt:
    """The genuine header and signature around a payload with ``changes`` made to it."""
    header, _, signature = id_token.split(".")
    claims = {**cognito.decode_claims(id_token), **changes}
    forged = f"{header}.{_b64url_json(claims)}.{signature}"
    changed = ", ".join(sorted(changes))
    return Attempt(
        "tampered payload", forged, f"{changed} changed: the signature no longer matches"
    )


def generate_private_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit RSA key, as an attacker would make one."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def resigned_with_own_key(id_token: str, private_key: rsa.RSAPrivateKey) -> Attempt:
    """The genuine claims (and ``kid``), signed RS256 with someone else's key."""
    kid = _header(id_token).get("kid")
    forged = jwt.encode(
        cognito.decode_claims(id_token), private_key, algorithm="RS256", headers={"kid": kid}
    )
    return Attempt("re-signed with own key", forged, "valid RS256, but not by a key in the JWKS")


def alg_none(id_token: str) -> Attempt:
    """The genuine claims with ``alg: none`` and no signature (the classic JWT attack)."""
    header = {**_header(id_token), "alg": "none"}
    forged = f"{_b64url_json(header)}.{_b64url_json(cognito.decode_claims(id_token))}."
    return Attempt("alg: none", forged, "unsigned; the authorizer accepts RS256 only")


def other_pool(id_token: str) -> Attempt:
    """A genuine ID token from another user pool, same user name."""
    return Attempt(
        "token from another pool", id_token, "signed by Cognito, iss not in providerARNs"
    )


def access_token_instead(access_token: str) -> Attempt:
    return Attempt("access token", access_token, "token_use is access; no scopes: ID tokens only")


def expired(id_token: str | None) -> Attempt:
    return Attempt("expired ID token", id_token, "genuine, but exp is in the past")


def bearer_prefixed(id_token: str) -> Attempt:
    return Attempt("Bearer + valid ID token", f"Bearer {id_token}", "control: accepted")


def try_attempt(url: str, attempt: Attempt) -> AttemptResult:
    """``GET url`` with the attempt's token in ``Authorization``; the answer as data."""
    response = http.call_api(url, attempt.token)
    logger.info("%s -> %s", attempt.name, response.status)
    return AttemptResult(attempt.name, response.status, response.body, attempt.why)


def skipped(attempt: Attempt, reason: str) -> AttemptResult:
    return AttemptResult(attempt.name, None, None, reason)


def try_expired(url: str, token: str | None) -> AttemptResult:
    """The expired-token attempt; skipped when there is no expired token (AWS, no opt-in)."""
    attempt = expired(token)
    if token is None:
        return skipped(attempt, f"AWS: set {EXPIRY_OPT_IN}=1 to wait ~6 min for one")
    return try_attempt(url, attempt)


def row(result: AttemptResult) -> str:
    """``attempt | status | body | why``, one line."""
    status = "-" if result.status is None else str(result.status)
    body = "(skipped)" if result.status is None else http.body_text(result.body)
    return f"{result.attempt:<24}| {status:<4}| {body:<47}| {result.why}"


def table(results: list[AttemptResult]) -> str:
    """A header line and one row per result."""
    lines = [f"{'attempt':<24}| {'HTTP':<4}| {'body':<47}| why"]
    lines += [row(result) for result in results]
    return "\n".join(lines)


def expiry_opted_in() -> bool:
    return os.environ.get(EXPIRY_OPT_IN, "").strip() == "1"


@contextmanager
def expired_id_token(
    wb: Workbook, pool_id: str, credentials: UserCredentials, id_token: str
) -> Iterator[str | None]:
    """``with expired_id_token(...) as token:`` a genuine ID token that has expired.

    - Local: ``id_token`` itself, with the emulator's clock moved forward one hour and a bit
      for the block (and always moved back after it).
    - AWS with ``WORKBOOK_WAIT_FOR_TOKEN_EXPIRY=1``: a sign-in through the app client
      ``<prefix>-short-lived-app``, whose ID tokens last 5 minutes (the minimum), then a wait
      until that token has expired (about 6 minutes).
    - AWS otherwise: None (there is no way to make AWS's clock run faster).
    """
    if wb.endpoint_url is not None:
        with clock.clock_advanced(wb):
            yield id_token
        return
    if not expiry_opted_in():
        yield None
        return
    client = cognito.create_app_client(
        wb,
        pool_id,
        wb.names.short_lived_app_client,
        token_validity_minutes=SHORTEST_TOKEN_MINUTES,
    )
    short_lived = cognito.sign_in(wb, pool_id, client.id, credentials).id_token
    expired_after = float(cognito.decode_claims(short_lived)["exp"]) + 15  # a little clock slack

    def check() -> bool | NotYet:
        left = expired_after - time.time()
        return True if left <= 0 else NotYet(f"{left:.0f} s to go")

    wait_until(
        check,
        what=f"the {SHORTEST_TOKEN_MINUTES}-minute ID token to expire",
        next_step="Re-run this cell; it signs in again and waits for the new token.",
        deadline_s=(SHORTEST_TOKEN_MINUTES + 2) * 60,
        first_delay_s=5.0,
        max_delay_s=15.0,
    )
    yield short_lived

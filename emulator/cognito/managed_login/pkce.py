"""PKCE (RFC 7636) as Cognito checks it at the token endpoint (docs/aws-behaviour.md 26.4).

Cognito accepts only ``code_challenge_method=S256`` at the authorize endpoint ("The PKCE RFC
defines two methods, S256 and plain; however, Amazon Cognito authentication server supports
only S256"; "if code_challenge_method is not 'S256' ... error=invalid_request"; Cognito
Developer Guide, "The authorize endpoint"). The challenge is BASE64URL(SHA256(verifier))
without padding (RFC 7636 4.2).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SUPPORTED_METHODS = frozenset({"S256"})


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def verifier_matches(challenge: str, method: str, verifier: str | None) -> bool:
    """Whether ``verifier`` answers ``challenge`` (a missing verifier never does)."""
    if verifier is None or method not in SUPPORTED_METHODS:
        return False
    return hmac.compare_digest(s256(verifier), challenge)

"""A user pool's public keys: ``GET /{poolId}/.well-known/jwks.json``.

On AWS: ``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/jwks.json``
[doc: Cognito, "Verifying a JSON web token"]. moto signs every pool's tokens with one key
(``kid: "dummy"``), so every pool publishes the same JWKS (docs/aws-behaviour.md section 7).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer, json_answer
from emulator.moto_bridge import cognito as moto_cognito

if TYPE_CHECKING:
    from emulator.state import EmulatorState


def jwks_for_pool(pool_id: str) -> dict[str, object] | None:
    """The pool's JWKS, or None when there is no such pool."""
    if moto_cognito.user_pool_region(pool_id) is None:
        return None
    return moto_cognito.cognito_public_jwks()


def get_jwks(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    jwks = jwks_for_pool(match.group("pool"))
    if jwks is None:
        return json_answer({"message": f"User pool {match.group('pool')} does not exist."}, 404)
    return json_answer(jwks)

"""What managed login keeps beside moto: authorization codes, sign-in sessions (the session
cookie), XSRF tokens of login forms, and the grant behind each refresh token it issued.

Times are on the emulator clock (section 20). A code is single-use and lives five minutes
("The response returns a one time use code that is valid for five minutes", Cognito
Developer Guide, "The authorize endpoint"; docs/aws-behaviour.md 26.5). A session lives one
hour (26.8, inferred).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from emulator.cognito.tokens import Grant

CODE_SECONDS = 300
SESSION_SECONDS = 3600


@dataclass(frozen=True)
class AuthorizationCode:
    pool_id: str
    username: str
    redirect_uri: str
    grant: Grant
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: float


@dataclass(frozen=True)
class Session:
    domain: str
    pool_id: str
    username: str
    auth_time: int
    expires_at: float


class ManagedLoginStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, AuthorizationCode] = {}
        self._sessions: dict[str, Session] = {}
        self._xsrf: set[str] = set()
        self._refresh_grants: dict[str, Grant] = {}

    def add_code(self, code: AuthorizationCode) -> str:
        value = secrets.token_urlsafe(27)
        with self._lock:
            self._codes[value] = code
        return value

    def take_code(self, value: str, now: float) -> AuthorizationCode | None:
        """The code, consumed (single use); None if unknown, used or expired."""
        with self._lock:
            code = self._codes.pop(value, None)
        return code if code is not None and now < code.expires_at else None

    def open_session(self, session: Session) -> str:
        value = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[value] = session
        return value

    def session(self, value: str, domain: str, now: float) -> Session | None:
        with self._lock:
            found = self._sessions.get(value)
        if found is None or found.domain != domain or now >= found.expires_at:
            return None
        return found

    def close_session(self, value: str) -> None:
        with self._lock:
            self._sessions.pop(value, None)

    def new_xsrf(self) -> str:
        value = secrets.token_urlsafe(24)
        with self._lock:
            self._xsrf.add(value)
        return value

    def xsrf_known(self, value: str) -> bool:
        with self._lock:
            return value in self._xsrf

    def remember_refresh(self, refresh_token: str, grant: Grant) -> None:
        with self._lock:
            self._refresh_grants[refresh_token] = grant

    def refresh_grant(self, refresh_token: str) -> Grant | None:
        with self._lock:
            return self._refresh_grants.get(refresh_token)

    def clear(self) -> None:
        with self._lock:
            self._codes.clear()
            self._sessions.clear()
            self._xsrf.clear()
            self._refresh_grants.clear()

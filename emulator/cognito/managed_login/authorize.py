"""``GET /oauth2/authorize``, the login page ``GET/POST /login`` and ``GET /error`` of a user
pool domain (docs/aws-behaviour.md 26.1-26.8).

Cognito Developer Guide, "The authorize endpoint": without an ``identity_provider`` (or with
``COGNITO``) the endpoint "redirects to the Login endpoint with the same URL parameters";
with a session cookie from an earlier sign-in it signs the user in at once. The code grant
answers ``302 Location: {redirect_uri}?code=..&state=..``; the implicit grant
``{redirect_uri}#id_token=..&access_token=..&expires_in=..&token_type=Bearer&state=..`` (no
refresh token; an ID token only with the ``openid`` scope).
"""

from __future__ import annotations

import hmac
import re
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.cognito.managed_login import page
from emulator.cognito.managed_login.params import AuthorizeRequest, read_authorize
from emulator.cognito.managed_login.redirects import (
    cookie,
    domain_base,
    found,
    with_fragment,
    with_query,
)
from emulator.cognito.managed_login.store import (
    CODE_SECONDS,
    SESSION_SECONDS,
    AuthorizationCode,
    Session,
)
from emulator.cognito.tokens import Grant, managed_login_tokens
from emulator.moto_bridge import cognito as moto_cognito

if TYPE_CHECKING:
    from emulator.state import EmulatorState

SESSION_COOKIE = "cognito"
XSRF_COOKIE = "XSRF-TOKEN"
WRONG_PASSWORD = "Incorrect username or password."
NOT_CONFIRMED = "User is not confirmed."
DISABLED = "User is disabled."


def authorize(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    domain = match.group("domain")
    state.domains.require_serving(domain)
    read = read_authorize(domain, request.args.items(multi=True))
    if isinstance(read, Answer):
        return read
    session = state.managed_login.session(
        request.cookies.get(SESSION_COOKIE, ""), domain, state.clock.now()
    )
    if session is not None and session.pool_id == read.client.pool_id:
        return _signed_in(state, read, session.username, session.auth_time)
    query = request.query_string.decode()
    return found(f"{domain_base(domain)}/login?{query}")


def login_form(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    domain = match.group("domain")
    state.domains.require_serving(domain)
    read = read_authorize(domain, request.args.items(multi=True))
    if isinstance(read, Answer):
        return read
    return _form(state, request, domain)


def _form(
    state: EmulatorState,
    request: Request,
    domain: str,
    message: str | None = None,
    username: str = "",
) -> Answer:
    csrf = state.managed_login.new_xsrf()
    action = f"{domain_base(domain)}/login?{request.query_string.decode()}"
    answer = page.login_page(action, csrf, message=message, username=username)
    return Answer(
        answer.status,
        (*answer.headers, ("Set-Cookie", cookie(XSRF_COOKIE, csrf, domain))),
        answer.body,
    )


def login_submit(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    domain = match.group("domain")
    state.domains.require_serving(domain)
    read = read_authorize(domain, request.args.items(multi=True))
    if isinstance(read, Answer):
        return read
    csrf_form, csrf_cookie = request.form.get("_csrf", ""), request.cookies.get(XSRF_COOKIE, "")
    if not (
        csrf_form
        and hmac.compare_digest(csrf_form, csrf_cookie)
        and state.managed_login.xsrf_known(csrf_form)
    ):
        return page.error_page_answer("invalid_request")  # our choice (26.6)
    username, password = request.form.get("username", ""), request.form.get("password", "")
    user = moto_cognito.pool_user(read.client.pool_id, username)
    if (
        user is None
        or user.password is None
        or not hmac.compare_digest(user.password.encode(), password.encode())
    ):
        return _form(state, request, domain, WRONG_PASSWORD, username)
    if not user.enabled:
        return _form(state, request, domain, DISABLED, username)
    if user.status == "UNCONFIRMED":
        return _form(state, request, domain, NOT_CONFIRMED, username)
    if user.status == "FORCE_CHANGE_PASSWORD":
        return page.message_page("Change Password", "Please enter a new password.")
    now = state.clock.now()
    session = Session(domain, read.client.pool_id, user.username, int(now), now + SESSION_SECONDS)
    value = state.managed_login.open_session(session)
    answer = _signed_in(state, read, user.username, int(now))
    return Answer(
        answer.status,
        (*answer.headers, ("Set-Cookie", cookie(SESSION_COOKIE, value, domain))),
        answer.body,
    )


def _signed_in(
    state: EmulatorState, read: AuthorizeRequest, username: str, auth_time: int
) -> Answer:
    """The redirect to the callback once the user is signed in: a code, or the tokens."""
    grant = Grant(read.client.client_id, read.scopes, auth_time, read.nonce)
    extra = [("state", read.state)] if read.state is not None else []
    now = state.clock.now()
    if read.response_type == "code":
        code = state.managed_login.add_code(
            AuthorizationCode(
                pool_id=read.client.pool_id,
                username=username,
                redirect_uri=read.redirect_uri,
                grant=grant,
                code_challenge=read.code_challenge,
                code_challenge_method=read.code_challenge_method,
                expires_at=now + CODE_SECONDS,
            )
        )
        return found(with_query(read.redirect_uri, [("code", code), *extra]))
    issued = moto_cognito.issue_tokens(
        read.client.pool_id, read.client.client_id, username, new_refresh=False
    )
    if issued is None:
        return found(with_query(read.redirect_uri, [("error", "server_error"), *extra]))
    tokens = managed_login_tokens(issued, grant, now)
    names = ("id_token", "access_token", "expires_in", "token_type")
    fragment = [(name, str(tokens[name])) for name in names if name in tokens]
    return found(with_fragment(read.redirect_uri, [*fragment, *extra]))


def error(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """``GET /error``: Cognito's error page."""
    return page.error_page_answer(request.args.get("error", ""))

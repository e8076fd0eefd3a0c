"""``GET /logout`` (docs/aws-behaviour.md 26.14).

Cognito Developer Guide, "The managed login sign-out endpoint": it "signs out the user and
redirects either to an authorized sign-out URL for your app client, or to the /login
endpoint": with ``client_id`` and ``logout_uri`` (one of the client's ``LogoutURLs``, else the
error page with ``redirect_mismatch``), or with ``redirect_uri`` and the parameters of the next
login request (``client_id``, ``response_type``, ``scope``...). The session cookie is cleared;
tokens already issued stay valid until they expire.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.cognito.managed_login.authorize import SESSION_COOKIE
from emulator.cognito.managed_login.params import read_authorize
from emulator.cognito.managed_login.redirects import cookie, domain_base, error_page, found
from emulator.moto_bridge import cognito as moto_cognito

if TYPE_CHECKING:
    from emulator.state import EmulatorState


def logout(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    domain = match.group("domain")
    state.domains.require_serving(domain)
    client_id = request.args.get("client_id")
    if not client_id:
        return error_page(domain, "Required parameters missing")
    client = moto_cognito.oauth_client_for_domain(domain, client_id)
    if client is None:
        return error_page(domain, "invalid_request", client_id)
    logout_uri = request.args.get("logout_uri")
    if logout_uri is not None:
        if logout_uri not in client.logout_urls:
            return error_page(domain, "redirect_mismatch", client.client_id)
        target = logout_uri
    elif request.args.get("redirect_uri") is not None:
        read = read_authorize(domain, request.args.items(multi=True))
        if isinstance(read, Answer):
            return read
        target = f"{domain_base(domain)}/login?{urlencode(list(request.args.items(multi=True)))}"
    else:
        return error_page(domain, "Required parameters missing")
    state.managed_login.close_session(request.cookies.get(SESSION_COOKIE, ""))
    return found(target, [cookie(SESSION_COOKIE, "", domain, max_age=0)])

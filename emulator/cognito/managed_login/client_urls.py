"""Callback and sign-out URLs checked at CreateUserPoolClient / UpdateUserPoolClient, which
moto 5.2.5 stores unchecked (docs/aws-behaviour.md 26.15, 7.20).

CreateUserPoolClient API reference, ``CallbackURLs``: a redirect URI must "Be an absolute URI",
"Not include a fragment component"; "Amazon Cognito requires HTTPS over HTTP except for
http://localhost for testing purposes only. App callback URLs such as myapp://example are also
supported." Since August 2025 the loopback literals ``http://127.0.0.1`` and ``http://[::1]``
are allowed too (recorded: a Cognito engineer in microsoft/vscode issue 256122). The refusal
is 400 ``InvalidParameterException`` "{url} cannot use the HTTP protocol." (recorded:
aws-amplify/amplify-cli issue 5419); the messages for a fragment or a relative URL are our
choice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.cognito.bodies import cognito_body
from emulator.cognito.sign_in import TARGET_PREFIX
from emulator.errors import cognito_error
from emulator.moto_bridge import server as moto_server

if TYPE_CHECKING:
    from emulator.state import EmulatorState

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
URL_MEMBERS = ("CallbackURLs", "LogoutURLs")


def url_problem(url: str) -> str | None:
    """Why Cognito refuses ``url`` as a callback or sign-out URL, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url} is not a valid URL."
    if not parts.scheme or (parts.scheme in ("http", "https") and not parts.netloc):
        return f"{url} is not a valid URL."
    if "#" in url:
        return f"{url} cannot have a fragment."
    if parts.scheme == "http" and (parts.hostname or "") not in LOOPBACK_HOSTS:
        return f"{url} cannot use the HTTP protocol."
    return None


def user_pool_client(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """CreateUserPoolClient / UpdateUserPoolClient: every URL checked before moto stores it."""
    action = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
    body = cognito_body(request, action)
    urls = [url for member in URL_MEMBERS for url in body.get(member) or [] if isinstance(url, str)]
    default = body.get("DefaultRedirectURI")
    for url in [*urls, *([default] if isinstance(default, str) else [])]:
        problem = url_problem(url)
        if problem is not None:
            raise cognito_error("InvalidParameterException", problem)
    return moto_server.call(request.environ, request.get_data())

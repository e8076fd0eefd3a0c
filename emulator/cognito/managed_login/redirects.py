"""The 302 answers managed login sends a browser (Cognito Developer Guide, "The authorize
endpoint": every answer is ``HTTP/1.1 302 Found`` with a ``Location``)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from emulator.answers import Answer


def with_query(url: str, params: Iterable[tuple[str, str]]) -> str:
    query = urlencode(list(params))
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


def with_fragment(url: str, params: Iterable[tuple[str, str]]) -> str:
    return f"{url}#{urlencode(list(params))}"


def found(location: str, cookies: Iterable[str] = ()) -> Answer:
    headers = (("Location", location), *(("Set-Cookie", cookie) for cookie in cookies))
    return Answer(302, (*headers, ("Content-Length", "0")), b"")


def domain_base(domain: str) -> str:
    """The path every endpoint of a user pool domain lives under in the emulator."""
    return f"/cognito-domain/{domain}"


def error_page(domain: str, error: str, client_id: str | None = None) -> Answer:
    """Cognito's own error page, ``https://{domain}/error?error=..&client_id=..`` (recorded:
    aws/aws-aspnet-cognito-identity-provider issue 167, nextauthjs/next-auth issue 12125)."""
    params = [("error", error)] + ([("client_id", client_id)] if client_id else [])
    return found(with_query(f"{domain_base(domain)}/error", params))


def cookie(name: str, value: str, domain: str, *, max_age: int | None = None) -> str:
    """A cookie scoped to the domain's endpoints: HttpOnly, SameSite=Lax (26.8)."""
    age = "" if max_age is None else f"; Max-Age={max_age}"
    return f"{name}={value}; Path={domain_base(domain)}/; HttpOnly; SameSite=Lax{age}"

"""The managed-login pages as plain, accessible HTML with stable names (docs/aws-behaviour.md
26.6): the sign-in form (``input[name=username]``, ``input[name=password]``, the hidden
``_csrf`` of Cognito's XSRF-TOKEN cookie, ``button[type=submit]``), posted back to the same
``/login?…`` URL so the authorize parameters travel along; and the error page.
"""

from __future__ import annotations

from html import escape

from emulator.answers import Answer

HTML = "text/html; charset=utf-8"


def _document(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n<main>\n{body}</main>\n"
        "</body>\n</html>\n"
    ).encode()


def login_page(
    action: str, csrf: str, *, message: str | None = None, username: str = "", status: int = 200
) -> Answer:
    alert = f'<p id="loginErrorMessage" role="alert">{escape(message)}</p>\n' if message else ""
    body = (
        "<h1>Sign in</h1>\n"
        f"{alert}"
        f'<form id="signInForm" method="post" action="{escape(action)}">\n'
        f'<input type="hidden" name="_csrf" value="{escape(csrf)}">\n'
        '<p><label for="signInFormUsername">Username</label>\n'
        '<input id="signInFormUsername" name="username" type="text" autocomplete="username"'
        f' required value="{escape(username)}"></p>\n'
        '<p><label for="signInFormPassword">Password</label>\n'
        '<input id="signInFormPassword" name="password" type="password"'
        ' autocomplete="current-password" required></p>\n'
        '<p><button id="signInSubmitButton" type="submit" name="signInSubmitButton">'
        "Sign in</button></p>\n"
        "</form>\n"
    )
    return Answer(status, (("Content-Type", HTML),), _document("Signin", body))


def message_page(title: str, message: str, status: int = 200) -> Answer:
    body = f'<h1>{escape(title)}</h1>\n<p id="message" role="alert">{escape(message)}</p>\n'
    return Answer(status, (("Content-Type", HTML),), _document(title, body))


def error_page_answer(error: str) -> Answer:
    """Cognito's error page: "An error was encountered with the requested page." (recorded:
    nextauthjs/next-auth issue 12125); the emulator adds the error code."""
    body = (
        "<h1>An error was encountered with the requested page.</h1>\n"
        f'<p id="errorMessage" role="alert">{escape(error)}</p>\n'
    )
    return Answer(400, (("Content-Type", HTML),), _document("Error", body))

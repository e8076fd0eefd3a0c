"""The browser app of notebook 09 in a real headless browser: Playwright for Python driving
Debian's Chromium (docs/aws-behaviour.md sections 22.9 and 26). Sign-in through the emulator's
login page (26.6), the CORS error the page sees before "Enable CORS" (22.9: a preflight
without ``OPTIONS`` is 403 with no ``Access-Control-Allow-Origin``, and so is API Gateway's
401), the fix (the page reads the 200 and a 401), and sign-out (26.14: ``/logout`` clears
the session cookie, so the next sign-in shows the form again).

Skipped, saying why, where Playwright or Chromium is missing, unless
``WORKBOOK_REQUIRE_BROWSER=1`` (CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers import apigateway, browser_app, cognito, cognito_authorizer, cors, oauth
from helpers.backend import Workbook
from tests.course import OpenApi

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    """A fresh Chromium profile per module, through Playwright."""
    missing = _missing_browser()
    if missing is not None:
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"WORKBOOK_REQUIRE_BROWSER=1 and {missing}")
        pytest.skip(f"No browser here: {missing}")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="workbook-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
            )
            context.set_default_timeout(TIMEOUT_MS)
            yield context
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class BrowserSetup:
    wb: Workbook
    api: OpenApi
    app: browser_app.AppServer
    username: str
    password: str


@pytest.fixture
def setup(wb: Workbook, open_api: OpenApi) -> Iterator[BrowserSetup]:
    """GET /users behind the Cognito authorizer (04), a domain and the browser client (09),
    and the browser app on a free port, its URLs registered on the client."""
    pool = cognito.create_user_pool(wb)
    authorizer = cognito_authorizer.create_cognito_authorizer(wb, open_api.api.id, pool.arn)
    cognito_authorizer.attach_authorizer(wb, open_api.api.id, open_api.users_id, authorizer.id)
    apigateway.create_deployment(wb, open_api.api.id, "secured")
    domain = oauth.create_user_pool_domain(wb, pool.id, f"{wb.prefix}-browser")
    client = browser_app.create_browser_client(wb, pool.id)
    port = _free_port()
    origin = f"http://localhost:{port}"
    wb.client("cognito-idp").update_user_pool_client(
        UserPoolId=pool.id,
        ClientId=client.id,
        ClientName=client.name,
        CallbackURLs=[f"{origin}/callback"],
        LogoutURLs=[f"{origin}/signed-out"],
        AllowedOAuthFlows=["code"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthScopes=["openid", "email", "profile"],
        SupportedIdentityProviders=["COGNITO"],
    )
    credentials = cognito.create_user(wb, pool.id)
    api_url = apigateway.invoke_url(wb, open_api.api.id)
    settings = browser_app.AppSettings(api_url, domain, client.id)
    with browser_app.AppServer(wb, settings, port=port) as app:
        yield BrowserSetup(wb, open_api, app, credentials.username, credentials.password)


def _sign_in(page: Any, setup: BrowserSetup) -> None:
    page.goto(f"{setup.app.origin}/")
    page.click("#sign-in")
    page.fill("input[name=username]", setup.username)
    page.fill("input[name=password]", setup.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{setup.app.origin}/")
    page.wait_for_selector("#status:has-text('Signed in.')")


def _call(page: Any, button: str) -> str:
    page.evaluate("document.getElementById('result').textContent = ''")
    page.click(button)
    page.wait_for_function("document.getElementById('result').textContent !== ''")
    return str(page.text_content("#result"))


def _enable_cors(setup: BrowserSetup) -> None:
    cors.enable_cors(
        setup.wb,
        setup.api.api,
        resource_path=setup.wb.names.resource_path,
        allowed_origin=setup.app.origin,
    )
    browser_app.set_allowed_origin(setup.wb, setup.app.origin)
    apigateway.create_deployment(setup.wb, setup.api.api.id, "CORS")


def test_page_signs_in_through_the_login_page_and_sees_cors_errors_before_enable_cors(
    browser_context: Any, setup: BrowserSetup
) -> None:
    page = browser_context.new_page()
    _sign_in(page, setup)
    assert (_call(page, "#call-with-token"), _call(page, "#call-without-token")) == (
        browser_app.CORS_ERROR,
        browser_app.CORS_ERROR,
    )
    page.close()


def test_after_enable_cors_the_page_reads_the_200_and_a_readable_401_doc_enable_cors(
    browser_context: Any, setup: BrowserSetup
) -> None:
    page = browser_context.new_page()
    _sign_in(page, setup)
    _enable_cors(setup)
    assert (_call(page, "#call-with-token"), _call(page, "#call-without-token")) == (
        f'HTTP 200: "Testing Lambda from API Gateway. Hello, {setup.username}!"',
        'HTTP 401: {"message":"Unauthorized"}',
    )
    page.close()


def test_sign_out_clears_the_session_cookie_so_sign_in_shows_the_form_again(
    browser_context: Any, setup: BrowserSetup
) -> None:
    page = browser_context.new_page()
    _sign_in(page, setup)
    page.click("#sign-out")
    page.wait_for_url(f"{setup.app.origin}/signed-out")
    page.wait_for_selector("#status:has-text('Signed out.')")
    page.click("#sign-in")
    page.wait_for_selector("input[name=username]")
    assert page.is_visible("input[name=password]")
    page.close()

"""The course's state after 05 (the Cognito authorizer on GET /users, a signed-in user), for
the Postman tests, built on the shared fixtures of tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from helpers import cognito, postman
from helpers.backend import Workbook
from helpers.cognito import Tokens
from tests.course import OpenApi
from tests.helpers.test_diagnose import build_secured


@dataclass(frozen=True)
class Course:
    settings: postman.ApiSettings
    tokens: Tokens
    username: str


@pytest.fixture
def course(wb: Workbook, open_api: OpenApi) -> Course:
    secured = build_secured(wb, open_api)
    client = cognito.find_app_client(wb, secured.pool_id)
    assert client is not None
    settings = postman.api_settings(wb, secured.url, secured.pool_id, client.id)
    return Course(settings, secured.tokens, wb.names.user)

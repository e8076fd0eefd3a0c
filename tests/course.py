"""The course's state that several test modules start from (built by fixtures in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from helpers.apigateway import RestApi
from helpers.awslambda import FunctionInfo


@dataclass(frozen=True)
class OpenApi:
    """The state after notebooks 01-03: GET /users open, integrated and deployed to dev."""

    api: RestApi
    users_id: str
    function: FunctionInfo

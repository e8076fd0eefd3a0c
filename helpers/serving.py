"""Wait until a stage serves its new deployment.

``CreateDeployment`` returns at once, and ``GetStage`` names the new deployment at once, but
on AWS the stage's endpoint goes on answering with the previous deployment for a while (a
brand-new stage answers ``403 {"message":"Missing Authentication Token"}``, as for a route
it does not have). So a cell that calls the URL right after deploying can see the old
behaviour, and the classic advice "redeploy" makes it worse: each new deployment races again.

The design: the control plane cannot say when a deployment is served, so the wait asks the
data plane. It sends one request whose answer differs between the previous deployment and
the new one, and polls, with backoff and a deadline, until it gets the new answer. The caller
states that answer, because only the caller knows what the deployment changed:

- a new stage or route: ``403 Missing Authentication Token`` until served, then the method's
  answer (03: ``GET /users`` → 200; 08: ``GET /users-lambda`` without a token → 401);
- an authorizer attached: 200 until served, then 401 without a token (04);
- OAuth scopes changed: the same token gets the old answer, then the new one (07: the ID
  token's ``POST`` 201 → 401; a ``users/write`` token 401 → 201).

When the request also runs the integration (a 200 or 201), the answer proves that API
Gateway may invoke the function too (a new Lambda permission can take a moment: 500 until
then). Comparing with the deployed configuration instead (``GetStage``/``GetDeployment``)
would only show what the control plane already says at once.
"""

from __future__ import annotations

import logging
from typing import Any

from helpers import http
from helpers.diagnose import parse_invoke_url
from helpers.errors import WorkbookError
from helpers.waits import NotYet, wait_until

logger = logging.getLogger(__name__)

SERVE_DEADLINE_S = 120.0


def _route(url: str, method: str) -> str:
    target = parse_invoke_url(url)
    return f"{method} {target.path if target else url}"


def _seen(response: http.HttpResponse) -> str:
    body = http.body_text(response.body)
    return f"HTTP {response.status} {body[:60]}".rstrip()


def wait_until_served(
    url: str,
    expect_status: int,
    *,
    method: str = "GET",
    token: str | None = None,
    token_name: str = "the token",
    json_body: Any = None,
) -> http.HttpResponse:
    """Call ``method url`` (with ``token`` and ``json_body``) until it answers
    ``expect_status``, the answer of the new deployment; return that response.
    ``token_name`` says which token it is in the learner's line (never the token itself).

    Prints one line, e.g. ``The stage serves the new deployment: GET /users without a token
    answers 401 (waited 2 s)``. Gives up after 120 s, saying what the stage still answers;
    the next step is to wait and re-run this cell, not to deploy again.
    """
    who = "without a token" if token is None else f"with {token_name}"
    expected = f"{_route(url, method)} {who} answers {expect_status}"

    def check() -> http.HttpResponse | NotYet:
        try:
            response = http.call_api(url, token, method=method, json_body=json_body)
        except WorkbookError as err:  # DNS or connection: the endpoint is not there yet
            logger.info("Could not call %s yet: %s", url, err)
            return NotYet("no connection")
        if response.status == expect_status:
            return response
        return NotYet(_seen(response))

    return wait_until(
        check,
        what="the new deployment to be served",
        done=f"The stage serves the new deployment: {expected}",
        next_step=(
            f"Expected: {expected}. The stage may still serve the previous deployment: wait a "
            "minute and re-run this cell (not the deployment: a new one starts the wait over). "
            "If the answer does not change, ask diagnose(wb, url, token) why."
        ),
        deadline_s=SERVE_DEADLINE_S,
    )

"""Why 401, 403 or 500? Call the URL, read the live configuration and the token, and name the
most likely cause with its fix.

What is read, in the order API Gateway itself works (docs/aws-behaviour.md sections 1, 2, 5):

1. the stage and the deployment it serves (``GetStage``, then ``GetDeployment`` with
   ``embed=apisummary``): is the route there? A route missing from the deployment is 403
   ``Missing Authentication Token``;
2. the method's authorization in the deployment against the draft (``GetMethod``): a change
   that was never deployed is the classic "I attached the authorizer and nothing changed";
3. for a Cognito authorizer (``GetAuthorizer``): the header it reads, then the token: JWT
   structure, ``alg``, ``iss`` against ``providerARNs``, the signature against the pool's
   JWKS, ``exp`` against the backend's clock, ``token_use`` and ``scope`` against the
   method's scopes;
4. the integration's function and its resource-based policy (``GetPolicy``): may this API
   invoke it? If not: 500.

Scopes, the authorizer and the integration are read from the draft (the API has no
"deployed" view of them); the apiSummary gives the deployed authorization type.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from botocore.exceptions import ClientError

from awsrules import arns
from awsrules.apigateway.cognito_authorizer import find_key, signature_verifies, token_use_problem
from awsrules.apigateway.invoke_permission import apigateway_may_invoke
from awsrules.apigateway.routing import Serves, match_resource, select_method, serving
from awsrules.iam_wildcards import wildcard_match
from awsrules.tokens import parse_jwt, token_from_header
from helpers import clock, cognito, http
from helpers.backend import Workbook
from helpers.errors import error_code

if TYPE_CHECKING:
    from mypy_boto3_apigateway.type_defs import MethodSnapshotTypeDef

logger = logging.getLogger(__name__)

_AWS_URL = re.compile(r"^(?P<api>[a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$")
_LOCAL_PATH = re.compile(
    r"^/restapis/(?P<api>[^/]+)/(?P<stage>[^/]+)/_user_request_(?P<path>/.*)?$"
)
_ANY_STATUS = frozenset({200, 401, 403, 500, 502})


class Check(NamedTuple):
    check: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Diagnosis:
    status: int
    body: Any
    likely_cause: str
    fix: str
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class _Finding:
    check: Check
    cause: str = ""
    fix: str = ""
    statuses: frozenset[int] = frozenset({401})


class _Stop(Exception):
    """Nothing further can be checked (e.g. there is no such stage)."""


@dataclass(frozen=True)
class InvokeTarget:
    api_id: str
    stage: str
    path: str


def parse_invoke_url(url: str) -> InvokeTarget | None:
    """API id, stage and path of an invoke URL (AWS's or the emulator's form), or None."""
    parts = urlsplit(url)
    local = _LOCAL_PATH.match(parts.path)
    if local:
        return InvokeTarget(local["api"], local["stage"], local["path"] or "/")
    aws = _AWS_URL.match(parts.hostname or "")
    stage, _, rest = parts.path.lstrip("/").partition("/")
    if aws and stage:
        return InvokeTarget(aws["api"], stage, f"/{rest}")
    return None


def match_route(templates: list[str], path: str, serves: Serves | None = None) -> str | None:
    """The resource template serving ``path`` (as sent), by API Gateway's precedence rule;
    with ``serves``, only resources that have a method for the request's verb count."""
    matched = (
        match_resource(templates, path)
        if serves is None
        else match_resource(templates, path, serves)
    )
    return matched.template if matched else None


class _Reader:
    """Reads the configuration step by step and records one finding per check."""

    def __init__(self, wb: Workbook, target: InvokeTarget, http_method: str) -> None:
        self.wb = wb
        self.apigw = wb.client("apigateway")
        self.target = target
        self.http_method = http_method
        self.findings: list[_Finding] = []

    def add(
        self,
        check: str,
        ok: bool,
        detail: str,
        cause: str = "",
        fix: str = "",
        statuses: frozenset[int] = frozenset({401}),
    ) -> bool:
        self.findings.append(_Finding(Check(check, ok, detail), cause, fix, statuses))
        return ok

    def route(self) -> tuple[str, MethodSnapshotTypeDef]:
        """The deployed route's template and summary; stops when there is none."""
        api, stage, path = self.target.api_id, self.target.stage, self.target.path
        try:
            deployment_id = self.apigw.get_stage(restApiId=api, stageName=stage)["deploymentId"]
        except ClientError as err:
            if error_code(err) != "NotFoundException":
                raise
            self.add(
                f"stage '{stage}' exists",
                False,
                f"API {api} has no stage '{stage}' (or there is no such API)",
                f"There is no stage '{stage}' on API {api}.",
                "Check the invoke URL: /{stage}/users, with the stage you deployed to.",
                statuses=frozenset({403}),
            )
            raise _Stop from err
        summary = self.apigw.get_deployment(
            restApiId=api, deploymentId=deployment_id, embed=["apisummary"]
        ).get("apiSummary", {})
        template = match_route(list(summary), path, serving(summary, self.http_method))
        deployed = select_method(summary.get(template, {}), self.http_method) if template else None
        if deployed is not None and template is not None:
            self.add(
                "route in the deployed stage",
                True,
                f"{self.http_method} {template} is in the deployment stage '{stage}' serves",
            )
            return template, deployed
        in_draft = self._draft_has_route(path)
        self.add(
            "route in the deployed stage",
            False,
            f"{self.http_method} {path} is not in the deployment stage '{stage}' serves"
            + (", but it is in the draft" if in_draft else ""),
            (
                f"{self.http_method} {path} was added after the last deployment."
                if in_draft
                else f"No {self.http_method} {path} on this API: wrong path, method or stage."
            ),
            "Redeploy: apigateway.create_deployment(wb, api.id, ...)."
            if in_draft
            else "Check the invoke URL; the paths are case-sensitive.",
            statuses=frozenset({403}),
        )
        raise _Stop

    def _draft_has_route(self, path: str) -> bool:
        resources = self._resources()
        methods = {t: r.get("resourceMethods") or {} for t, r in resources.items()}
        return match_route(list(resources), path, serving(methods, self.http_method)) is not None

    def _resources(self) -> dict[str, dict[str, Any]]:
        pages = self.apigw.get_paginator("get_resources").paginate(restApiId=self.target.api_id)
        return {item["path"]: item for page in pages for item in page.get("items", [])}

    def draft_method(self, template: str) -> dict[str, Any]:
        resource_id = self._resources()[template]["id"]
        method: dict[str, Any] = dict(
            self.apigw.get_method(
                restApiId=self.target.api_id, resourceId=resource_id, httpMethod=self.http_method
            )
        )
        method["resourceId"] = resource_id
        return method

    def deployment_matches_draft(self, deployed_type: str, method: dict[str, Any]) -> None:
        draft_type = method.get("authorizationType", "NONE")
        self.add(
            "the deployment has the draft's authorization",
            deployed_type == draft_type,
            f"deployed: {deployed_type}, draft: {draft_type}",
            f"The method's authorization was changed to {draft_type} but not deployed; "
            f"the stage still serves {deployed_type}.",
            "Redeploy: apigateway.create_deployment(wb, api.id, ...).",
            statuses=_ANY_STATUS,
        )

    def cognito_token(self, method: dict[str, Any], header: str, token: str | None) -> None:
        authorizer = self.apigw.get_authorizer(
            restApiId=self.target.api_id, authorizerId=method["authorizerId"]
        )
        source = authorizer.get("identitySource", "")
        reads = source.removeprefix("method.request.header.")
        if not self.add(
            "token in the header the authorizer reads",
            token is not None and header.lower() == reads.lower(),
            f"authorizer reads '{reads}'; "
            + (f"token sent in '{header}'" if token is not None else "no token sent"),
            "No token reached the authorizer."
            if token is None
            else f"The token is in '{header}', the authorizer reads '{reads}'.",
            f"Send the ID token in the '{reads}' header.",
        ):
            return
        raw = token_from_header(token)
        parsed = parse_jwt(raw) if raw is not None else None
        if raw is None or parsed is None:
            self.add(
                "token is a JWT",
                False,
                "not three base64url JSON parts",
                "The header value is not a JWT.",
                "Send the token exactly as Cognito issued it.",
            )
            return
        header_fields, claims = parsed.header, parsed.claims
        alg = header_fields.get("alg")
        if not self.add(
            "alg is RS256",
            alg == "RS256",
            f"alg: {alg}",
            f"The token says alg {alg!r}; Cognito signs with RS256 and nothing else is accepted.",
            "Send the token exactly as Cognito issued it.",
        ):
            return
        trusted = [
            pool.pool_id
            for arn in authorizer.get("providerARNs", [])
            if (pool := arns.user_pool_from_arn(arn)) is not None
        ]
        issuer = arns.user_pool_from_issuer(claims.get("iss"))
        pool_id = issuer.pool_id if issuer else None
        if not self.add(
            "issuer is a pool the authorizer trusts",
            pool_id in trusted,
            f"iss pool {pool_id}; providerARNs: {', '.join(trusted) or 'none'}",
            "The token comes from a user pool the authorizer does not trust.",
            "Sign in through an app client of the pool in the authorizer's providerARNs.",
        ):
            return
        assert pool_id is not None
        self._signature(raw, pool_id, header_fields.get("kid"))
        now = clock.backend_time(self.wb)
        exp = claims.get("exp")
        self.add(
            "not expired",
            isinstance(exp, int | float) and exp > now,
            "exp is in the future"
            if isinstance(exp, int | float) and exp > now
            else "exp has passed",
            "The token has expired (ID and access tokens last 1 hour by default).",
            "Sign in again, or get new tokens with the refresh token.",
        )
        self._token_use(claims, tuple(method.get("authorizationScopes") or ()))

    def _signature(self, token: str, pool_id: str, kid: Any) -> None:
        jwk = find_key(cognito.get_jwks(self.wb, pool_id), str(kid))
        valid = jwk is not None and signature_verifies(token, jwk)
        self.add(
            "signature verifies against the pool's JWKS",
            valid,
            "signature valid" if valid else "kid or signature does not match the JWKS",
            "The signature does not verify: the token was altered, or signed by another key.",
            "Send the token exactly as Cognito issued it.",
        )

    def _token_use(self, claims: dict[str, Any], scopes: tuple[str, ...]) -> None:
        token_use = claims.get("token_use")
        granted = str(claims.get("scope", "")).split()
        if not scopes:
            self.add(
                "token_use suits the method's scopes",
                token_use_problem(claims, scopes) is None,
                f"token_use: {token_use}; method scopes: none, so an ID token is needed",
                "An access token was sent to a method without OAuth scopes: it wants an ID token.",
                "Send the ID token, or put OAuth scopes on the method and redeploy.",
            )
            return
        self.add(
            "token_use suits the method's scopes",
            token_use_problem(claims, scopes) is None,
            f"token_use: {token_use}; scope: {' '.join(granted) or '-'}; "
            f"method scopes: {' '.join(scopes)}",
            "The method has OAuth scopes: it wants an access token with one of them.",
            f"Send an access token with one of: {', '.join(scopes)}.",
        )

    def lambda_authorizer(
        self, method: dict[str, Any], header: str, token: str | None, status: int
    ) -> None:
        """A Lambda (TOKEN/REQUEST) authorizer: its identity source, its permission, its verdict.

        API Gateway answers 401 without calling the function when the identity source is
        missing, 500 when it may not invoke it, 401 when the function raised "Unauthorized",
        and 403 when the returned policy denies (or does not cover) this method ARN.
        """
        authorizer = self.apigw.get_authorizer(
            restApiId=self.target.api_id, authorizerId=method["authorizerId"]
        )
        source = str(authorizer.get("identitySource", ""))
        reads = source.removeprefix("method.request.header.")
        if authorizer.get("type") == "TOKEN" and not self.add(
            "token in the header the authorizer reads",
            token is not None and header.lower() == reads.lower(),
            f"{authorizer.get('type')} authorizer reads '{reads}'; "
            + (f"token sent in '{header}'" if token is not None else "no token sent"),
            "No token reached the authorizer, so API Gateway refused before calling it.",
            f"Send the ID token in the '{reads}' header.",
        ):
            return
        uri = str(authorizer.get("authorizerUri", ""))
        if "/functions/" not in uri:
            return
        function_arn = uri.split("/functions/", 1)[1].removesuffix("/invocations")
        _, partition, _, region, account, *_ = function_arn.split(":")
        source_arn = arns.authorizer_source_arn(
            region, account, self.target.api_id, authorizer["id"], partition=partition
        )
        name = function_arn.rsplit(":", 1)[-1]
        statements = _policy_statements(self.wb, function_arn)
        patterns = _source_arns(statements)
        if not self.add(
            "API Gateway may invoke the authorizer function",
            apigateway_may_invoke(statements, source_arn),
            f"{name} lets apigateway.amazonaws.com invoke it for "
            + (", ".join(p.replace(self.target.api_id, "THIS_API") for p in patterns) or "nothing"),
            f"API Gateway may not invoke the authorizer function {name}.",
            "Add a permission whose SourceArn is .../{apiId}/authorizers/{authorizerId}.",
            statuses=frozenset({500}),
        ):
            return
        log_group = f"/aws/lambda/{name}"
        self.add(
            "the authorizer function accepted the token",
            status != 401,
            f"it refused it: its reasons are in {log_group}"
            if status == 401
            else "it did not refuse it",
            f"The authorizer function {name} refused the token (it raised 'Unauthorized').",
            f"Read {log_group}; send a valid ID token of the user pool it checks.",
        )
        self.add(
            "the returned policy covers this method",
            status != 403,
            "it denied this method ARN, or did not cover it" if status == 403 else "it did",
            f"{name} returned a policy that denies this method ARN or does not cover it "
            "(a cached policy is re-used for every method of the API).",
            "Return Allow on arn:...:{apiId}/{stage}/* or lower the authorizer's cache TTL.",
            statuses=frozenset({403}),
        )

    def permission(self, resource_id: str, template: str) -> None:
        try:
            integration = self.apigw.get_integration(
                restApiId=self.target.api_id, resourceId=resource_id, httpMethod=self.http_method
            )
        except ClientError as err:
            if error_code(err) != "NotFoundException":
                raise
            return
        uri = str(integration.get("uri", ""))
        if integration.get("type") not in ("AWS_PROXY", "AWS") or ":function:" not in uri:
            return
        function_arn = uri.split("/functions/", 1)[1].removesuffix("/invocations")
        _, partition, _, region, account, _, name = function_arn.split(":", 6)
        source_arn = arns.execute_api_arn(
            region,
            account,
            self.target.api_id,
            self.target.stage,
            self.http_method,
            template,
            partition=partition,
        )
        statements = _policy_statements(self.wb, function_arn)
        patterns = _source_arns(statements)
        matching = [pattern for pattern in patterns if wildcard_match(pattern, source_arn)]
        shown = (matching[:1] or patterns) if patterns else ["nothing"]
        self.add(
            "Lambda permission matches this API",
            apigateway_may_invoke(statements, source_arn),
            f"{name} lets apigateway.amazonaws.com invoke it for "
            + ", ".join(p.replace(self.target.api_id, "THIS_API") for p in shown),
            f"API Gateway may not invoke {name}: no permission for this API's "
            f"{self.http_method} {template}.",
            f"awslambda.add_permission(wb, apigateway.method_source_arn(wb, api.id, "
            f'"{self.http_method}"), ...) for function {name}.',
            statuses=frozenset({500}),
        )


def _policy_statements(wb: Workbook, function_arn: str) -> list[dict[str, Any]]:
    """The function's resource-based policy statements ([] when it has no policy)."""
    try:
        policy = wb.client("lambda").get_policy(FunctionName=function_arn)["Policy"]
    except ClientError as err:
        if error_code(err) == "ResourceNotFoundException":
            return []
        raise
    statements: list[dict[str, Any]] = json.loads(policy).get("Statement", [])
    return statements


def _source_arns(statements: list[dict[str, Any]]) -> list[str]:
    """The SourceArn patterns of the statements that allow API Gateway (for display)."""
    patterns = []
    for statement in statements:
        principal = statement.get("Principal", {})
        service = principal.get("Service") if isinstance(principal, dict) else principal
        if statement.get("Effect") != "Allow" or service != "apigateway.amazonaws.com":
            continue
        condition = statement.get("Condition", {})
        arn = condition.get("ArnLike", {}).get("AWS:SourceArn")
        patterns.append(str(arn) if arn else "*")
    return patterns


_DEFAULTS = {
    200: ("The call succeeded.", "Nothing to fix."),
    401: ("The authorizer refused the request.", "Send a fresh ID token in the header."),
    403: (
        "API Gateway has no such route in the deployed stage.",
        "Check the path, the method and the stage.",
    ),
    500: ("API Gateway could not invoke the integration.", "Check the Lambda permission."),
    502: (
        "The function raised, timed out or returned a malformed proxy response.",
        "Read the function's CloudWatch Logs (01_lambda shows how).",
    ),
}


def diagnose(
    wb: Workbook,
    url: str,
    token: str | None = None,
    *,
    http_method: str = "GET",
    header: str = "Authorization",
) -> Diagnosis:
    """Call ``url`` as a client would, then explain the answer from the live configuration."""
    response = http.call_api(url, token, method=http_method, header=header)
    target = parse_invoke_url(url)
    if target is None:
        check = Check("invoke URL", False, "not an API Gateway invoke URL")
        return Diagnosis(
            response.status,
            response.body,
            "This is not an invoke URL.",
            "Use apigateway.invoke_url(wb, api.id).",
            (check,),
        )
    reader = _Reader(wb, target, http_method)
    try:
        template, deployed = reader.route()
        method = reader.draft_method(template)
        deployed_type = str(deployed.get("authorizationType", "NONE"))
        reader.deployment_matches_draft(deployed_type, method)
        if deployed_type == "COGNITO_USER_POOLS" and method.get("authorizerId"):
            reader.cognito_token(method, header, token)
        if deployed_type == "CUSTOM" and method.get("authorizerId"):
            reader.lambda_authorizer(method, header, token, response.status)
        reader.permission(method["resourceId"], template)
    except _Stop:
        pass
    cause, fix = _likely_cause(response.status, response.body, reader.findings)
    return Diagnosis(
        response.status,
        response.body,
        cause,
        fix,
        tuple(finding.check for finding in reader.findings),
    )


def _likely_cause(status: int, body: Any, findings: list[_Finding]) -> tuple[str, str]:
    for finding in findings:
        if not finding.check.ok and status in finding.statuses:
            return finding.cause, finding.fix
    if status == 401 and body == {"message": "The incoming token has expired"}:
        return "The token has expired.", "Sign in again, or refresh the tokens."
    return _DEFAULTS.get(status, (f"HTTP {status}.", "Read the body and the function's logs."))


def format_diagnosis(diagnosis: Diagnosis, *, brief: bool = False) -> str:
    """The diagnosis for a notebook: the answer, each check (✅/❌), the cause and the fix.

    ``brief`` gives one line: the answer and the likely cause.
    """
    answer = f"HTTP {diagnosis.status} {http.body_text(diagnosis.body)}"
    if brief:
        return f"diagnose: {answer} → {diagnosis.likely_cause}"
    lines = [answer]
    lines += [f"  {'✅' if c.ok else '❌'} {c.check}: {c.detail}" for c in diagnosis.checks]
    lines += [f"Likely cause: {diagnosis.likely_cause}", f"Fix: {diagnosis.fix}"]
    return "\n".join(lines)


def print_diagnosis(diagnosis: Diagnosis, *, brief: bool = False) -> None:
    """Print ``format_diagnosis``: like a checkpoint, its output is for the learner."""
    print(format_diagnosis(diagnosis, brief=brief))


ALLOW_ORIGIN = "access-control-allow-origin"


def explain_cors_failure(
    preflight_status: int,
    preflight_headers: Mapping[str, str],
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> str | None:
    """What a browser's "CORS error" really is, from the preflight (``OPTIONS``) and, if the
    browser sent it, the call itself; None when CORS is not the cause (docs/aws-behaviour.md
    22.9). A browser shows neither status: a response without ``Access-Control-Allow-Origin``
    is unreadable to the page."""
    preflight_origin = _header(preflight_headers, ALLOW_ORIGIN)
    if preflight_status in (401, 403) and preflight_origin is None:
        return (
            f"The CORS error is really a {preflight_status} and a guarded preflight: the "
            f"browser's OPTIONS request got {preflight_status} without "
            "Access-Control-Allow-Origin (no OPTIONS method, or one behind the authorizer). "
            "Fix: cors.enable_cors (an OPTIONS method with a MOCK integration, and "
            "DEFAULT_4XX/DEFAULT_5XX with the header), then redeploy."
        )
    if status is None or _header(headers or {}, ALLOW_ORIGIN) is not None:
        return None
    if status >= 400:
        return (
            f"The CORS error is really a {status}: API Gateway's own {status} carries no "
            "Access-Control-Allow-Origin. Fix: the DEFAULT_4XX and DEFAULT_5XX gateway "
            "responses with the header (cors.enable_cors puts them), then redeploy."
        )
    return (
        f"The call got {status}, but the function's response has no "
        "Access-Control-Allow-Origin: with a Lambda proxy integration the function must "
        "return it."
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)

"""Cognito's OAuth 2.0 side: a resource server with custom scopes, a user pool domain, an app
client with a secret for the client-credentials grant, and the token endpoint.

Custom scopes (``users/read``, ``users/write``) cannot be had from ``InitiateAuth``: its
access tokens carry only ``aws.cognito.signin.user.admin``. They come from the pool's OAuth2
token endpoint, which exists once the pool has a domain:
``https://{domain}.auth.{region}.amazoncognito.com/oauth2/token`` on AWS,
``{emulator}/cognito-domain/{domain}/oauth2/token`` on the emulator.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

import requests
from botocore.exceptions import ClientError

from helpers.backend import Workbook
from helpers.errors import WorkbookError, aws_failure, error_code
from helpers.waits import NotYet, wait_until

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp.literals import OAuthFlowTypeType
    from mypy_boto3_cognito_idp.type_defs import UserPoolClientTypeTypeDef

logger = logging.getLogger(__name__)

SCOPES = {"read": "List users", "write": "Create users"}
_RESERVED_IN_DOMAINS = re.compile(r"aws|amazon|cognito")
DOMAIN_ACTIVE_DEADLINE_S = 120.0
TOKEN_ENDPOINT_DEADLINE_S = 120.0  # "Your prefix domain might take up to one minute to take effect"


@dataclass(frozen=True)
class ResourceServer:
    identifier: str
    name: str
    scopes: tuple[str, ...]
    """Full scope names, ``<identifier>/<scope>``."""


@dataclass(frozen=True)
class MachineClient:
    """An app client for a program, not a person: it signs in with its id and secret."""

    id: str
    name: str
    allowed_scopes: tuple[str, ...]
    secret: str = field(repr=False)


def create_resource_server(wb: Workbook, pool_id: str) -> ResourceServer:
    """Get or create the resource server ``users`` with the scopes ``read`` and ``write``."""
    idp = wb.client("cognito-idp")
    identifier = wb.names.resource_server_identifier
    try:
        server = idp.describe_resource_server(UserPoolId=pool_id, Identifier=identifier)
    except ClientError as err:
        if error_code(err) != "ResourceNotFoundException":
            raise
        server = idp.create_resource_server(
            UserPoolId=pool_id,
            Identifier=identifier,
            Name=wb.names.resource_server,
            Scopes=[{"ScopeName": k, "ScopeDescription": v} for k, v in SCOPES.items()],
        )
        logger.info("Created resource server %s", identifier)
    item = server["ResourceServer"]
    return ResourceServer(
        identifier=item["Identifier"],
        name=item["Name"],
        scopes=tuple(f"{item['Identifier']}/{s['ScopeName']}" for s in item.get("Scopes", [])),
    )


def domain_prefix(prefix: str, account_id: str) -> str:
    """A user pool domain prefix for this learner, unique across AWS accounts.

    Cognito's rules: lowercase letters, numbers and hyphens, not starting or ending with a
    hyphen, at most 63 characters, and not containing ``aws``, ``amazon`` or ``cognito``.
    The 8 hex characters are a hash of the account id, stable for an account.
    """
    cleaned = _RESERVED_IN_DOMAINS.sub("", prefix.lower())
    cleaned = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "", cleaned)).strip("-") or "learner"
    digest = hashlib.sha256(account_id.encode()).hexdigest()[:8]
    return f"{cleaned[:40].rstrip('-')}-users-{digest}"


def get_user_pool_domain(wb: Workbook, pool_id: str) -> str | None:
    """The pool's domain prefix, or None when it has none."""
    pool = wb.client("cognito-idp").describe_user_pool(UserPoolId=pool_id)["UserPool"]
    domain = pool.get("Domain")
    return str(domain) if domain else None


def create_user_pool_domain(wb: Workbook, pool_id: str, domain: str) -> str:
    """Get or create the pool's domain ``domain`` and wait until it is ACTIVE.

    A pool has at most one prefix domain; an existing one is kept, whatever its name.
    """
    idp = wb.client("cognito-idp")
    existing = get_user_pool_domain(wb, pool_id)
    if existing is None:
        try:
            idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
        except ClientError as err:
            raise aws_failure(
                f"Creating user pool domain '{domain}'",
                err,
                "A domain prefix is unique per region: if another account has it, set "
                "WORKBOOK_PREFIX to something else, restart the kernel and re-run.",
            ) from err
        logger.info("Created user pool domain %s", domain)
        existing = domain
    _wait_domain_active(wb, existing)
    return existing


def _wait_domain_active(wb: Workbook, domain: str) -> None:
    """Poll ``DescribeUserPoolDomain`` until ``ACTIVE``; stop at once on ``FAILED``.

    A new domain is ``CREATING`` for a while (statuses: CREATING, DELETING, UPDATING,
    ACTIVE, FAILED; Cognito API Reference, DomainDescriptionType).
    """
    idp = wb.client("cognito-idp")

    def check() -> str | NotYet:
        description = idp.describe_user_pool_domain(Domain=domain)["DomainDescription"]
        status = str(description.get("Status", "unknown"))
        if status == "ACTIVE":
            return status
        if status == "FAILED":
            raise WorkbookError(
                f"User pool domain '{domain}' is FAILED: Cognito could not set it up. Delete "
                "it (run 99_cleanup, or delete_user_pool_domain), then re-run this cell."
            )
        return NotYet(status)

    wait_until(
        check,
        what=f"user pool domain '{domain}' to be ACTIVE",
        next_step="Re-run this cell in a minute.",
        deadline_s=DOMAIN_ACTIVE_DEADLINE_S,
        first_delay_s=1.0,
    )


def delete_user_pool_domain(wb: Workbook, pool_id: str, domain: str) -> bool:
    """Delete a pool's domain (AWS deletes no pool that still has one); False when absent."""
    try:
        wb.client("cognito-idp").delete_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    except ClientError as err:
        if error_code(err) in ("ResourceNotFoundException", "InvalidParameterException"):
            return False
        raise
    logger.info("Deleted user pool domain %s", domain)
    return True


def domain_url(wb: Workbook, domain: str) -> str:
    """The base URL of a user pool domain's endpoints (token, authorize, login, logout...).

    Prefix domains are ``https://<prefix>.auth.<region>.amazoncognito.com``; AWS GovCloud (US)
    has FIPS endpoints only, ``<prefix>.auth-fips.<region>.amazoncognito.com`` (Cognito
    Developer Guide, "Using the Amazon Cognito prefix domain"; GovCloud User Guide). On the
    emulator: ``{emulator}/cognito-domain/<prefix>``.
    """
    if wb.endpoint_url is None:
        auth = "auth-fips" if wb.partition == "aws-us-gov" else "auth"
        return f"https://{domain}.{auth}.{wb.region}.amazoncognito.com"
    return f"{wb.endpoint_url}/cognito-domain/{domain}"


def token_endpoint(wb: Workbook, domain: str) -> str:
    """The pool's OAuth2 token endpoint."""
    return f"{domain_url(wb, domain)}/oauth2/token"


class _MachineClientSettings(TypedDict):
    """The OAuth settings of the machine client, as keyword arguments of boto3."""

    AllowedOAuthFlows: list[OAuthFlowTypeType]
    AllowedOAuthFlowsUserPoolClient: bool
    AllowedOAuthScopes: list[str]


def _machine_client(item: UserPoolClientTypeTypeDef) -> MachineClient:
    return MachineClient(
        id=item["ClientId"],
        name=item["ClientName"],
        allowed_scopes=tuple(sorted(item.get("AllowedOAuthScopes", []))),
        secret=item.get("ClientSecret", ""),
    )


def create_machine_client(wb: Workbook, pool_id: str, scopes: tuple[str, ...]) -> MachineClient:
    """Get or create ``<prefix>-machine-client``: a secret, the client-credentials grant,
    and the custom ``scopes``. A program keeps the secret on a server; a browser could not."""
    idp = wb.client("cognito-idp")
    name = wb.names.machine_client
    settings: _MachineClientSettings = {
        "AllowedOAuthFlows": ["client_credentials"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthScopes": list(scopes),
    }
    pages = idp.get_paginator("list_user_pool_clients").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 60}
    )
    for page in pages:
        for item in page["UserPoolClients"]:
            if item["ClientName"] == name:
                found = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=item["ClientId"])
                client = _machine_client(found["UserPoolClient"])
                if client.allowed_scopes == tuple(sorted(scopes)):
                    return client
                updated = idp.update_user_pool_client(
                    UserPoolId=pool_id, ClientId=client.id, ClientName=name, **settings
                )
                return _machine_client(updated["UserPoolClient"])
    try:
        created = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName=name, GenerateSecret=True, **settings
        )
    except ClientError as err:
        raise aws_failure(
            f"Creating app client '{name}'",
            err,
            "The scopes must exist on the resource server: re-run the cells above.",
        ) from err
    return _machine_client(created["UserPoolClient"])


def _token_answer(response: requests.Response) -> tuple[int, dict[str, Any]] | NotYet:
    """The token endpoint's JSON answer, or NotYet when the domain does not serve it yet.

    An OAuth answer, a token or ``{"error": ...}``, is final. A new domain's endpoint first
    answers otherwise: no DNS name or connection yet, 404, a 5xx, or an HTML page.
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    oauth_answer = isinstance(body, dict) and ("access_token" in body or "error" in body)
    if oauth_answer and response.status_code != 429:  # 429: throttled, try again
        assert isinstance(body, dict)
        return response.status_code, body
    return NotYet(f"HTTP {response.status_code}")


def request_client_credentials_token(
    wb: Workbook, domain: str, client: MachineClient, scope: str
) -> str:
    """An access token from the token endpoint: ``grant_type=client_credentials`` with HTTP
    Basic authentication (``client_id:client_secret``). Returns the token.

    A new domain's endpoint answers only some time after the domain is ACTIVE ("Your prefix
    domain might take up to one minute to take effect", CreateUserPoolDomain): until it
    gives an OAuth answer, it is called again, with backoff, for up to 120 s. Only successful
    token responses are billed, so the retries cost nothing.
    """
    url = token_endpoint(wb, domain)

    def call() -> tuple[int, dict[str, Any]] | NotYet:
        try:
            response = requests.post(
                url,
                data={"grant_type": "client_credentials", "scope": scope},
                auth=(client.id, client.secret),
                timeout=15,
            )
        except requests.RequestException as err:
            logger.info("Token endpoint %s not reachable yet: %s", url, type(err).__name__)
            return NotYet(f"no connection ({type(err).__name__})")
        return _token_answer(response)

    status, body = wait_until(
        call,
        what=f"the token endpoint of domain '{domain}' to answer",
        next_step=(
            f"The endpoint {url} does not answer yet; a new domain can take a few minutes. "
            "Re-run this cell in a minute."
        ),
        deadline_s=TOKEN_ENDPOINT_DEADLINE_S,
        first_delay_s=1.0,
    )
    if "access_token" not in body:
        raise WorkbookError(
            f"The token endpoint answered {status} {body.get('error')!r} for scope {scope!r}. "
            "Check that the client allows this scope (re-run the cells above)."
        )
    return str(body["access_token"])

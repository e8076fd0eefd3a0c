"""The emulator's front door: every request passes ``Gate.check`` before any handler or moto.

In this order (docs/aws-behaviour.md section 25):

1. ``Host`` must be 127.0.0.1, localhost or [::1] with the emulator's port, or the configured
   ``--host``: a page that rebinds its own name to 127.0.0.1 still sends its name, and is
   refused here, data plane included (its invoke URLs are on the same host and port).
2. The data plane (a stage's invoke URL), the JWKS and Cognito's OAuth2 domain endpoints are
   open, as on AWS: browsers and functions call them, and their CORS is the API's own.
3. Everything else (the control plane, ``/_emulator/*``) refuses a request whose ``Origin`` is
   present and not on the allowlist (empty unless ``--allow-origin``): no web page can drive it.
4. Operations AWS serves unsigned (botocore's ``authtype: none``), ``/_emulator/health`` (which
   then says only "ready") and ``/_emulator/proof`` need no signature; everything else must be
   SigV4-signed with the emulator's credentials (awsrules/sigv4.py), else AWS's error in the
   service's protocol.
5. With IAM enforcement (``--enforce-iam``), the access keys of the emulator's IAM users sign
   as well, and each signed call of theirs that needs a signature is authorized against their
   policies (emulator/iam/enforcement.py, docs/aws-behaviour.md section 28). The owner's
   credentials are never evaluated.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum

from werkzeug.wrappers import Request

from awsrules import sigv4
from emulator.gate import open_operations, proof, protocols
from emulator.gate.credentials import Credentials
from emulator.gate.proof import PROOF_PATH
from emulator.iam.enforcement import Enforcement
from emulator.moto_bridge.iam_principals import IamUser
from emulator.wire import request_headers

AUTHENTICATED_KEY = "emulator.authenticated"
"""Set in the environ (True) when the request carried a valid signature (the owner's, or with
IAM enforcement an IAM user's)."""
PRINCIPAL_KEY = "emulator.principal"
"""Set in the environ to the IamUser that signed the request (enforcement on, not the owner)."""
GATE_KEY = "emulator.gate"
"""The gate that let the request in (``/_emulator/proof`` asks it for the proof)."""
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

_DATA_PLANE = re.compile(r"^/restapis/[^/]+/[^/]+/_user_request_(/|$)")
_WELL_KNOWN = re.compile(r"^/[\w-]+_[0-9A-Za-z]+/\.well-known/(jwks\.json|openid-configuration)$")
_OAUTH2_DOMAIN = re.compile(r"^/cognito-domain/")
_OPEN_OPERATIONS = frozenset({("GET", "/_emulator/health"), ("POST", PROOF_PATH)})


class Access(Enum):
    PUBLIC = "public"
    """Open to anyone who reaches the right Host: data plane, JWKS, OAuth2 endpoints."""
    UNSIGNED = "unsigned"
    """No signature needed, but no foreign Origin either."""
    SIGNED = "signed"


def access_of(request: Request) -> Access:
    path = request.path
    if _DATA_PLANE.match(path) or _OAUTH2_DOMAIN.match(path):
        return Access.PUBLIC
    if request.method == "GET" and _WELL_KNOWN.match(path):
        return Access.PUBLIC
    if (request.method, path) in _OPEN_OPERATIONS:
        return Access.UNSIGNED
    if request.method == "POST" and path == "/":
        target = request.headers.get("X-Amz-Target")
        if target is not None:
            if target in open_operations.open_targets():
                return Access.UNSIGNED
        else:
            params = protocols.query_params(request)
            action = (params.get("Version", ""), params.get("Action", ""))
            if action in open_operations.open_query_actions():
                return Access.UNSIGNED
    return Access.SIGNED


class _Secrets(Mapping[str, str]):
    """access key id → secret: the owner's, then (enforcement on) the IAM users' active keys."""

    def __init__(self, owner: Credentials, enforcement: Enforcement | None) -> None:
        self._owner = owner
        self._enforcement = enforcement

    def __getitem__(self, key: str) -> str:
        if key == self._owner.access_key_id:
            return self._owner.secret_access_key
        user = self._enforcement.user_for_key(key) if self._enforcement else None
        if user is None:
            raise KeyError(key)
        return user.secret_access_key

    def __iter__(self) -> Iterator[str]:
        return iter((self._owner.access_key_id,))

    def __len__(self) -> int:
        return 1


@dataclass
class Gate:
    port: int
    host: str
    credentials: Credentials
    allowed_origins: frozenset[str] = frozenset()
    enforcement: Enforcement | None = None
    """IAM enforcement (``--enforce-iam``); None: only the owner's credentials sign."""
    allowed_hosts: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        names = {*LOOPBACK_NAMES, f"[{self.host}]" if ":" in self.host else self.host}
        self.allowed_hosts = frozenset(f"{name}:{self.port}".lower() for name in names)
        self._secrets = _Secrets(self.credentials, self.enforcement)

    @classmethod
    def create(
        cls,
        port: int,
        host: str,
        credentials: Credentials,
        origins: Iterable[str] = (),
        *,
        enforce_iam: bool = False,
    ) -> Gate:
        enforcement = Enforcement() if enforce_iam else None
        return cls(port, host, credentials, frozenset(o.rstrip("/") for o in origins), enforcement)

    def check(self, request: Request) -> None:
        """Raise the AWS-shaped error that refuses ``request``; return when it may pass."""
        request.environ[GATE_KEY] = self
        host = request.headers.get("Host", "")
        if host.lower() not in self.allowed_hosts:
            raise protocols.forbidden(
                protocols.family(request, None),
                f"Host {host!r} is not this emulator's address: it answers only to "
                f"127.0.0.1, localhost or [::1] on port {self.port} (DNS rebinding protection; "
                "emulator/README.md, Security).",
            )
        access = access_of(request)
        if access is Access.PUBLIC:
            return
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/") not in self.allowed_origins:
            raise protocols.forbidden(
                protocols.family(request, None),
                f"Origin {origin!r} may not call the emulator's control plane: a web page "
                "cannot drive it (start it with --allow-origin to allow one; emulator/README.md, "
                "Security).",
            )
        verdict = self.verify(request)
        if not verdict.valid:
            if access is Access.SIGNED:
                raise protocols.auth_error(protocols.family(request, verdict.service), verdict)
            return
        request.environ[AUTHENTICATED_KEY] = True
        user = self._iam_user(request)
        if user is None:
            return
        request.environ[PRINCIPAL_KEY] = user
        if access is Access.SIGNED and self.enforcement is not None:
            self.enforcement.authorize(request, user, verdict.service)

    def _iam_user(self, request: Request) -> IamUser | None:
        """The IAM user whose key signed ``request`` (validly), or None for the owner."""
        if self.enforcement is None:
            return None
        parsed = sigv4.parse_authorization(request.headers.get("Authorization"))
        if not isinstance(parsed, sigv4.Authorization):
            return None
        if parsed.access_key_id == self.credentials.access_key_id:
            return None
        user = self.enforcement.user_for_key(parsed.access_key_id)
        if user is None:  # deactivated since the signature was checked: never the owner's power
            unknown = sigv4.Verdict(sigv4.Outcome.UNKNOWN_KEY, service=parsed.service)
            raise protocols.auth_error(protocols.family(request, parsed.service), unknown)
        return user

    def prove(self, nonce: str) -> str:
        """The ownership proof for a client's nonce (emulator/gate/proof.py)."""
        return proof.answer(self.credentials.secret_access_key, nonce)

    def verify(self, request: Request) -> sigv4.Verdict:
        if "Authorization" not in request.headers:
            return sigv4.Verdict(sigv4.Outcome.MISSING)
        raw_uri = str(request.environ.get("REQUEST_URI") or "")
        raw_path, _, _ = raw_uri.partition("?") if raw_uri else (request.path, "", "")
        signed = sigv4.SignedRequest(
            method=request.method,
            raw_path=raw_path or "/",
            raw_query=str(request.environ.get("QUERY_STRING", "")),
            headers=_headers_with_host(request),
            body=request.get_data(),
        )
        return sigv4.verify(signed, self._secrets, datetime.fromtimestamp(time.time(), UTC))


def _headers_with_host(request: Request) -> tuple[tuple[str, str], ...]:
    headers = request_headers(request)
    if not any(name.lower() == "host" for name, _ in headers):
        headers = (("Host", request.headers.get("Host", "")), *headers)
    return headers


def authenticated(request: Request) -> bool:
    return bool(request.environ.get(AUTHENTICATED_KEY))


def gate_of(request: Request) -> Gate:
    gate = request.environ.get(GATE_KEY)
    if not isinstance(gate, Gate):
        raise RuntimeError("the request did not come through the emulator's gate")
    return gate

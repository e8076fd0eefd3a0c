"""Verifying an AWS Signature Version 4 (``AWS4-HMAC-SHA256``) Authorization header.

Pure computation, no I/O: the caller hands over the request as it came off the wire (method,
raw path, raw query string, the header lines as sent, the body) and the time; ``verify`` says
whether the signature is the one the secret key would have made, and if not, why
(docs/aws-behaviour.md section 25).

The steps are AWS's ("Create a signed AWS API request", IAM User Guide):

1. canonical request: method, canonical URI (the path with dot segments removed, each
   segment URI-encoded again, as botocore's ``SigV4Auth`` does for every service but S3),
   canonical query (each name and value decoded then encoded with RFC 3986's unreserved set,
   sorted), the signed headers (lower-case name, value trimmed and its inner runs of spaces
   collapsed, repeats joined with ``,``), the signed header list, and the payload hash
   (``X-Amz-Content-Sha256`` when it is ``UNSIGNED-PAYLOAD``, otherwise the SHA-256 of the
   body actually received);
2. string to sign: ``AWS4-HMAC-SHA256``, the ``X-Amz-Date``, the credential scope, and the
   SHA-256 of the canonical request;
3. signing key: HMAC-SHA256 chained over ``AWS4`` + secret, date, region, service,
   ``aws4_request`` (``signing_key``, cached: it changes once a day per scope);
4. signature: hex HMAC-SHA256 of the string to sign, compared in constant time.

The request's time must be within 5 minutes of the verifier's clock, as AWS requires.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from urllib.parse import quote, unquote

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_SKEW = timedelta(minutes=5)
"""How far the request's X-Amz-Date may be from the server's clock."""
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_UNRESERVED = "-_.~"
_AMZ_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_PARAMETER = re.compile(r"(Credential|SignedHeaders|Signature)=([^,\s]*)")


class Outcome(Enum):
    VALID = "valid"
    MISSING = "missing"
    """No AWS4-HMAC-SHA256 Authorization header at all."""
    INCOMPLETE = "incomplete"
    """An Authorization header without its Credential, SignedHeaders or Signature."""
    UNKNOWN_KEY = "unknown key"
    """Signed with an access key id the verifier does not know."""
    BAD_SIGNATURE = "bad signature"
    EXPIRED = "expired"
    """X-Amz-Date more than 5 minutes before the verifier's clock."""
    NOT_YET_CURRENT = "not yet current"
    """X-Amz-Date more than 5 minutes after the verifier's clock."""


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    message: str = ""
    """For EXPIRED, NOT_YET_CURRENT and INCOMPLETE: AWS's own sentence."""
    service: str | None = None
    """The service of the credential scope, when the header has one."""

    @property
    def valid(self) -> bool:
        return self.outcome is Outcome.VALID


@dataclass(frozen=True)
class Authorization:
    access_key_id: str
    date: str
    region: str
    service: str
    terminator: str
    signed_headers: tuple[str, ...]
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/{self.terminator}"


@dataclass(frozen=True)
class SignedRequest:
    """A request as received: everything SigV4 signs, nothing decoded."""

    method: str
    raw_path: str
    """The path as sent on the request line (percent-encoding kept)."""
    raw_query: str
    headers: tuple[tuple[str, str], ...]
    """The header lines as sent: (name, value), in order, repeats kept."""
    body: bytes

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name]
        return ",".join(values) if values else None


def parse_authorization(header: str | None) -> Authorization | str | None:
    """The parts of an ``AWS4-HMAC-SHA256`` Authorization header; None when there is none (or
    another scheme); AWS's sentence naming what is missing when it is incomplete."""
    if header is None or not header.startswith(ALGORITHM + " "):
        return None
    found = dict(_PARAMETER.findall(header[len(ALGORITHM) :]))
    missing = [name for name in ("Credential", "SignedHeaders", "Signature") if not found.get(name)]
    credential = found.get("Credential", "").split("/")
    if not missing and len(credential) != 5:
        return (
            f"Credential should be scoped to a valid region. Authorization={header[:200]}"
            if len(credential) > 1
            else f"Authorization header requires 'Credential' parameter. Authorization={header}"
        )
    if missing:
        return (
            " ".join(f"Authorization header requires '{name}' parameter." for name in missing)
            + f" Authorization={header[:200]}"
        )
    access_key_id, date, region, service, terminator = credential
    return Authorization(
        access_key_id=access_key_id,
        date=date,
        region=region,
        service=service,
        terminator=terminator,
        signed_headers=tuple(found["SignedHeaders"].lower().split(";")),
        signature=found["Signature"].lower(),
    )


def remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, and consecutive slashes removed, as AWS services require (botocore's
    ``utils.remove_dot_segments``)."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and kept else ""
    return first + "/".join(kept) + last


def canonical_uri(raw_path: str) -> str:
    """The path with its dot segments removed and encoded once more (``%3A`` → ``%253A``),
    as botocore signs every service but S3."""
    return quote(remove_dot_segments(raw_path), safe="/~")


def canonical_query(raw_query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append(
            (quote(unquote(name), safe=_UNRESERVED), quote(unquote(value), safe=_UNRESERVED))
        )
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def canonical_headers(headers: Iterable[tuple[str, str]], signed: tuple[str, ...]) -> str:
    values: dict[str, list[str]] = {name: [] for name in signed}
    for name, value in headers:
        key = name.lower()
        if key in values:
            values[key].append(" ".join(value.split()))
    return "".join(f"{name}:{','.join(values[name])}\n" for name in signed)


def payload_hash(request: SignedRequest) -> str:
    declared = request.header("x-amz-content-sha256")
    if declared == UNSIGNED_PAYLOAD:
        return UNSIGNED_PAYLOAD
    return hashlib.sha256(request.body).hexdigest() if request.body else EMPTY_SHA256


def canonical_request(request: SignedRequest, signed_headers: tuple[str, ...]) -> str:
    return "\n".join(
        (
            request.method.upper(),
            canonical_uri(request.raw_path),
            canonical_query(request.raw_query),
            canonical_headers(request.headers, signed_headers),
            ";".join(signed_headers),
            payload_hash(request),
        )
    )


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"


@functools.lru_cache(maxsize=128)
def signing_key(secret_access_key: str, date: str, region: str, service: str) -> bytes:
    """The derived key for one day's scope (cached: four HMACs saved on every request)."""
    key = _hmac(("AWS4" + secret_access_key).encode("utf-8"), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return key


def signature(secret_access_key: str, auth: Authorization, to_sign: str) -> str:
    key = signing_key(secret_access_key, auth.date, auth.region, auth.service)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def parse_amz_date(text: str) -> datetime | None:
    """``20261202T120000Z`` as a UTC datetime; None when it is not that form (by hand:
    ``strptime`` costs more than the rest of the verification)."""
    matched = _AMZ_DATE.match(text)
    if matched is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in matched.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def _amz(moment: datetime) -> str:
    return moment.strftime(AMZ_DATE_FORMAT)


def skew_message(signed_at: datetime, now: datetime) -> tuple[Outcome, str] | None:
    """AWS's sentence for a request signed too long ago or too far ahead, else None."""
    if signed_at < now - MAX_SKEW:
        return Outcome.EXPIRED, (
            f"Signature expired: {_amz(signed_at)} is now earlier than "
            f"{_amz(now - MAX_SKEW)} ({_amz(now)} - 5 min.)"
        )
    if signed_at > now + MAX_SKEW:
        return Outcome.NOT_YET_CURRENT, (
            f"Signature not yet current: {_amz(signed_at)} is still later than "
            f"{_amz(now + MAX_SKEW)} ({_amz(now)} + 5 min.)"
        )
    return None


def verify(request: SignedRequest, secrets: Mapping[str, str], now: datetime) -> Verdict:
    """Whether ``request`` carries a valid SigV4 signature by one of ``secrets`` (access key id
    → secret access key) at ``now``; the order of the checks is AWS's: a header at all, its
    parts, the key, the time, then the signature."""
    parsed = parse_authorization(request.header("authorization"))
    if parsed is None:
        return Verdict(Outcome.MISSING)
    if isinstance(parsed, str):
        return Verdict(Outcome.INCOMPLETE, parsed)
    secret = secrets.get(parsed.access_key_id)
    if secret is None or request.header("x-amz-security-token") is not None:
        # A long-term key never comes with a session token; AWS refuses the pair as invalid.
        return Verdict(Outcome.UNKNOWN_KEY, service=parsed.service)
    amz_date = request.header("x-amz-date") or ""
    signed_at = parse_amz_date(amz_date)
    if signed_at is None:
        return Verdict(
            Outcome.INCOMPLETE,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
            parsed.service,
        )
    skew = skew_message(signed_at, now)
    if skew is not None:
        return Verdict(skew[0], skew[1], parsed.service)
    if parsed.date != amz_date[:8]:
        return Verdict(
            Outcome.BAD_SIGNATURE,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
            f"from HTTP: '{parsed.date}' != '{amz_date[:8]}', from '{amz_date}'.",
            parsed.service,
        )
    canonical = canonical_request(request, parsed.signed_headers)
    expected = signature(secret, parsed, string_to_sign(amz_date, parsed.scope, canonical))
    if not hmac.compare_digest(expected, parsed.signature):
        return Verdict(Outcome.BAD_SIGNATURE, service=parsed.service)
    return Verdict(Outcome.VALID, service=parsed.service)

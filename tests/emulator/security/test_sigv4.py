"""awsrules.sigv4 against botocore's own signer: what boto3 signs verifies, anything else is
refused with the reason AWS gives (docs/aws-behaviour.md 25.1; IAM User Guide, "Create a
signed AWS API request"; botocore/auth.py SigV4Auth)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from awsrules import sigv4

KEY, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
NOW = dt.datetime(2026, 12, 2, 12, 0, 0, tzinfo=dt.UTC)


def signed(
    method: str = "POST",
    url: str = "http://127.0.0.1:4577/",
    body: bytes = b'{"MaxResults": 1}',
    headers: dict[str, str] | None = None,
    secret: str = SECRET,
    at: dt.datetime = NOW,
) -> sigv4.SignedRequest:
    request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    signer = botocore.auth.SigV4Auth(Credentials(KEY, secret), "cognito-idp", "us-east-1")
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: at):
        signer.add_auth(request)
    path, _, query = url.split("127.0.0.1:4577", 1)[1].partition("?")
    header_pairs = (("Host", "127.0.0.1:4577"), *request.headers.items())
    return sigv4.SignedRequest(method, path or "/", query, tuple(header_pairs), body)


def test_a_request_botocore_signed_verifies() -> None:
    assert sigv4.verify(signed(), {KEY: SECRET}, NOW).outcome is sigv4.Outcome.VALID


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:4577/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations",
        "http://127.0.0.1:4577/restapis?limit=25&position=a%2Fb",
        "http://127.0.0.1:4577/restapis/a/../b//c/",
    ],
)
def test_encoded_paths_and_queries_verify_as_botocore_canonicalises_them(url: str) -> None:
    request = signed("GET", url, b"")
    assert sigv4.verify(request, {KEY: SECRET}, NOW).outcome is sigv4.Outcome.VALID


def test_unsigned_payload_form_of_x_amz_content_sha256_verifies() -> None:
    request = signed(headers={"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"})
    assert sigv4.verify(request, {KEY: SECRET}, NOW).outcome is sigv4.Outcome.VALID


def test_a_changed_body_is_a_bad_signature() -> None:
    request = signed()
    tampered = sigv4.SignedRequest(
        request.method, request.raw_path, request.raw_query, request.headers, b"{}"
    )
    assert sigv4.verify(tampered, {KEY: SECRET}, NOW).outcome is sigv4.Outcome.BAD_SIGNATURE


def test_a_wrong_secret_is_a_bad_signature_and_an_unknown_key_is_unknown() -> None:
    assert sigv4.verify(signed(secret="x" * 40), {KEY: SECRET}, NOW).outcome is (
        sigv4.Outcome.BAD_SIGNATURE
    )
    assert sigv4.verify(signed(), {"AKIAOTHER": SECRET}, NOW).outcome is sigv4.Outcome.UNKNOWN_KEY


def test_no_authorization_header_is_missing() -> None:
    request = sigv4.SignedRequest("GET", "/", "", (("Host", "127.0.0.1:4577"),), b"")
    assert sigv4.verify(request, {KEY: SECRET}, NOW).outcome is sigv4.Outcome.MISSING


def test_a_signature_over_5_minutes_old_is_expired_with_awss_sentence() -> None:
    """AWS: "Signature expired: 20140325T143453Z is now earlier than ... (... - 5 min.)"
    (aws/aws-sdk-js#254, hassy/artillery-dino#2)."""
    verdict = sigv4.verify(signed(at=NOW - dt.timedelta(minutes=6)), {KEY: SECRET}, NOW)
    assert (verdict.outcome, verdict.message) == (
        sigv4.Outcome.EXPIRED,
        "Signature expired: 20261202T115400Z is now earlier than 20261202T115500Z "
        "(20261202T120000Z - 5 min.)",
    )


def test_a_signature_over_5_minutes_ahead_is_not_yet_current() -> None:
    verdict = sigv4.verify(signed(at=NOW + dt.timedelta(minutes=6)), {KEY: SECRET}, NOW)
    assert verdict.outcome is sigv4.Outcome.NOT_YET_CURRENT
    assert verdict.message.startswith("Signature not yet current: 20261202T120600Z")


def test_within_the_5_minute_skew_is_valid() -> None:
    request = signed(at=NOW - dt.timedelta(minutes=4, seconds=59))
    assert sigv4.verify(request, {KEY: SECRET}, NOW).outcome is sigv4.Outcome.VALID


def test_an_authorization_header_without_its_signature_is_incomplete() -> None:
    header = f"AWS4-HMAC-SHA256 Credential={KEY}/20261202/us-east-1/lambda/aws4_request"
    request = sigv4.SignedRequest("GET", "/", "", (("Authorization", header),), b"")
    verdict = sigv4.verify(request, {KEY: SECRET}, NOW)
    assert verdict.outcome is sigv4.Outcome.INCOMPLETE
    assert "Authorization header requires 'SignedHeaders' parameter." in verdict.message


def test_the_derived_signing_key_is_cached() -> None:
    sigv4.signing_key.cache_clear()
    for _ in range(3):
        sigv4.verify(signed(), {KEY: SECRET}, NOW)
    assert sigv4.signing_key.cache_info().hits >= 2

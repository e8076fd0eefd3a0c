"""The emulator's front door on the wire: unsigned, wrong-key, wrong-signature and stale
calls get AWS's error in the service's own protocol; what AWS serves unsigned stays open;
no web page (foreign Origin, foreign Host) reaches the control plane; no CORS is invented.

Sources (docs/aws-behaviour.md section 25): AWS Common Errors (IAM/STS API Reference:
MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch; CloudWatch Logs /
Lambda: UnrecognizedClientException, InvalidSignatureException), moto/core/exceptions.py
(SignatureDoesNotMatchError, InvalidClientTokenIdError messages), botocore's models
(``authtype: none``).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from emulator.gate.credentials import Credentials
from emulator.process import auth_for, credentials_for
from tests.emulator.conftest import Stack
from tests.emulator.security.signing import send

JSON11 = "application/x-amz-json-1.1"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)
INVALID_TOKEN = "The security token included in the request is invalid."


@dataclass(frozen=True)
class Call:
    service: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    xml: bool = False
    status: int = 403  # REST-JSON and Query; JSON 1.1 services answer 400


CALLS = {
    "lambda": Call("lambda", "GET", "/2015-03-31/functions/", {}, b""),
    "apigateway": Call("apigateway", "GET", "/restapis", {}, b""),
    "cognito-idp": Call(
        "cognito-idp",
        "POST",
        "/",
        {
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
            "Content-Type": JSON11,
        },
        b'{"MaxResults": 1}',
        status=400,
    ),
    "logs": Call(
        "logs",
        "POST",
        "/",
        {"X-Amz-Target": "Logs_20140328.DescribeLogGroups", "Content-Type": JSON11},
        b"{}",
        status=400,
    ),
    "iam": Call(
        "iam", "POST", "/", {"Content-Type": FORM}, b"Action=ListRoles&Version=2010-05-08", True
    ),
    "sts": Call(
        "sts",
        "POST",
        "/",
        {"Content-Type": FORM},
        b"Action=GetCallerIdentity&Version=2011-06-15",
        True,
    ),
}


def error_of(response: requests.Response, call: Call) -> tuple[int, str, str]:
    """(status, code, message) as botocore's parser for the protocol would read them."""
    if call.xml:
        root = ET.fromstring(response.content)
        namespace = root.tag.split("}")[0] + "}"
        error = root.find(f"{namespace}Error")
        assert error is not None
        code = error.findtext(f"{namespace}Code") or ""
        message = error.findtext(f"{namespace}Message") or ""
        return response.status_code, code, message
    body = json.loads(response.content)
    code = response.headers.get("x-amzn-ErrorType") or body.get("__type", "")
    return response.status_code, code, body.get("message") or body.get("Message", "")


def codes(call: Call, json_code: str, query_code: str) -> str:
    return query_code if call.xml else json_code


@pytest.mark.parametrize("name", sorted(CALLS))
def test_unsigned_call_gets_missing_authentication_token_in_its_protocol(
    emulator_url: str, name: str
) -> None:
    """AWS: MissingAuthenticationTokenException "Missing Authentication Token" (JSON, REST);
    MissingAuthenticationToken "Request is missing Authentication Token" (IAM/STS Query, 403;
    aws/aws-sdk-php#3246, cert-manager/aws-privateca-issuer#40)."""
    call = CALLS[name]
    response = send(
        call.method,
        emulator_url + call.path,
        service=call.service,
        credentials=None,
        body=call.body,
        headers=call.headers,
    )
    message = (
        "Request is missing Authentication Token" if call.xml else "Missing Authentication Token"
    )
    code = codes(call, "MissingAuthenticationTokenException", "MissingAuthenticationToken")
    assert error_of(response, call) == (call.status, code, message)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_unknown_access_key_gets_unrecognized_client_or_invalid_client_token_id(
    emulator_url: str, name: str
) -> None:
    """AWS: UnrecognizedClientException (JSON, REST), InvalidClientTokenId (Query), "The
    security token included in the request is invalid." (moto InvalidClientTokenIdError)."""
    call = CALLS[name]
    response = send(
        call.method,
        emulator_url + call.path,
        service=call.service,
        credentials=Credentials("AKIAEXAMPLEWRONGKEY0", "testing"),
        body=call.body,
        headers=call.headers,
    )
    code = codes(call, "UnrecognizedClientException", "InvalidClientTokenId")
    assert error_of(response, call) == (call.status, code, INVALID_TOKEN)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_wrong_signature_gets_invalid_signature_or_signature_does_not_match(
    emulator_url: str, name: str
) -> None:
    """AWS: InvalidSignatureException (JSON, REST), SignatureDoesNotMatch (Query), with the
    message of moto's SignatureDoesNotMatchError. The body is changed after signing."""
    call = CALLS[name]
    body = call.body or b"{}"
    response = send(
        call.method,
        emulator_url + call.path,
        service=call.service,
        credentials=credentials_for(emulator_url),
        body=body,
        headers=call.headers,
        tamper=True,
    )
    code = codes(call, "InvalidSignatureException", "SignatureDoesNotMatch")
    assert error_of(response, call) == (call.status, code, SIGNATURE_MISMATCH)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_stale_x_amz_date_gets_signature_expired(emulator_url: str, name: str) -> None:
    """AWS: "Signature expired: <date> is now earlier than <now - 5 min> (<now> - 5 min.)",
    InvalidSignatureException / SignatureDoesNotMatch (aws/aws-sdk-js#254)."""
    call = CALLS[name]
    response = send(
        call.method,
        emulator_url + call.path,
        service=call.service,
        credentials=credentials_for(emulator_url),
        body=call.body,
        headers=call.headers,
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10),
    )
    status, code, message = error_of(response, call)
    assert (status, code) == (
        call.status,
        codes(call, "InvalidSignatureException", "SignatureDoesNotMatch"),
    )
    assert message.startswith("Signature expired: ") and message.endswith(" - 5 min.)")


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_call_signed_with_the_emulators_credentials_is_answered(
    emulator_url: str, name: str
) -> None:
    call = CALLS[name]
    response = send(
        call.method,
        emulator_url + call.path,
        service=call.service,
        credentials=credentials_for(emulator_url),
        body=call.body,
        headers=call.headers,
    )
    assert response.status_code == 200, response.text


def test_boto3_sees_awss_error_codes_for_foreign_keys(emulator_url: str) -> None:
    foreign = boto3.Session(
        region_name="us-east-1",
        aws_access_key_id="AKIAFOREIGN000000000",
        aws_secret_access_key="testing",
    )
    seen = []
    calls: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("lambda", "list_functions", {}),
        ("cognito-idp", "list_user_pools", {"MaxResults": 1}),
        ("sts", "get_caller_identity", {}),
    )
    for service, operation, params in calls:
        client: Any = foreign.client(service, endpoint_url=emulator_url)
        with pytest.raises(ClientError) as raised:
            getattr(client, operation)(**params)
        seen.append(raised.value.response["Error"]["Code"])
    assert seen == [
        "UnrecognizedClientException",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
    ]


def test_operations_aws_serves_unsigned_stay_open_unsigned(emulator_url: str) -> None:
    """botocore's cognito-idp model: InitiateAuth, SignUp, GetUser ... are ``authtype:
    none``: unsigned, they reach Cognito (here: an unknown client id), not the gate."""
    for action, body in (
        (
            "InitiateAuth",
            {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "nope", "AuthParameters": {}},
        ),
        ("SignUp", {"ClientId": "nope", "Username": "u", "Password": "Passw0rd!"}),
    ):
        response = requests.post(
            emulator_url + "/",
            data=json.dumps(body),
            headers={
                "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}",
                "Content-Type": JSON11,
            },
            timeout=10,
        )
        assert json.loads(response.content).get("__type") not in (
            "MissingAuthenticationTokenException",
            None,
        ), response.text


def test_jwks_and_the_data_plane_stay_open_unsigned(stack: Stack) -> None:
    """A stage's invoke URL and a pool's JWKS are public on AWS: no SigV4 (the data plane's
    own authorizers decide), and no CORS headers the API did not configure."""
    jwks = requests.get(f"{stack.url}/{stack.pool_id}/.well-known/jwks.json", timeout=10)
    data = stack.get(headers={"Origin": "https://page.example"})
    assert (jwks.status_code, data.status_code) == (200, 200)
    assert "keys" in jwks.json()
    assert not any(name.lower().startswith("access-control") for name in data.headers)


def test_emulator_reset_without_credentials_is_refused(emulator_url: str) -> None:
    response = requests.post(f"{emulator_url}/_emulator/reset", timeout=10)
    assert (response.status_code, response.headers["x-amzn-ErrorType"]) == (
        403,
        "MissingAuthenticationTokenException",
    )


def test_unsigned_health_reveals_nothing_but_ready(emulator_url: str) -> None:
    assert requests.get(f"{emulator_url}/_emulator/health", timeout=10).json() == {
        "status": "ready"
    }


@pytest.mark.parametrize(
    ("path", "headers", "body"),
    [
        ("/_emulator/reset", {"Content-Type": "text/plain"}, b""),
        ("/2015-03-31/functions/f/invocations", {"Content-Type": "text/plain"}, b"{}"),
        (
            "/",
            {
                "Content-Type": "text/plain",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
            },
            b"{}",
        ),
    ],
    ids=["reset", "lambda-invoke", "list-user-pools"],
)
def test_cross_origin_post_is_refused_even_when_signed(
    emulator_url: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    """A page's simple POST (text/plain, no preflight) carries its Origin: refused with 403
    before any handler, whatever it carries; and no Access-Control-Allow-Origin comes back."""
    for auth in (None, auth_for(emulator_url)):
        response = requests.post(
            emulator_url + path,
            data=body,
            headers={**headers, "Origin": "https://evil.example"},
            auth=auth,
            timeout=10,
        )
        assert (response.status_code, response.headers.get("x-amzn-ErrorType")) == (
            403,
            "ForbiddenException",
        )
        assert "Access-Control-Allow-Origin" not in response.headers


def test_no_access_control_allow_origin_is_echoed_by_moto_behind_the_gate() -> None:
    """moto's server wraps every service in flask_cors' CORS(app), which echoes any Origin
    (moto/moto_server/werkzeug_app.py create_backend_app); AWS's control plane sends no CORS
    headers, so the bridge turns it off. Asked directly, with an Origin, moto adds none."""
    from werkzeug.test import EnvironBuilder

    from emulator.moto_bridge import server as moto_server

    credential = "Credential=AKIAX/20260101/us-east-1/apigateway/aws4_request"
    headers = {
        "Origin": "https://evil.example",
        "Authorization": f"AWS4-HMAC-SHA256 {credential}, SignedHeaders=host, Signature=0",
    }
    for method in ("GET", "OPTIONS"):
        environ = EnvironBuilder(
            path="/restapis", method=method, headers=list(headers.items())
        ).get_environ()
        answer = moto_server.call(environ, b"")
        assert not [name for name, _ in answer.headers if name.lower().startswith("access-control")]


@pytest.mark.parametrize(
    "path", ["/restapis", "/restapis/abc/dev/_user_request_/users", "/_emulator/health"]
)
def test_foreign_host_is_refused_on_every_plane(emulator_url: str, path: str) -> None:
    """DNS rebinding: the page's own name, resolved to 127.0.0.1, is in the Host header."""
    port = urlsplit(emulator_url).port
    response = requests.get(
        emulator_url + path, headers={"Host": f"rebind.evil.example:{port}"}, timeout=10
    )
    assert (response.status_code, response.headers.get("x-amzn-ErrorType")) == (
        403,
        "ForbiddenException",
    )


def test_loopback_names_with_the_port_are_served(emulator_url: str) -> None:
    port = urlsplit(emulator_url).port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        response = requests.get(
            f"{emulator_url}/_emulator/health", headers={"Host": host}, timeout=10
        )
        assert response.status_code == 200, host
    wrong_port = requests.get(
        f"{emulator_url}/_emulator/health", headers={"Host": "localhost:1"}, timeout=10
    )
    assert wrong_port.status_code == 403

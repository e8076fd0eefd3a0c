"""What differs on the AWS backend, checked offline with botocore's Stubber.

The helpers make the same calls on both backends; only the endpoint, the invoke URL form,
the JWKS URL and the credential handling differ.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from emulator.gate.credentials import Credentials, write_credentials_file
from helpers import apigateway, backend, cognito, waits
from helpers.backend import NO_EMULATOR_CREDENTIALS, Workbook, connect, get_caller_identity
from helpers.config import WorkbookConfig, load_config
from helpers.errors import WorkbookError

AWS_CONFIG = WorkbookConfig(
    backend="aws", region="eu-west-1", prefix="alice", emulator_url="http://127.0.0.1:4577"
)


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """An environment where the credential chain finds nothing (and asks no metadata service)."""
    for key in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def aws_wb() -> Workbook:
    session = boto3.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="eu-west-1"
    )
    return Workbook(AWS_CONFIG, session)


@pytest.fixture
def stubbed_apigateway(aws_wb: Workbook) -> Iterator[Stubber]:
    with Stubber(aws_wb.client("apigateway")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_aws_clients_use_aws_endpoints(aws_wb: Workbook) -> None:
    assert aws_wb.client("apigateway").meta.endpoint_url == (
        "https://apigateway.eu-west-1.amazonaws.com"
    )


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_API_GATEWAY"])
def test_a_configured_endpoint_url_does_not_leak_into_the_aws_backend(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # e.g. left over from `export AWS_ENDPOINT_URL=http://127.0.0.1:4577` (README, the emulator)
    monkeypatch.setenv(variable, "http://127.0.0.1:4577")
    session = boto3.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="eu-west-1"
    )
    client = Workbook(AWS_CONFIG, session).client("apigateway")
    assert client.meta.endpoint_url == "https://apigateway.eu-west-1.amazonaws.com"


def test_the_local_backend_keeps_the_emulator_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    wb = connect(load_config({"WORKBOOK_PREFIX": "alice"}), start_emulator=False)
    assert wb.client("apigateway").meta.endpoint_url == "http://127.0.0.1:4577"


def test_aws_invoke_url_is_the_execute_api_form(aws_wb: Workbook) -> None:
    assert apigateway.invoke_url(aws_wb, "a1b2c3d4e5") == (
        "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev/users"
    )


def test_deployment_on_aws_reports_the_execute_api_url(
    aws_wb: Workbook, stubbed_apigateway: Stubber
) -> None:
    stubbed_apigateway.add_response(
        "create_deployment",
        {"id": "dep123"},
        {"restApiId": "a1b2c3d4e5", "stageName": "dev", "description": "open"},
    )
    deployment = apigateway.create_deployment(aws_wb, "a1b2c3d4e5", "open")
    assert (
        deployment.invoke_url == "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/dev/users"
    )


def test_throttled_deployment_is_retried(
    aws_wb: Workbook, stubbed_apigateway: Stubber, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr("time.sleep", sleeps.append)
    params = {"restApiId": "a1b2c3d4e5", "stageName": "dev", "description": "open"}
    # Stubber answers before botocore's own retries run, so each error reaches our retry.
    for _ in range(3):
        stubbed_apigateway.add_client_error(
            "create_deployment",
            "TooManyRequestsException",
            "Too Many Requests",
            429,
            expected_params=params,
        )
    stubbed_apigateway.add_response("create_deployment", {"id": "dep123"}, params)
    assert apigateway.create_deployment(aws_wb, "a1b2c3d4e5", "open").id == "dep123"
    assert sleeps == [2.0, 4.0, 8.0]


def test_aws_jwks_url_is_the_cognito_idp_form(aws_wb: Workbook) -> None:
    assert cognito.jwks_url(aws_wb, "eu-west-1_AbCdEfGhI") == (
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI/.well-known/jwks.json"
    )


@pytest.mark.usefixtures("no_credentials")
def test_no_credentials_gives_a_friendly_message() -> None:
    with pytest.raises(WorkbookError, match=r"No AWS credentials were found\. .*aws configure sso"):
        connect(AWS_CONFIG)


@pytest.mark.usefixtures("no_credentials")
def test_unknown_profile_gives_a_friendly_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "workshop")
    with pytest.raises(WorkbookError, match=r"could not be loaded .*workshop.*AWS_PROFILE"):
        connect(AWS_CONFIG)


def test_expired_credentials_give_a_friendly_message(aws_wb: Workbook) -> None:
    with Stubber(aws_wb.client("sts")) as stubber:
        stubber.add_client_error(
            "get_caller_identity",
            "ExpiredToken",
            "The security token included in the request is expired",
            403,
        )
        with pytest.raises(
            WorkbookError, match=r"AWS rejected your credentials \(ExpiredToken\)\. .*AWS_PROFILE"
        ):
            get_caller_identity(aws_wb)


def test_missing_region_on_aws_says_which_variable_to_set(
    no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    config = WorkbookConfig(backend="aws", region=None, prefix="alice", emulator_url="")
    session = boto3.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
    with pytest.raises(WorkbookError, match="Set WORKBOOK_REGION"):
        _ = Workbook(config, session).region


def test_local_backend_never_uses_real_credentials(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With no emulator's credentials known, the local backend signs with keys no emulator
    (and no AWS account) accepts: never the learner's real ones from the environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("WORKBOOK_STATE_DIR", str(tmp_path))
    wb = connect(load_config({"WORKBOOK_PREFIX": "alice"}), start_emulator=False)
    credentials = wb.session.get_credentials()
    assert credentials is not None
    assert credentials.access_key == NO_EMULATOR_CREDENTIALS.access_key_id


def test_local_backend_signs_with_the_emulators_credentials_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    file = tmp_path / "credentials"
    write_credentials_file(file, Credentials("AKIAEMULATOR00000000", "s" * 40))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(file))
    monkeypatch.setenv("AWS_PROFILE", "emulator")
    wb = connect(load_config({"WORKBOOK_PREFIX": "alice"}), start_emulator=False)
    credentials = wb.session.get_credentials()
    assert credentials is not None
    assert (credentials.access_key, credentials.secret_key) == ("AKIAEMULATOR00000000", "s" * 40)


def test_aws_prefix_comes_from_workbook_prefix_sanitised() -> None:
    config = load_config({"WORKBOOK_BACKEND": "aws", "WORKBOOK_PREFIX": "Team 7/Alice"})
    assert config.prefix == "team-7-alice"


def test_botocores_own_retries_show_on_the_learners_line_until_the_call_returns(
    aws_wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(waits, "PROGRESS", waits.Progress(stream))
    client = aws_wb.client("apigateway")
    operation = client.meta.service_model.operation_model("CreateDeployment")
    throttled: dict[str, object] = {
        "Error": {"Code": "TooManyRequestsException", "Message": "Too Many Requests"}
    }
    # Only our hook: botocore's own retry handler would also decide (and sleep).
    backend._show_botocore_retry(response=(object(), throttled), attempts=1, operation=operation)
    line = "CreateDeployment: TooManyRequestsException, botocore retries (attempt 2)…"
    assert stream.getvalue() == f"\r{line}"
    backend._after_call(http_response=object(), parsed={"id": "dep1"}, model=operation)
    assert stream.getvalue() == f"\r{line}\r{' ' * len(line)}\r"


def test_an_error_botocore_does_not_retry_shows_no_line(
    aws_wb: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(waits, "PROGRESS", waits.Progress(stream))
    operation = aws_wb.client("apigateway").meta.service_model.operation_model("GetMethod")
    not_found: dict[str, object] = {"Error": {"Code": "NotFoundException", "Message": "none"}}
    backend._show_botocore_retry(response=(object(), not_found), attempts=1, operation=operation)
    assert stream.getvalue() == ""

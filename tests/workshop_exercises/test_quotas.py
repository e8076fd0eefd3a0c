"""The workshop's quota preflight (helpers/quotas.py) and the emulator's Service Quotas answers
(emulator/servicequotas/quotas.py; docs/aws-behaviour.md section 30)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from helpers import quotas
from helpers.backend import Workbook
from helpers.errors import WorkbookError


def _client(wb: Workbook, region: str = "us-east-1") -> Any:
    return wb.session.client("service-quotas", region_name=region, endpoint_url=wb.endpoint_url)


@pytest.mark.parametrize(
    ("service_code", "quota_code", "value", "adjustable"),
    [
        ("cognito-idp", "L-66E6DF30", 1000.0, True),
        ("apigateway", "L-AA0FF27B", 600.0, False),
        ("lambda", "L-B99A9384", 1000.0, True),
        ("iam", "L-FE177D64", 1000.0, True),
    ],
)
def test_get_service_quota_answers_the_documented_default(
    shared_wb: Workbook, service_code: str, quota_code: str, value: float, adjustable: bool
) -> None:
    """30.3-30.6: the emulator's applied value is AWS's default (no one raises it there)."""
    quota = _client(shared_wb).get_service_quota(ServiceCode=service_code, QuotaCode=quota_code)
    assert {k: quota["Quota"][k] for k in ("QuotaCode", "Value", "Adjustable", "QuotaArn")} == {
        "QuotaCode": quota_code,
        "Value": value,
        "Adjustable": adjustable,
        "QuotaArn": f"arn:aws:servicequotas:us-east-1:123456789012:{service_code}/{quota_code}",
    }


def test_get_aws_default_service_quota_answers_the_default(shared_wb: Workbook) -> None:
    quota = _client(shared_wb).get_aws_default_service_quota(
        ServiceCode="cognito-idp", QuotaCode="L-66E6DF30"
    )
    assert (quota["Quota"]["QuotaName"], quota["Quota"]["Value"]) == (
        "User pools per account",
        1000.0,
    )


def test_an_unknown_quota_code_is_no_such_resource_exception(shared_wb: Workbook) -> None:
    """30.2: AWS answers NoSuchResourceException for a quota it does not know."""
    with pytest.raises(ClientError) as raised:
        _client(shared_wb).get_service_quota(ServiceCode="lambda", QuotaCode="L-00000000")
    assert (
        raised.value.response["Error"]["Code"],
        raised.value.response["ResponseMetadata"]["HTTPStatusCode"],
    ) == ("NoSuchResourceException", 400)


def test_read_quota_falls_back_to_the_default_when_none_was_applied(shared_wb: Workbook) -> None:
    client = _client(shared_wb)
    params = {"ServiceCode": "lambda", "QuotaCode": "L-B99A9384"}
    with Stubber(client) as stub:
        stub.add_client_error(
            "get_service_quota", "NoSuchResourceException", expected_params=params
        )
        stub.add_response(
            "get_aws_default_service_quota",
            {"Quota": {"QuotaCode": "L-B99A9384", "Value": 1000.0, "Adjustable": True}},
            params,
        )
        value = quotas.read_quota(client, "lambda", "L-B99A9384")
    assert value == quotas.QuotaValue(1000, adjustable=True, applied=False)


def test_read_quota_raises_other_errors(shared_wb: Workbook) -> None:
    client = _client(shared_wb)
    with Stubber(client) as stub, pytest.raises(ClientError):
        stub.add_client_error("get_service_quota", "AccessDeniedException")
        quotas.read_quota(client, "lambda", "L-B99A9384")


def test_the_course_needs_2_pools_1_api_2_roles_and_2_functions_per_participant() -> None:
    """helpers/config.py ResourceNames: user_pool and attacker_pool, rest_api, role and
    authorizer_role, function and authorizer_function."""
    assert {n.quota_code: n.per_participant for n in quotas.NEEDS} == {
        "L-66E6DF30": 2,
        "L-AA0FF27B": 1,
        "L-B99A9384": 2,
        "L-FE177D64": 2,
    }


def test_preflight_counts_what_is_in_use(wb: Workbook) -> None:
    from helpers import apigateway, cognito

    def in_use() -> dict[str, int]:
        return {row.need.quota_code: row.in_use or 0 for row in quotas.preflight(wb, 1)}

    before = in_use()
    cognito.create_user_pool(wb)
    apigateway.create_rest_api(wb)
    after = in_use()
    assert {code: after[code] - before[code] for code in ("L-66E6DF30", "L-AA0FF27B")} == {
        "L-66E6DF30": 1,
        "L-AA0FF27B": 1,
    }


def test_preflight_says_ok_for_20_participants_on_the_emulator(shared_wb: Workbook) -> None:
    rows = quotas.preflight(shared_wb, 20)
    assert [(row.needed, row.ok) for row in rows] == [
        (40, True),
        (20, True),
        (40, True),
        (40, True),
    ]


def test_preflight_says_raise_with_the_console_link_for_601_participants(
    shared_wb: Workbook,
) -> None:
    rows = {row.need.quota_code: row for row in quotas.preflight(shared_wb, 601)}
    pools = rows["L-66E6DF30"]
    assert (pools.ok, quotas.verdict(rows["L-AA0FF27B"]).startswith("RAISE (not adjustable")) == (
        False,
        True,
    )
    assert quotas.verdict(pools).endswith(
        "https://us-east-1.console.aws.amazon.com/servicequotas/home/services/cognito-idp/quotas/L-66E6DF30"
    )


def test_main_exits_1_when_a_quota_must_be_raised(
    emulator_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = quotas.main(["--participants", "600", "--region", "us-east-1"])
    out = capsys.readouterr().out
    assert (status, "RAISE" in out, "at least 300 min 0 s" in out) == (1, True, True)


def test_main_exits_0_when_every_quota_fits(emulator_url: str) -> None:
    assert quotas.main(["--participants", "2"]) == 0


def test_fewer_than_one_participant_is_refused(shared_wb: Workbook) -> None:
    with pytest.raises(WorkbookError, match="at least 1"):
        quotas.preflight(shared_wb, 0)

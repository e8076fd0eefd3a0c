"""GetServiceQuota and GetAWSDefaultServiceQuota for the quotas a workshop preflight reads
(docs/aws-behaviour.md section 30; ``python -m helpers.quotas``).

moto 5.2.5 knows only the ``vpc`` quotas for GetServiceQuota and has no
GetAWSDefaultServiceQuota at all (30.1). The emulator answers, for the four quotas in
``DEFAULT_QUOTAS``, AWS's documented default values; nobody can raise a quota on the emulator,
so the applied value is the default. Any other quota: 400 ``NoSuchResourceException``, as AWS
answers for an unknown quota code (30.2). Both operations use the JSON 1.1 protocol, target
prefix ``ServiceQuotasV20190624.``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.errors import AwsError, Protocol
from emulator.moto_bridge import ACCOUNT_ID
from emulator.wire import json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

TARGET_PREFIX = "ServiceQuotasV20190624."
CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass(frozen=True)
class DefaultQuota:
    service_code: str
    service_name: str
    quota_code: str
    quota_name: str
    value: float
    adjustable: bool
    global_quota: bool = False


DEFAULT_QUOTAS: tuple[DefaultQuota, ...] = (
    DefaultQuota(
        "cognito-idp",
        "Amazon Cognito User Pools",
        "L-66E6DF30",
        "User pools per account",
        1000.0,
        adjustable=True,
    ),
    DefaultQuota(
        "apigateway",
        "Amazon API Gateway",
        "L-AA0FF27B",
        "Regional APIs",
        600.0,
        adjustable=False,
    ),
    DefaultQuota(
        "lambda", "AWS Lambda", "L-B99A9384", "Concurrent executions", 1000.0, adjustable=True
    ),
    DefaultQuota(
        "iam",
        "AWS Identity and Access Management (IAM)",
        "L-FE177D64",
        "Roles per account",
        1000.0,
        adjustable=True,
        global_quota=True,
    ),
)
"""docs/aws-behaviour.md 30.3-30.6: the values and codes, with their sources."""


def _find(service_code: str, quota_code: str) -> DefaultQuota:
    for quota in DEFAULT_QUOTAS:
        if (quota.service_code, quota.quota_code) == (service_code, quota_code):
            return quota
    raise AwsError(
        400,
        "NoSuchResourceException",
        f"The request failed because the specified quota {quota_code} of service "
        f"{service_code} does not exist.",
        Protocol.COGNITO,
    )


def _shape(quota: DefaultQuota, region: str) -> dict[str, Any]:
    """A ``ServiceQuota`` as botocore's model names its members."""
    return {
        "ServiceCode": quota.service_code,
        "ServiceName": quota.service_name,
        "QuotaArn": (
            f"arn:aws:servicequotas:{region}:{ACCOUNT_ID}:{quota.service_code}/{quota.quota_code}"
        ),
        "QuotaCode": quota.quota_code,
        "QuotaName": quota.quota_name,
        "Value": quota.value,
        "Unit": "None",
        "Adjustable": quota.adjustable,
        "GlobalQuota": quota.global_quota,
    }


def _codes(request: Request) -> tuple[str, str]:
    body = json_body(request)
    service_code, quota_code = body.get("ServiceCode"), body.get("QuotaCode")
    if not isinstance(service_code, str) or not isinstance(quota_code, str):
        raise AwsError(
            400,
            "ValidationException",
            "ServiceCode and QuotaCode are required strings.",
            Protocol.COGNITO,
        )
    return service_code, quota_code


def get_quota(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """GetServiceQuota and GetAWSDefaultServiceQuota: ``{"Quota": {...}}`` (30.1)."""
    quota = _find(*_codes(request))
    body = json.dumps({"Quota": _shape(quota, region_of(request))}).encode()
    return Answer(200, (("Content-Type", CONTENT_TYPE),), body)

"""A workshop's preflight: do the account's quotas fit N participants?

    python -m helpers.quotas --participants 20 [--region eu-west-1]

The facilitator runs it with admin credentials (``WORKBOOK_BACKEND=aws``; on the local backend
it reads the emulator's answers). For each quota the course consumes it prints what N
participants need, the quota (``servicequotas:GetServiceQuota``, the applied value, falling
back to ``GetAWSDefaultServiceQuota`` when no value was ever applied), what is in use where an
API counts it, what is left, and OK or RAISE with the console page to request an increase.
Exit status 1 when any quota must be raised. docs/aws-behaviour.md section 30 has the codes,
the defaults and their sources.

Per participant the course creates (helpers/config.py ``ResourceNames``): 2 user pools
(``user_pool``, ``attacker_pool``), 1 REST API (``rest_api``, regional), 2 IAM roles (``role``,
``authorizer_role``) and 2 functions (``function``, ``authorizer_function``), which may run at
the same time.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from helpers.backend import Workbook, connect
from helpers.config import load_config
from helpers.errors import WorkbookError, error_code
from helpers.waits import retry_throttled

GLOBAL_REGION = "us-east-1"
"""Where Service Quotas answers for global quotas (IAM) in the aws partition (30.2)."""
DELETE_REST_API_INTERVAL_S = 30
"""DeleteRestApi: 1 request every 30 s per account (docs/aws-behaviour.md 21.9)."""


@dataclass(frozen=True)
class QuotaNeed:
    """One quota the course consumes, and how to count its use."""

    label: str
    service_code: str
    quota_code: str
    per_participant: int
    in_use: Callable[[Workbook], int] | None
    global_quota: bool = False


@dataclass(frozen=True)
class QuotaValue:
    value: int
    adjustable: bool
    applied: bool
    """True: the account's applied value (GetServiceQuota); False: AWS's default."""


@dataclass(frozen=True)
class QuotaRow:
    need: QuotaNeed
    needed: int
    quota: QuotaValue
    in_use: int | None
    console_url: str

    @property
    def available(self) -> int:
        return self.quota.value - (self.in_use or 0)

    @property
    def ok(self) -> bool:
        return self.available >= self.needed


def _count_user_pools(wb: Workbook) -> int:
    pages = (
        wb.client("cognito-idp")
        .get_paginator("list_user_pools")
        .paginate(PaginationConfig={"PageSize": 60})
    )
    return sum(len(page["UserPools"]) for page in pages)


def _count_regional_rest_apis(wb: Workbook) -> int:
    pages = wb.client("apigateway").get_paginator("get_rest_apis").paginate()
    return sum(
        "REGIONAL" in item.get("endpointConfiguration", {}).get("types", [])
        for page in pages
        for item in page["items"]
    )


def _count_roles(wb: Workbook) -> int:
    """Every role of the account (IAM is global): ListRoles, page by page (30.6)."""
    pages = wb.client("iam").get_paginator("list_roles").paginate()
    return sum(len(page["Roles"]) for page in pages)


NEEDS: tuple[QuotaNeed, ...] = (
    QuotaNeed("Cognito user pools", "cognito-idp", "L-66E6DF30", 2, _count_user_pools),
    QuotaNeed(
        "API Gateway regional REST APIs", "apigateway", "L-AA0FF27B", 1, _count_regional_rest_apis
    ),
    QuotaNeed("Lambda concurrent executions", "lambda", "L-B99A9384", 2, None),
    QuotaNeed("IAM roles", "iam", "L-FE177D64", 2, _count_roles, global_quota=True),
)


def service_quotas_client(wb: Workbook, need: QuotaNeed) -> Any:
    """A Service Quotas client in the quota's Region (us-east-1 for a global quota)."""
    region = GLOBAL_REGION if need.global_quota and wb.backend == "aws" else wb.region
    return wb.session.client("service-quotas", region_name=region, endpoint_url=wb.endpoint_url)


def read_quota(client: Any, service_code: str, quota_code: str) -> QuotaValue:
    """The applied value; AWS's default when none was applied (``NoSuchResourceException``)."""
    try:
        quota = retry_throttled(
            lambda: client.get_service_quota(ServiceCode=service_code, QuotaCode=quota_code),
            what=f"Reading quota {service_code}/{quota_code}",
        )["Quota"]
        applied = True
    except ClientError as err:
        if error_code(err) != "NoSuchResourceException":
            raise
        quota = retry_throttled(
            lambda: client.get_aws_default_service_quota(
                ServiceCode=service_code, QuotaCode=quota_code
            ),
            what=f"Reading the default of quota {service_code}/{quota_code}",
        )["Quota"]
        applied = False
    return QuotaValue(int(quota["Value"]), bool(quota.get("Adjustable", False)), applied)


def console_url(wb: Workbook, need: QuotaNeed) -> str:
    """The Service Quotas console page of the quota, where an increase is requested."""
    region = GLOBAL_REGION if need.global_quota else wb.region
    return (
        f"https://{region}.console.aws.amazon.com/servicequotas/home/services/"
        f"{need.service_code}/quotas/{need.quota_code}"
    )


def preflight(wb: Workbook, participants: int) -> list[QuotaRow]:
    """One row per quota in ``NEEDS`` for ``participants`` participants."""
    if participants < 1:
        raise WorkbookError(f"--participants {participants}: give at least 1.")
    rows = []
    for need in NEEDS:
        quota = read_quota(service_quotas_client(wb, need), need.service_code, need.quota_code)
        rows.append(
            QuotaRow(
                need=need,
                needed=need.per_participant * participants,
                quota=quota,
                in_use=need.in_use(wb) if need.in_use is not None else None,
                console_url=console_url(wb, need),
            )
        )
    return rows


def verdict(row: QuotaRow) -> str:
    if row.ok:
        return "OK"
    if not row.quota.adjustable:
        return "RAISE (not adjustable: use another Region or account)"
    return f"RAISE to at least {row.needed + (row.in_use or 0)}: {row.console_url}"


def format_report(wb: Workbook, participants: int, rows: Sequence[QuotaRow]) -> str:
    """The table the command prints, then the sweep's time at DeleteRestApi's rate."""
    lines = [
        f"Quotas for {participants} participant(s), region {wb.region} ({wb.backend} backend)",
        f"{'quota':<32} {'code':<11} {'needed':>6} {'quota':>6} {'in use':>6} {'left':>6}  verdict",
    ]
    for row in rows:
        in_use = "-" if row.in_use is None else str(row.in_use)
        source = "" if row.quota.applied else "*"
        lines.append(
            f"{row.need.label:<32} {row.need.quota_code:<11} {row.needed:>6} "
            f"{str(row.quota.value) + source:>6} {in_use:>6} {row.available:>6}  {verdict(row)}"
        )
    if any(not row.quota.applied for row in rows):
        lines.append("* AWS's default: no value was ever applied to this account.")
    sweep_s = participants * DELETE_REST_API_INTERVAL_S
    lines.append(
        f"The sweep deletes {participants} REST API(s) at 1 per {DELETE_REST_API_INTERVAL_S} s "
        f"(DeleteRestApi): at least {sweep_s // 60} min {sweep_s % 60} s."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.quotas",
        description="Check that the account's quotas fit a workshop of N participants.",
    )
    parser.add_argument("--participants", type=int, required=True, metavar="N")
    parser.add_argument("--region", help="the workshop's Region (default: WORKBOOK_REGION)")
    args = parser.parse_args(argv)
    environ = dict(os.environ)
    if args.region:
        environ["WORKBOOK_REGION"] = args.region
    try:
        wb = connect(load_config(environ))
        rows = preflight(wb, args.participants)
    except WorkbookError as err:
        print(err, file=sys.stderr)
        return 2
    print(format_report(wb, args.participants, rows))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The IAM policy a workshop participant holds: everything the course does, on their prefix only.

    python -m workshop.participant_policy --prefix alice --account 123456789012 [--region R]

prints the policy for prefix ``alice``; ``workshop/participant-policy.json`` is this output for
the documented example (prefix ``alice``, account ``123456789012``, region ``us-east-1``), and
a test keeps the two equal. The actions are those of helpers/permissions.py (the one list);
each entry's ``scopes`` decides its statement here (docs/aws-behaviour.md 28.8):

- roles, functions and log groups have fixed names (``ResourceNames(prefix)``): exact ARNs,
  never ``alice-*`` (which would also match ``alice-smith-*``);
- REST APIs and user pools have random IDs: created only with the workbook's tags for this
  prefix in the request (``aws:RequestTag/...``, and no other tag keys, ``aws:TagKeys``), and
  touched afterwards only when they carry them (``aws:ResourceTag/...``; an API's children
  inherit its tags for access control [doc: API Gateway, "API Gateway resources that can be
  tagged"]);
- ``iam:PassRole`` only for the two roles, only to Lambda (``iam:PassedToService``);
- actions without resource-level permissions get ``"Resource": "*"`` (the reason is in
  ``_any``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.config import WORKBOOK_TAG, ResourceNames, sanitise_prefix
from helpers.iam import log_policy_document
from helpers.permissions import PERMISSIONS, Scope

EXAMPLE_PREFIX = "alice"
EXAMPLE_ACCOUNT = "123456789012"
EXAMPLE_REGION = "us-east-1"
POLICY_FILE = Path(__file__).with_name("participant-policy.json")
BOUNDARY_FILE = Path(__file__).with_name("participant-boundary.json")
TAG_KEYS = ("workbook", "workbook-prefix")

Statement = dict[str, Any]


def boundary_name(prefix: str) -> str:
    """The managed policy the facilitator creates for one participant, which their execution
    roles must have as permissions boundary (``WORKBOOK_PERMISSIONS_BOUNDARY`` is its ARN)."""
    return f"{prefix}-workbook-boundary"


class _Target:
    """The ARNs of one participant's resources."""

    def __init__(self, prefix: str, account: str, region: str, partition: str) -> None:
        self.names = ResourceNames(prefix)
        self.prefix, self.account, self.region, self.partition = prefix, account, region, partition

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        region = self.region if regional else ""
        account = self.account if service != "apigateway" else ""
        return f"arn:{self.partition}:{service}:{region}:{account}:{resource}"

    @property
    def roles(self) -> list[str]:
        names = (self.names.role, self.names.authorizer_role)
        return [self.arn("iam", f"role/{name}", regional=False) for name in names]

    @property
    def functions(self) -> list[str]:
        names = (self.names.function, self.names.authorizer_function)
        return [self.arn("lambda", f"function:{name}") for name in names]

    @property
    def log_groups(self) -> list[str]:
        # A log group's ARN with and without the ``:*`` that covers its streams: AWS's own
        # examples write ``log-group:NAME:*`` (docs/aws-behaviour.md 28.8).
        groups = (self.names.log_group, self.names.authorizer_log_group)
        return [self.arn("logs", f"log-group:{g}{end}") for g in groups for end in ("", ":*")]

    @property
    def boundary_arn(self) -> str:
        return self.arn("iam", f"policy/{boundary_name(self.prefix)}", regional=False)

    def request_tags(self) -> dict[str, Any]:
        return {
            "StringEquals": {
                "aws:RequestTag/workbook": WORKBOOK_TAG,
                "aws:RequestTag/workbook-prefix": self.prefix,
            },
            "ForAllValues:StringEquals": {"aws:TagKeys": list(TAG_KEYS)},
        }

    def resource_tags(self) -> dict[str, Any]:
        return {
            "StringEquals": {
                "aws:ResourceTag/workbook": WORKBOOK_TAG,
                "aws:ResourceTag/workbook-prefix": self.prefix,
            }
        }


def _roles(t: _Target) -> Statement:
    return {"Resource": t.roles}


def _role_create(t: _Target) -> Statement:
    # Without a boundary, iam:PutRolePolicy on its own execution role would let a participant
    # give that role any permission and run code as it (parliament's privilege-escalation
    # check). With it, the role can do at most what the boundary allows (the log writes),
    # whatever inline policy is put on it [doc: IAM User Guide, "Permissions boundaries for IAM
    # entities"; the iam:PermissionsBoundary condition key].
    return {
        "Resource": t.roles,
        "Condition": {"ArnEquals": {"iam:PermissionsBoundary": t.boundary_arn}},
    }


def _pass_role(t: _Target) -> Statement:
    return {
        "Resource": t.roles,
        "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}},
    }


def _self(t: _Target) -> Statement:
    # The caller's own user: 00_setup simulates the course's actions for itself.
    return {"Resource": t.arn("iam", "user/${aws:username}", regional=False)}


def _functions(t: _Target) -> Statement:
    return {"Resource": t.functions}


def _log_groups(t: _Target) -> Statement:
    return {"Resource": t.log_groups}


def _rest_api_create(t: _Target) -> Statement:
    return {"Resource": t.arn("apigateway", "/restapis"), "Condition": t.request_tags()}


def _rest_api_list(t: _Target) -> Statement:
    # GetRestApis reads the collection, which has no tags: it lists every API's name and id
    # (the course finds its API by name); every API under it is scoped by its tags below.
    return {"Resource": t.arn("apigateway", "/restapis")}


def _rest_apis(t: _Target) -> Statement:
    return {"Resource": t.arn("apigateway", "/restapis/*"), "Condition": t.resource_tags()}


def _user_pool_create(t: _Target) -> Statement:
    # CreateUserPool has no resource type (the pool does not exist yet): "*", with the tags.
    return {"Resource": "*", "Condition": t.request_tags()}


def _user_pools(t: _Target) -> Statement:
    return {"Resource": t.arn("cognito-idp", "userpool/*"), "Condition": t.resource_tags()}


def _any(t: _Target) -> Statement:
    # The Service Authorization Reference lists no resource type for these actions (the List
    # and Describe calls over a whole account, Cognito's DescribeUserPoolDomain, which takes
    # a domain, not a pool): IAM accepts only "*" for them. tests/workshop checks that every
    # action here has no resource type in parliament's copy of the reference.
    return {"Resource": "*"}


_STATEMENTS: dict[Scope, tuple[str, Callable[[_Target], Statement]]] = {
    Scope.ROLES: ("ExecutionRoles", _roles),
    Scope.ROLE_CREATE: ("CreateExecutionRolesWithTheBoundary", _role_create),
    Scope.PASS_ROLE: ("PassExecutionRolesToLambda", _pass_role),
    Scope.SELF: ("SimulateOwnPermissions", _self),
    Scope.FUNCTIONS: ("Functions", _functions),
    Scope.LOG_GROUPS: ("LogGroups", _log_groups),
    Scope.REST_API_CREATE: ("CreateTaggedRestApi", _rest_api_create),
    Scope.REST_API_LIST: ("ListRestApis", _rest_api_list),
    Scope.REST_APIS: ("TaggedRestApis", _rest_apis),
    Scope.USER_POOL_CREATE: ("CreateTaggedUserPool", _user_pool_create),
    Scope.USER_POOLS: ("TaggedUserPools", _user_pools),
    Scope.ANY: ("NoResourceLevelPermissions", _any),
}


def _checked(prefix: str, account: str) -> str:
    if prefix != sanitise_prefix(prefix):
        raise ValueError(
            f"{prefix!r} is not a workbook prefix (lower-case letters, digits and hyphens, "
            f"starting with a letter, at most 20 characters); try {sanitise_prefix(prefix)!r}"
        )
    if not re.fullmatch(r"\d{12}", account):
        raise ValueError(f"{account!r} is not an AWS account id (12 digits)")
    return prefix


def participant_policy(
    prefix: str, account: str, region: str = EXAMPLE_REGION, partition: str = "aws"
) -> dict[str, Any]:
    """The policy document for one participant's ``prefix`` in ``account`` and ``region``."""
    target = _Target(_checked(prefix, account), account, region, partition)
    statements = []
    for scope, (sid, build) in _STATEMENTS.items():
        actions = [p.action for p in PERMISSIONS if scope in p.scopes]
        if actions:
            statements.append({"Sid": sid, "Effect": "Allow", "Action": actions, **build(target)})
    return {"Version": "2012-10-17", "Statement": statements}


def boundary_policy(
    prefix: str, account: str, region: str = EXAMPLE_REGION, partition: str = "aws"
) -> dict[str, Any]:
    """The permissions boundary of one participant's execution roles: the most either may
    ever do is what the course's inline log policies give them (helpers/iam.py
    ``log_policy_document``), writing to the two functions' log groups."""
    names = ResourceNames(_checked(prefix, account))
    statements = []
    for group in (names.log_group, names.authorizer_log_group):
        document = log_policy_document(region, account, group, partition=partition)
        statements += document["Statement"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {**statement, "Sid": f"WriteLogGroup{i}"} for i, statement in enumerate(statements, 1)
        ],
    }


def policy_json(policy: dict[str, Any]) -> str:
    return json.dumps(policy, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workshop.participant_policy",
        description="Print the IAM policy of one workshop participant (their prefix only).",
    )
    parser.add_argument("--prefix", required=True, help="the participant's WORKBOOK_PREFIX")
    parser.add_argument("--account", required=True, help="the workshop's AWS account id")
    parser.add_argument("--region", default=EXAMPLE_REGION, help="default %(default)s")
    parser.add_argument("--partition", default="aws", help="default %(default)s")
    parser.add_argument(
        "--boundary",
        action="store_true",
        help=(
            "print instead the permissions boundary of the participant's execution roles "
            "(create it as the managed policy <prefix>-workbook-boundary)"
        ),
    )
    args = parser.parse_args(argv)
    make = boundary_policy if args.boundary else participant_policy
    try:
        policy = make(args.prefix, args.account, args.region, args.partition)
    except ValueError as err:
        parser.error(str(err))
    sys.stdout.write(policy_json(policy))
    return 0


if __name__ == "__main__":
    sys.exit(main())

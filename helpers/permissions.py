"""The IAM actions the course calls on AWS, as data: action, why, scope, which notebooks.

One list, used four ways: README.md's section "Permissions your AWS identity needs" is
rendered from it (``readme_section``; a test keeps them equal), 00_setup's preflight simulates
it for your identity (``helpers.preflight``), an ``AccessDenied`` anywhere names the
action and why the course needs it (``helpers.errors.permission_denied``), and the workshop's
participant policy is generated from it (``workshop/participant_policy.py``): each entry's
``scopes`` say which resources of one prefix it may touch. Adding an action is one line here.

API Gateway's IAM actions are HTTP verbs on resource ARNs (``apigateway:GET`` reads,
``POST`` creates and tests, ``PUT`` puts methods, integrations and tags, ``PATCH`` updates,
``DELETE`` deletes). Cognito's sign-in (``InitiateAuth``, ``RespondToAuthChallenge``), the
token endpoint and ``sts:GetCallerIdentity`` need no IAM permission.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Scope(Enum):
    """Which of one prefix's resources an action is allowed on (docs/aws-behaviour.md 28.8).

    Names are fixed for roles, functions and log groups, so those are exact ARNs (never
    ``alice-*``, which would match ``alice-smith-*``); REST API and user pool IDs are random,
    so those are scoped by the workbook's tags."""

    ROLES = "roles"
    """The two execution roles, by exact ARN."""
    ROLE_CREATE = "role-create"
    """The two execution roles, created only with the participant's permissions boundary
    (``iam:PermissionsBoundary``), so no inline policy can make them more."""
    PASS_ROLE = "pass-role"
    """The two execution roles, passed to Lambda only (``iam:PassedToService``)."""
    SELF = "self"
    """The caller's own IAM user (``${aws:username}``)."""
    FUNCTIONS = "functions"
    """The two functions, by exact ARN."""
    LOG_GROUPS = "log-groups"
    """The two functions' log groups, by exact ARN."""
    REST_API_CREATE = "rest-api-create"
    """``/restapis``, only with the workbook's tags for this prefix in the request."""
    REST_API_LIST = "rest-api-list"
    """``/restapis`` read (GetRestApis): a collection has no tags to scope by."""
    REST_APIS = "rest-apis"
    """``/restapis/*`` whose REST API carries this prefix's tag (children inherit it)."""
    USER_POOL_CREATE = "user-pool-create"
    """``*``, only with the workbook's tags for this prefix in the request."""
    USER_POOLS = "user-pools"
    """User pools that carry this prefix's tag."""
    ANY = "any"
    """``*``: the action supports no resource-level permission (Service Authorization
    Reference: no resource type), e.g. the List calls."""


@dataclass(frozen=True)
class Permission:
    action: str
    why: str
    notebooks: tuple[str, ...]
    scopes: tuple[Scope, ...] = (Scope.ANY,)


def _p(action: str, why: str, scope: Scope | tuple[Scope, ...], *notebooks: str) -> Permission:
    scopes = scope if isinstance(scope, tuple) else (scope,)
    return Permission(action, why, notebooks, scopes)


# Short names, so that each entry stays one line.
R, PASS, SELF, ANY = Scope.ROLES, Scope.PASS_ROLE, Scope.SELF, Scope.ANY
FN, LG, API, POOL = Scope.FUNCTIONS, Scope.LOG_GROUPS, Scope.REST_APIS, Scope.USER_POOLS
API_READ, API_CREATE = (Scope.REST_API_LIST, API), (Scope.REST_API_CREATE, API)
POOL_CREATE = Scope.USER_POOL_CREATE

PERMISSIONS: tuple[Permission, ...] = (
    # IAM: the two execution roles (PowerUserAccess denies these)
    _p("iam:GetRole", "find the functions' execution roles", R, "01", "07", "08"),
    _p("iam:CreateRole", "create the execution roles", Scope.ROLE_CREATE, "01", "08"),
    _p("iam:TagRole", "tag the roles when they are created", R, "01", "08"),
    _p("iam:PutRolePolicy", "write each role's inline log policy", R, "01", "07", "08"),
    _p("iam:GetRolePolicy", "read the policy back in a checkpoint", R, "01"),
    _p("iam:PassRole", "hand a role to Lambda (CreateFunction, updates)", PASS, "01", "07", "08"),
    _p("iam:ListRolePolicies", "find a role's inline policies to delete them", R, "99"),
    _p("iam:DeleteRolePolicy", "delete the inline policies", R, "99"),
    _p("iam:ListAttachedRolePolicies", "find managed policies attached to a role", R, "99"),
    _p("iam:DetachRolePolicy", "detach them (the course attaches none)", R, "99"),
    _p("iam:DeleteRole", "delete the roles", R, "99"),
    _p("iam:SimulatePrincipalPolicy", "check these permissions before you start", SELF, "00"),
    # CloudWatch Logs
    _p("logs:CreateLogGroup", "create the functions' log groups", LG, "01", "08"),
    _p("logs:TagResource", "tag the log groups when they are created", LG, "01", "08"),
    _p("logs:PutRetentionPolicy", "keep logs 7 days", LG, "01", "08"),
    _p("logs:FilterLogEvents", "read what a function logged", LG, "01", "08"),
    _p("logs:DescribeLogGroups", "find what an earlier run left", ANY, "00", "99"),
    _p(
        "logs:ListTagsForResource",
        "check a log group is yours (its tags)",
        LG,
        "00",
        "01",
        "08",
        "99",
    ),
    _p("logs:DeleteLogGroup", "delete the log groups", LG, "99"),
    # Lambda
    _p("lambda:GetFunction", "find the functions", FN, "01", "02", "07", "08"),
    _p("lambda:ListTags", "check a function is yours (its tags)", FN, "00", "01", "08", "99"),
    _p("lambda:GetFunctionConfiguration", "wait for a function's state", FN, "01", "07", "08"),
    _p("lambda:CreateFunction", "create the users and authorizer functions", FN, "01", "08"),
    _p("lambda:TagResource", "tag the functions when they are created", FN, "01", "08"),
    _p("lambda:UpdateFunctionCode", "deploy changed code on a re-run", FN, "07", "08"),
    _p("lambda:UpdateFunctionConfiguration", "update role, handler or environment", FN, "07", "08"),
    _p("lambda:InvokeFunction", "test the function like the console does", FN, "01"),
    _p("lambda:GetPolicy", "read the functions' resource policies", FN, "02", "06", "07", "08"),
    _p("lambda:AddPermission", "let API Gateway invoke the functions", FN, "02", "07", "08"),
    _p("lambda:RemovePermission", "replace or delete those permissions", FN, "02", "99"),
    _p("lambda:DeleteFunction", "delete the functions", FN, "99"),
    # API Gateway: HTTP verbs on the REST API's resources
    _p("apigateway:GET", "read APIs, resources, methods, authorizers", API_READ, "02", "03", "04"),
    _p("apigateway:POST", "create API, resources, deployments; test", API_CREATE, "02", "03"),
    _p("apigateway:PUT", "put methods, integrations and tags", API, "02", "07", "08"),
    _p("apigateway:PATCH", "attach authorizers, set scopes (UpdateMethod)", API, "04", "07", "08"),
    _p("apigateway:DELETE", "delete the REST API", API, "99"),
    # Cognito user pools
    _p("cognito-idp:ListUserPools", "find the user pools", ANY, "04", "05", "99"),
    _p("cognito-idp:DescribeUserPool", "read a pool's ARN, policy and domain", POOL, "04", "07"),
    _p("cognito-idp:CreateUserPool", "create the user pools", POOL_CREATE, "04", "06"),
    _p("cognito-idp:TagResource", "tag the pools when they are created", POOL, "04", "06"),
    _p("cognito-idp:ListUserPoolClients", "find the app clients", POOL, "04", "07"),
    _p("cognito-idp:DescribeUserPoolClient", "read an app client", POOL, "04", "07"),
    _p("cognito-idp:CreateUserPoolClient", "create the app clients", POOL, "04", "06", "07"),
    _p("cognito-idp:UpdateUserPoolClient", "update a client's flows or scopes", POOL, "06", "07"),
    _p("cognito-idp:AdminCreateUser", "create the test users", POOL, "05", "07"),
    _p("cognito-idp:AdminSetUserPassword", "give them a permanent password", POOL, "05", "07"),
    _p("cognito-idp:AdminGetUser", "check a user's status", POOL, "05"),
    _p("cognito-idp:CreateGroup", "create the admins and readers groups", POOL, "07"),
    _p("cognito-idp:AdminAddUserToGroup", "put users in groups", POOL, "07"),
    _p("cognito-idp:AdminListGroupsForUser", "list a user's groups", POOL, "07"),
    _p("cognito-idp:DescribeResourceServer", "find the resource server", POOL, "07"),
    _p("cognito-idp:CreateResourceServer", "create it, with its custom scopes", POOL, "07"),
    _p("cognito-idp:CreateUserPoolDomain", "give the pool a domain (token endpoint)", POOL, "07"),
    _p("cognito-idp:DescribeUserPoolDomain", "wait until the domain is ACTIVE", ANY, "07"),
    _p("cognito-idp:DeleteUserPoolDomain", "delete the domain", POOL, "99"),
    _p("cognito-idp:DeleteUserPool", "delete the pools", POOL, "99"),
)

ACTIONS: tuple[str, ...] = tuple(p.action for p in PERMISSIONS)

FACILITATOR_MODULES: tuple[str, ...] = ("sweep", "quotas")
"""helpers/ modules only a facilitator runs, with their own (admin) credentials: the room's
sweep and the quota preflight (workshop/FACILITATOR.md). Their calls are not the course's, so
they are not in the participant policy."""

FACILITATOR_PERMISSIONS: tuple[Permission, ...] = (
    _p("iam:ListRoles", "find every tagged role, and count the account's roles", ANY, "sweep"),
    _p("lambda:ListFunctions", "find every tagged function in the Region", ANY, "sweep"),
    _p("servicequotas:GetServiceQuota", "read the applied quotas", ANY, "quotas"),
    _p("servicequotas:GetAWSDefaultServiceQuota", "read a quota's default", ANY, "quotas"),
)
"""What the facilitator's tools call beyond ``PERMISSIONS`` (tests/helpers/test_permissions.py
checks both lists against the code)."""


def find_permission(action: str) -> Permission | None:
    """The course's entry for ``action`` (case-insensitive, as IAM compares), or None."""
    wanted = action.lower()
    return next((p for p in PERMISSIONS if p.action.lower() == wanted), None)


README_START = "<!-- permissions: generated from helpers/permissions.py; do not edit by hand -->"
README_END = "<!-- permissions: end -->"


def readme_table() -> str:
    """The Markdown table of README.md's section "Permissions your AWS identity needs"."""
    rows = ["| action | why | notebooks |", "|---|---|---|"]
    rows += [f"| `{p.action}` | {p.why} | {', '.join(p.notebooks)} |" for p in PERMISSIONS]
    return "\n".join(rows)


def readme_section() -> str:
    """The generated part of the README section, between its two marker comments."""
    return f"{README_START}\n{readme_table()}\n{README_END}"

"""The IAM actions the course calls on AWS, as data: action, why, which notebooks.

One list, used three ways: README.md's section "Permissions your AWS identity needs" is
rendered from it (``readme_section``; a test keeps them equal), 00_setup's preflight simulates
it for your identity (``helpers.preflight``), and an ``AccessDenied`` anywhere names the
action and why the course needs it (``helpers.errors.permission_denied``).

API Gateway's IAM actions are HTTP verbs on resource ARNs (``apigateway:GET`` reads,
``POST`` creates and tests, ``PUT`` puts methods, integrations and tags, ``PATCH`` updates,
``DELETE`` deletes). Cognito's sign-in (``InitiateAuth``, ``RespondToAuthChallenge``), the
token endpoint and ``sts:GetCallerIdentity`` need no IAM permission.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    action: str
    why: str
    notebooks: tuple[str, ...]


def _p(action: str, why: str, *notebooks: str) -> Permission:
    return Permission(action, why, notebooks)


PERMISSIONS: tuple[Permission, ...] = (
    # IAM: the two execution roles (PowerUserAccess denies these, except iam:ListRoles)
    _p("iam:GetRole", "find the functions' execution roles", "01", "07", "08"),
    _p("iam:CreateRole", "create the execution roles", "01", "08"),
    _p("iam:TagRole", "tag the roles when they are created", "01", "08"),
    _p("iam:PutRolePolicy", "write each role's inline log policy", "01", "07", "08"),
    _p("iam:GetRolePolicy", "read the policy back in a checkpoint", "01"),
    _p("iam:PassRole", "hand a role to Lambda (CreateFunction, its updates)", "01", "07", "08"),
    _p("iam:ListRoles", "find what an earlier run left", "00", "99"),
    _p("iam:ListRolePolicies", "find a role's inline policies to delete them", "99"),
    _p("iam:DeleteRolePolicy", "delete the inline policies", "99"),
    _p("iam:ListAttachedRolePolicies", "find managed policies attached to a role", "99"),
    _p("iam:DetachRolePolicy", "detach them (the course attaches none)", "99"),
    _p("iam:DeleteRole", "delete the roles", "99"),
    _p("iam:SimulatePrincipalPolicy", "check these permissions before you start", "00"),
    # CloudWatch Logs
    _p("logs:CreateLogGroup", "create the functions' log groups", "01", "08"),
    _p("logs:TagResource", "tag the log groups when they are created", "01", "08"),
    _p("logs:PutRetentionPolicy", "keep logs 7 days", "01", "08"),
    _p("logs:FilterLogEvents", "read what a function logged", "01", "08"),
    _p("logs:DescribeLogGroups", "find what an earlier run left", "00", "99"),
    _p("logs:DeleteLogGroup", "delete the log groups", "99"),
    # Lambda
    _p("lambda:GetFunction", "find the functions", "01", "02", "07", "08"),
    _p("lambda:GetFunctionConfiguration", "wait for a function's state", "01", "07", "08"),
    _p("lambda:CreateFunction", "create the users and authorizer functions", "01", "08"),
    _p("lambda:TagResource", "tag the functions when they are created", "01", "08"),
    _p("lambda:UpdateFunctionCode", "deploy changed code on a re-run", "07", "08"),
    _p("lambda:UpdateFunctionConfiguration", "update role, handler or environment", "07", "08"),
    _p("lambda:InvokeFunction", "test the function like the console does", "01"),
    _p("lambda:GetPolicy", "read the functions' resource-based policies", "02", "06", "07", "08"),
    _p("lambda:AddPermission", "let API Gateway invoke the functions", "02", "07", "08"),
    _p("lambda:RemovePermission", "replace or delete those permissions", "02", "99"),
    _p("lambda:ListFunctions", "find what an earlier run left", "00", "99"),
    _p("lambda:DeleteFunction", "delete the functions", "99"),
    # API Gateway: HTTP verbs on the REST API's resources
    _p("apigateway:GET", "read APIs, resources, methods, authorizers, stages", "02", "03", "04"),
    _p("apigateway:POST", "create API, resources, authorizers, deployments; test", "02", "03"),
    _p("apigateway:PUT", "put methods, integrations and tags", "02", "07", "08"),
    _p("apigateway:PATCH", "attach authorizers, set scopes (UpdateMethod)", "04", "07", "08"),
    _p("apigateway:DELETE", "delete the REST API", "99"),
    # Cognito user pools
    _p("cognito-idp:ListUserPools", "find the user pools", "04", "05", "99"),
    _p("cognito-idp:DescribeUserPool", "read a pool's ARN, policy and domain", "04", "07"),
    _p("cognito-idp:CreateUserPool", "create the user pools", "04", "06"),
    _p("cognito-idp:TagResource", "tag the pools when they are created", "04", "06"),
    _p("cognito-idp:ListUserPoolClients", "find the app clients", "04", "07"),
    _p("cognito-idp:DescribeUserPoolClient", "read an app client", "04", "07"),
    _p("cognito-idp:CreateUserPoolClient", "create the app clients", "04", "06", "07"),
    _p("cognito-idp:UpdateUserPoolClient", "update an app client's flows or scopes", "06", "07"),
    _p("cognito-idp:AdminCreateUser", "create the test users", "05", "07"),
    _p("cognito-idp:AdminSetUserPassword", "give them a permanent password", "05", "07"),
    _p("cognito-idp:AdminGetUser", "check a user's status", "05"),
    _p("cognito-idp:CreateGroup", "create the admins and readers groups", "07"),
    _p("cognito-idp:AdminAddUserToGroup", "put users in groups", "07"),
    _p("cognito-idp:AdminListGroupsForUser", "list a user's groups", "07"),
    _p("cognito-idp:DescribeResourceServer", "find the resource server", "07"),
    _p("cognito-idp:CreateResourceServer", "create it, with its custom scopes", "07"),
    _p("cognito-idp:CreateUserPoolDomain", "give the pool a domain (token endpoint)", "07"),
    _p("cognito-idp:DescribeUserPoolDomain", "wait until the domain is ACTIVE", "07"),
    _p("cognito-idp:DeleteUserPoolDomain", "delete the domain", "99"),
    _p("cognito-idp:DeleteUserPool", "delete the pools", "99"),
)

ACTIONS: tuple[str, ...] = tuple(p.action for p in PERMISSIONS)


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

"""The one table of what AWS does over time: each delay and quota at scale 1.0, and its source.

Everything the emulator does in ``eventual`` mode reads a row of this module; nothing else
holds a duration or a rate. ``--delay-scale`` multiplies every ``Delay.seconds`` and every
``Quota.window_seconds``. docs/aws-behaviour.md section 21 states the same facts, one
labelled row each (``21.1 deployment-propagation`` ...); code and tests cite the labels.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Delay:
    """Something AWS does a while after the call that caused it."""

    label: str
    """The fact in docs/aws-behaviour.md section 21."""
    seconds: float
    """At scale 1.0."""
    source: str


@dataclass(frozen=True)
class Quota:
    """A request rate: ``requests`` every ``window_seconds``, at most ``burst`` at once
    (a token bucket holding ``burst`` tokens, refilled at requests / window)."""

    label: str
    name: str
    requests: int
    window_seconds: float
    burst: int
    operations: frozenset[str]
    source: str
    per_user_pool: bool = False
    """Cognito: each operation is also held to ``COGNITO_PER_POOL`` for one user pool."""


def _ops(*names: str) -> frozenset[str]:
    return frozenset(names)


# Delays ------------------------------------------------------------------------------------

DEPLOYMENT_PROPAGATION = Delay(
    "21.1 deployment-propagation",
    5.0,
    "inferred: AWS documents no number. LocalStack's AWS-validated test_apigateway_lambda.py "
    "retries every call after CreateDeployment (10 x 2 s); 5 s is a typical propagation, "
    "the long tail (tens of seconds) is not modelled.",
)
ROLE_ASSUMABLE = Delay(
    "21.2 role-not-yet-assumable",
    10.0,
    "recorded: a 5 s wait usually suffices (aws/aws-cli issue 7700, marvinpinto/irc-hooky "
    "PR 23), 15 s sometimes not (aws/chalice PR 172 retries for 30 s); IAM user guide, "
    "'Changes that I make are not always immediately visible'.",
)
INLINE_POLICY_READABLE = Delay(
    "21.3 inline-policy-not-yet-readable",
    5.0,
    "doc: IAM user guide, 'Changes that I make are not always immediately visible' "
    "(no number); inferred: 5 s.",
)
DELETED_STILL_LISTED = Delay(
    "21.4 deleted-still-listed",
    10.0,
    "doc: IAM user guide, 'Changes that I make are not always immediately visible' "
    "(no number); inferred: 10 s.",
)
FUNCTION_PENDING = Delay(
    "21.5 function-pending",
    2.0,
    "doc: Lambda developer guide, 'Lambda function states' (ready 'after a few seconds'); "
    "inferred: 2 s for a zip function without a VPC.",
)
FUNCTION_UPDATING = Delay(
    "21.6 update-in-progress",
    2.0,
    "doc: Lambda developer guide, 'Lambda function states' (LastUpdateStatus InProgress); "
    "inferred: 2 s for a zip function without a VPC.",
)
PERMISSION_PROPAGATION = Delay(
    "21.7 permission-propagation",
    3.0,
    "inferred: LocalStack's AWS-validated tests retry after AddPermission ('probably IAM "
    "permission delay'); AWS documents no number.",
)
DOMAIN_CREATING = Delay(
    "21.8 domain-creating",
    5.0,
    "inferred: DescribeUserPoolDomain reports Status CREATING before ACTIVE "
    "(DomainDescriptionType); AWS gives no duration for a prefix domain.",
)
DOMAIN_ENDPOINT = Delay(
    "21.8 domain-endpoint-not-yet-serving",
    60.0,
    "doc: Cognito API reference, CreateUserPoolDomain ('Your prefix domain might take up to "
    "one minute to take effect'); the documented bound, counted from CreateUserPoolDomain.",
)

DELAYS: tuple[Delay, ...] = (
    DEPLOYMENT_PROPAGATION,
    ROLE_ASSUMABLE,
    INLINE_POLICY_READABLE,
    DELETED_STILL_LISTED,
    FUNCTION_PENDING,
    FUNCTION_UPDATING,
    PERMISSION_PROPAGATION,
    DOMAIN_CREATING,
    DOMAIN_ENDPOINT,
)

# API Gateway control-plane quotas (21.9) ---------------------------------------------------

_APIGW = (
    "doc: 'Amazon API Gateway quotas', API Gateway quotas for creating, deploying and managing "
    "an API, https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
)


def _apigw(name: str, requests: int, window: float, *operations: str) -> Quota:
    return Quota(
        "21.9 apigateway-quotas", name, requests, window, requests, _ops(*operations), _APIGW
    )


APIGATEWAY_QUOTAS: tuple[Quota, ...] = (
    _apigw("CreateApiKey", 5, 1.0, "CreateApiKey"),
    _apigw("CreateDeployment", 1, 5.0, "CreateDeployment"),
    _apigw("CreateDocumentationVersion", 1, 20.0, "CreateDocumentationVersion"),
    _apigw("CreateDomainName", 1, 30.0, "CreateDomainName"),
    _apigw("CreateResource", 5, 1.0, "CreateResource"),
    _apigw("CreateRestApi (regional or private)", 1, 3.0, "CreateRestApi:REGIONAL"),
    _apigw("CreateRestApi (edge-optimized)", 1, 30.0, "CreateRestApi:EDGE"),
    _apigw("DeleteApiKey", 5, 1.0, "DeleteApiKey"),
    _apigw("DeleteDomainName", 1, 30.0, "DeleteDomainName"),
    _apigw("DeleteResource", 5, 1.0, "DeleteResource"),
    _apigw("DeleteRestApi", 1, 30.0, "DeleteRestApi"),
    _apigw("GetResources", 5, 2.0, "GetResources"),
    _apigw("ImportDocumentationParts", 1, 30.0, "ImportDocumentationParts"),
    _apigw("ImportRestApi (regional or private)", 1, 3.0, "ImportRestApi"),
    _apigw("PutRestApi", 1, 1.0, "PutRestApi"),
    _apigw("UpdateAccount", 1, 20.0, "UpdateAccount"),
    _apigw("UpdateDomainName", 1, 30.0, "UpdateDomainName"),
    _apigw("UpdateUsagePlan", 1, 20.0, "UpdateUsagePlan"),
)
APIGATEWAY_TOTAL = Quota(
    "21.9 apigateway-quotas",
    "Total operations",
    10,
    1.0,
    40,
    frozenset(),
    _APIGW + " ('10 requests per second with a burst quota of 40 requests per second'; "
    "'Other operations: No quota up to the total account quota')",
)

# Cognito user pool request rates (21.10) ---------------------------------------------------

_COGNITO = (
    "doc: 'Quotas in Amazon Cognito', Amazon Cognito user pools API operation categories and "
    "request rate quotas, https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html"
    "; inferred: a burst of one second's worth"
)


def _cognito(name: str, rps: int, operations: str, *, per_pool: bool = False) -> Quota:
    return Quota(
        "21.10 cognito-quotas", name, rps, 1.0, rps, _ops(*operations.split()), _COGNITO, per_pool
    )


COGNITO_QUOTAS: tuple[Quota, ...] = (
    _cognito("UserAuthentication", 120, "InitiateAuth AdminInitiateAuth GetTokensFromRefreshToken"),
    _cognito("UserCreation", 50, "SignUp ConfirmSignUp AdminCreateUser AdminConfirmSignUp"),
    _cognito(
        "UserAccountRecovery",
        30,
        "ChangePassword ConfirmForgotPassword ForgotPassword AdminResetUserPassword "
        "AdminSetUserPassword RespondToAuthChallenge:NEW_PASSWORD_REQUIRED "
        "AdminRespondToAuthChallenge:NEW_PASSWORD_REQUIRED",
    ),
    _cognito("UserRead", 120, "AdminGetUser AdminGetUserAuthFactors GetUser"),
    _cognito(
        "UserUpdate",
        25,
        "AdminAddUserToGroup AdminDeleteUserAttributes AdminUpdateUserAttributes "
        "AdminDeleteUser AdminDisableUser AdminEnableUser AdminLinkProviderForUser "
        "AdminDisableProviderForUser VerifyUserAttribute DeleteUser DeleteUserAttributes "
        "UpdateUserAttributes AdminUserGlobalSignOut GlobalSignOut AdminRemoveUserFromGroup",
    ),
    _cognito("UserToken", 120, "RevokeToken"),
    _cognito(
        "UserResourceRead",
        50,
        "AdminGetDevice AdminListGroupsForUser AdminListDevices GetDevice ListDevices "
        "GetUserAttributeVerificationCode ResendConfirmationCode AdminListUserAuthEvents",
    ),
    _cognito(
        "UserResourceUpdate",
        25,
        "AdminForgetDevice AdminUpdateAuthEventFeedback AdminSetUserMFAPreference "
        "AdminDeleteSoftwareToken AdminSetUserSettings AdminUpdateDeviceStatus "
        "UpdateDeviceStatus UpdateAuthEventFeedback ConfirmDevice SetUserMFAPreference "
        "SetUserSettings VerifySoftwareToken AssociateSoftwareToken ForgetDevice",
    ),
    _cognito("UserList", 30, "ListUsers ListUsersInGroup"),
    _cognito("UserPoolRead", 15, "DescribeUserPool ListUserPools"),
    _cognito("UserPoolUpdate", 15, "CreateUserPool UpdateUserPool DeleteUserPool"),
    _cognito(
        "UserPoolResourceRead",
        20,
        "DescribeIdentityProvider DescribeResourceServer DescribeUserImportJob "
        "DescribeUserPoolDomain GetCSVHeader GetGroup GetSigningCertificate "
        "GetIdentityProviderByIdentifier GetUserPoolMfaConfig ListGroups "
        "ListIdentityProviders ListResourceServers ListTagsForResource ListUserImportJobs "
        "DescribeRiskConfiguration GetUICustomization",
        per_pool=True,
    ),
    _cognito(
        "UserPoolResourceUpdate",
        15,
        "AddCustomAttributes CreateGroup CreateIdentityProvider CreateResourceServer "
        "CreateUserImportJob CreateUserPoolDomain DeleteGroup DeleteIdentityProvider "
        "DeleteResourceServer DeleteUserPoolDomain SetUserPoolMfaConfig StartUserImportJob "
        "StopUserImportJob UpdateGroup UpdateIdentityProvider UpdateResourceServer "
        "UpdateUserPoolDomain SetRiskConfiguration SetUICustomization TagResource "
        "UntagResource",
        per_pool=True,
    ),
    _cognito("UserPoolClientRead", 15, "DescribeUserPoolClient ListUserPoolClients", per_pool=True),
    _cognito(
        "UserPoolClientUpdate",
        15,
        "CreateUserPoolClient DeleteUserPoolClient UpdateUserPoolClient",
        per_pool=True,
    ),
    _cognito("ClientAuthentication", 150, "oauth2/token:client_credentials GetClientToken"),
)
COGNITO_CHALLENGE_RESPONSES = Quota(
    "21.10 cognito-quotas",
    "UserAuthentication challenge responses",
    360,
    1.0,
    360,
    _ops("RespondToAuthChallenge", "AdminRespondToAuthChallenge"),
    _COGNITO + "; 'a separate quota that is three times the UserAuthentication category "
    "limit'; beyond it a response counts toward UserAuthentication",
)
COGNITO_PER_POOL = Quota(
    "21.10 cognito-quotas",
    "one operation, one user pool",
    5,
    1.0,
    5,
    frozenset(),
    _COGNITO + "; 'a constraint that prevents the operation from being called at a rate "
    "higher than 5 RPS for a single user pool' (the categories marked per_user_pool)",
)

QUOTAS: tuple[Quota, ...] = (
    *APIGATEWAY_QUOTAS,
    APIGATEWAY_TOTAL,
    *COGNITO_QUOTAS,
    COGNITO_CHALLENGE_RESPONSES,
    COGNITO_PER_POOL,
)


def quota_for(operation: str, quotas: tuple[Quota, ...]) -> Quota | None:
    """The row of ``quotas`` that lists ``operation``, if any."""
    return next((quota for quota in quotas if operation in quota.operations), None)

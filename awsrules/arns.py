"""The ARNs and URIs API Gateway, Lambda and Cognito use (docs/aws-behaviour.md section 5).

- The source ARN API Gateway presents when it invokes an integration's function, which the
  function's resource-based policy must allow: ``arn:aws:execute-api:{region}:{account}:
  {apiId}/{stage}/{METHOD}{resourcePath}``; in a policy, ``*`` may stand for any part
  [doc: API Gateway Developer Guide, "Control access to a REST API with IAM permissions"].
- The method ARN a Lambda authorizer receives and its policy is evaluated on: the same form
  with the request's own path, without its leading slash after the verb
  [doc: "Input to an API Gateway Lambda authorizer"].
- The source ARN of an authorizer's function call: ``.../{apiId}/authorizers/{authorizerId}``
  [recorded: AWS test-invoke logs quoted in public repositories].
- A Lambda integration URI: ``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/
  {functionArn}/invocations`` [doc: PutIntegration, "Set up Lambda proxy integrations"].
- A user pool ARN ``arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}`` and its tokens'
  issuer ``https://cognito-idp.{region}.amazonaws.com/{poolId}`` [doc: Cognito, "Verifying a
  JSON web token"].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_PARTITION = "aws"
DEFAULT_DNS_SUFFIX = "amazonaws.com"

_LAMBDA_URI = re.compile(
    r"^arn:[a-z-]+:apigateway:(?P<region>[^:]+):lambda:path/2015-03-31/functions/"
    r"(?P<function>.+)/invocations$"
)
_ISSUER = re.compile(
    r"^https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/(?P<pool>[^/\s]+)$"
)


def execute_api_arn(
    region: str,
    account_id: str,
    api_id: str,
    stage: str,
    http_method: str,
    resource_path: str,
    *,
    partition: str = DEFAULT_PARTITION,
) -> str:
    """The source ARN of an integration call: ``{api}/{stage}/{METHOD}{resourcePath}``.

    ``stage`` and ``http_method`` may be ``*`` when the ARN is a pattern for a permission.
    """
    return (
        f"arn:{partition}:execute-api:{region}:{account_id}:{api_id}/{stage}/"
        f"{http_method}{resource_path}"
    )


def method_arn(
    region: str,
    account_id: str,
    api_id: str,
    stage: str,
    http_method: str,
    request_path: str,
    *,
    partition: str = DEFAULT_PARTITION,
) -> str:
    """The ``methodArn`` a Lambda authorizer receives: ``GET /`` gives ``.../GET/``."""
    return (
        f"arn:{partition}:execute-api:{region}:{account_id}:{api_id}/{stage}/{http_method}/"
        + request_path.removeprefix("/")
    )


def authorizer_source_arn(
    region: str, account_id: str, api_id: str, authorizer_id: str, *, partition: str = "aws"
) -> str:
    """The source ARN API Gateway presents when it calls an authorizer's function."""
    return f"arn:{partition}:execute-api:{region}:{account_id}:{api_id}/authorizers/{authorizer_id}"


def lambda_integration_uri(
    region: str, function_arn: str, *, partition: str = DEFAULT_PARTITION
) -> str:
    """The integration (or authorizer) URI that makes API Gateway call Lambda's Invoke."""
    return (
        f"arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/"
        f"{function_arn}/invocations"
    )


@dataclass(frozen=True)
class LambdaTarget:
    """What a Lambda integration URI names: the function's region and its name or ARN."""

    region: str
    function: str


def parse_lambda_integration_uri(uri: str) -> LambdaTarget | None:
    """The function a Lambda integration URI calls, or None when it is not one."""
    matched = _LAMBDA_URI.match(uri)
    if matched is None:
        return None
    return LambdaTarget(matched.group("region"), matched.group("function"))


@dataclass(frozen=True)
class UserPoolRef:
    """A user pool, as named by a provider ARN or a token's issuer."""

    region: str
    pool_id: str
    dns_suffix: str = DEFAULT_DNS_SUFFIX
    """The partition's DNS suffix: ``amazonaws.com.cn`` in China."""

    @property
    def issuer(self) -> str:
        """The ``iss`` claim of the pool's tokens."""
        return f"https://cognito-idp.{self.region}.{self.dns_suffix}/{self.pool_id}"


def user_pool_from_arn(provider_arn: str) -> UserPoolRef | None:
    """Parse ``arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}``; None if malformed."""
    parts = provider_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "cognito-idp":
        return None
    region, resource = parts[3], parts[5]
    kind, _, pool_id = resource.partition("/")
    if kind != "userpool" or not region or not pool_id:
        return None
    return UserPoolRef(region=region, pool_id=pool_id)


def user_pool_from_issuer(issuer: object) -> UserPoolRef | None:
    """The pool a token's ``iss`` claim names, or None when it is not a Cognito issuer."""
    matched = _ISSUER.match(issuer) if isinstance(issuer, str) else None
    if matched is None:
        return None
    return UserPoolRef(region=matched.group("region"), pool_id=matched.group("pool"))

"""Does a function's resource-based policy let API Gateway invoke it?

API Gateway may invoke a Lambda only with a statement for principal
`apigateway.amazonaws.com`, action `lambda:InvokeFunction`, whose `AWS:SourceArn` (ArnLike)
matches `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`. Without one
the client gets 500 and the execution log says "Invalid permissions on Lambda function"
(docs/aws-behaviour.md section 5 and section 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from awsrules.iam_wildcards import any_wildcard_match

APIGATEWAY_PRINCIPAL = "apigateway.amazonaws.com"
_ACTIONS = {"lambda:invokefunction", "lambda:*", "*"}


def apigateway_may_invoke(statements: Iterable[Mapping[str, Any]], source_arn: str) -> bool:
    return any(_statement_allows(statement, source_arn) for statement in statements)


def _statement_allows(statement: Mapping[str, Any], source_arn: str) -> bool:
    if statement.get("Effect", "Allow") != "Allow":
        return False
    if not _principal_matches(statement.get("Principal")):
        return False
    actions = statement.get("Action")
    action_list = [actions] if isinstance(actions, str) else list(actions or [])
    if not any(str(action).lower() in _ACTIONS for action in action_list):
        return False
    return _conditions_match(statement.get("Condition") or {}, source_arn)


def _principal_matches(principal: Any) -> bool:
    if principal == "*" or principal == APIGATEWAY_PRINCIPAL:
        return True
    if isinstance(principal, Mapping):
        service = principal.get("Service")
        services = [service] if isinstance(service, str) else list(service or [])
        return APIGATEWAY_PRINCIPAL in services or principal.get("AWS") == "*"
    return False


def _conditions_match(conditions: Mapping[str, Any], source_arn: str) -> bool:
    for operator, clauses in conditions.items():
        for key, expected in clauses.items():
            if key.lower() != "aws:sourcearn":
                continue  # SourceAccount and others: the emulator has one account
            patterns = [expected] if isinstance(expected, str) else list(expected)
            if operator in ("ArnLike", "StringLike"):
                matched = any_wildcard_match(patterns, source_arn)
            elif operator in ("ArnEquals", "StringEquals"):
                matched = source_arn in patterns
            else:
                matched = True
            if not matched:
                return False
    return True

"""The tutorial's stack built with plain boto3 calls against this session's emulator."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from emulator.process import credentials_for

REGION = "us-east-1"
ACCOUNT = "123456789012"
PASSWORD = "Corr3ct-Horse-Battery!"


@dataclass
class Stack:
    url: str  # emulator base URL
    api_id: str
    resource_id: str
    function_arn: str
    function_name: str
    pool_id: str
    client_id: str
    authorizer_id: str
    clients: dict[str, Any]

    def invoke_url(self, path: str = "/users", stage: str = "dev") -> str:
        return f"{self.url}/restapis/{self.api_id}/{stage}/_user_request_{path}"

    def get(
        self, path: str = "/users", token: str | None = None, **kwargs: Any
    ) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = token
        return requests.get(self.invoke_url(path), headers=headers, timeout=15, **kwargs)

    def deploy(self) -> str:
        return str(
            self.clients["apigateway"].create_deployment(restApiId=self.api_id, stageName="dev")[
                "id"
            ]
        )

    def attach_authorizer(self, scopes: list[str] | None = None) -> None:
        ops = [
            {"op": "replace", "path": "/authorizationType", "value": "COGNITO_USER_POOLS"},
            {"op": "replace", "path": "/authorizerId", "value": self.authorizer_id},
        ]
        ops += [{"op": "add", "path": "/authorizationScopes", "value": s} for s in scopes or []]
        self.clients["apigateway"].update_method(
            restApiId=self.api_id,
            resourceId=self.resource_id,
            httpMethod="GET",
            patchOperations=ops,
        )

    def tokens(
        self, username: str = "alice", pool_id: str | None = None, client_id: str | None = None
    ) -> dict[str, str]:
        idp = self.clients["cognito-idp"]
        pool_id, client_id = pool_id or self.pool_id, client_id or self.client_id
        try:
            idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
            idp.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
            )
        except idp.exceptions.UsernameExistsException:
            pass
        result = idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
        return {"id": result["IdToken"], "access": result["AccessToken"]}


def zip_of(path: Path, name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(path, name)
    return buffer.getvalue()


@pytest.fixture
def make_clients(emulator_url: str) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        session = boto3.Session(region_name=REGION, **credentials_for(emulator_url).boto3_kwargs())
        return {
            name: session.client(name, endpoint_url=emulator_url)
            for name in ("iam", "lambda", "apigateway", "cognito-idp", "logs")
        }

    return make


def create_pool(idp: Any, name: str) -> tuple[str, str]:
    pool_id = idp.create_user_pool(PoolName=name)["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=f"{name}-client",
        ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def build_stack(url: str, clients: dict[str, Any]) -> Stack:
    """The tutorial's stack with plain boto3 calls: role, echo function, GET /users (NONE,
    AWS_PROXY), its permission, a user pool with a client and a Cognito authorizer (not yet
    attached), deployed to `dev`. Used by the fixtures and by benchmarks/bench_emulator.py."""
    suffix = uuid.uuid4().hex[:8]
    role_arn = clients["iam"].create_role(
        RoleName=f"echo-role-{suffix}",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    name = f"echo-{suffix}"
    function_arn = clients["lambda"].create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="echo_handler.handler",
        Code={"ZipFile": zip_of(Path(__file__).with_name("echo_handler.py"), "echo_handler.py")},
        Timeout=1,
    )["FunctionArn"]
    apigw = clients["apigateway"]
    api_id = apigw.create_rest_api(
        name=f"users-{suffix}", endpointConfiguration={"types": ["REGIONAL"]}
    )["id"]
    root_id = next(
        r["id"] for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/"
    )
    resource_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="users")["id"]
    apigw.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE"
    )
    apigw.put_integration(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations",
    )
    clients["lambda"].add_permission(
        FunctionName=name,
        StatementId="apigateway-get-users",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/*/GET/users",
    )
    pool_id, client_id = create_pool(clients["cognito-idp"], f"pool-{suffix}")
    authorizer_id = apigw.create_authorizer(
        restApiId=api_id,
        name="cognito",
        type="COGNITO_USER_POOLS",
        providerARNs=[f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{pool_id}"],
        identitySource="method.request.header.Authorization",
    )["id"]
    stack = Stack(
        url, api_id, resource_id, function_arn, name, pool_id, client_id, authorizer_id, clients
    )
    stack.deploy()
    return stack


@pytest.fixture
def stack(emulator_url: str, make_clients: Callable[[], dict[str, Any]]) -> Stack:
    """The tutorial up to "anyone can call it": GET /users, NONE, AWS_PROXY, deployed to dev."""
    return build_stack(emulator_url, make_clients())


@pytest.fixture
def secured(stack: Stack) -> Stack:
    """The tutorial after "add a Cognito authorizer and redeploy"."""
    stack.attach_authorizer()
    stack.deploy()
    return stack


@dataclass
class LambdaAuthorizers:
    """A TOKEN and two REQUEST authorizers backed by `authorizer_handler.py`, on `stack`."""

    stack: Stack
    function_name: str
    token_id: str  # TOKEN, header Authorization, identityValidationExpression ^[a-z-]+$, TTL 300
    request_id: str  # REQUEST, header X-Token, TTL 300
    request_uncached_id: str  # REQUEST, header X-Token, TTL 0

    def use(self, authorizer_id: str, http_method: str = "GET") -> None:
        """Secure a method of /users with an authorizer and redeploy."""
        self.stack.clients["apigateway"].update_method(
            restApiId=self.stack.api_id,
            resourceId=self.stack.resource_id,
            httpMethod=http_method,
            patchOperations=[
                {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
                {"op": "replace", "path": "/authorizerId", "value": authorizer_id},
            ],
        )
        self.stack.deploy()

    def invocations(self) -> int:
        """How many times the authorizer function ran: its `START RequestId` log lines."""
        events = self.stack.clients["logs"].filter_log_events(
            logGroupName=f"/aws/lambda/{self.function_name}"
        )["events"]
        return sum(event["message"].startswith("START RequestId") for event in events)

    def add_method(self, http_method: str) -> None:
        """Another method on /users with the same echo integration and its permission."""
        apigw, stack = self.stack.clients["apigateway"], self.stack
        apigw.put_method(
            restApiId=stack.api_id,
            resourceId=stack.resource_id,
            httpMethod=http_method,
            authorizationType="NONE",
        )
        apigw.put_integration(
            restApiId=stack.api_id,
            resourceId=stack.resource_id,
            httpMethod=http_method,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
            f"{stack.function_arn}/invocations",
        )
        stack.clients["lambda"].add_permission(
            FunctionName=stack.function_name,
            StatementId=f"apigateway-{http_method.lower()}-users",
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{stack.api_id}/*/{http_method}/users",
        )


@pytest.fixture
def lambda_authorizers(stack: Stack) -> LambdaAuthorizers:
    """The authorizer function, API Gateway's permission to call it, and three authorizers."""
    clients = stack.clients
    name = f"authorizer-{uuid.uuid4().hex[:8]}"
    role_arn = clients["lambda"].get_function(FunctionName=stack.function_name)["Configuration"][
        "Role"
    ]
    function_arn = clients["lambda"].create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="authorizer_handler.handler",
        Code={
            "ZipFile": zip_of(
                Path(__file__).with_name("authorizer_handler.py"), "authorizer_handler.py"
            )
        },
        Timeout=3,
    )["FunctionArn"]
    clients["logs"].create_log_group(logGroupName=f"/aws/lambda/{name}")
    clients["lambda"].add_permission(
        FunctionName=name,
        StatementId="apigateway-authorizers",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{stack.api_id}/authorizers/*",
    )
    uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    apigw = clients["apigateway"]

    def create(**kwargs: Any) -> str:
        return str(
            apigw.create_authorizer(restApiId=stack.api_id, authorizerUri=uri, **kwargs)["id"]
        )

    return LambdaAuthorizers(
        stack,
        name,
        token_id=create(
            name="token",
            type="TOKEN",
            identitySource="method.request.header.Authorization",
            identityValidationExpression="^[a-z-]+$",
            authorizerResultTtlInSeconds=300,
        ),
        request_id=create(
            name="request",
            type="REQUEST",
            identitySource="method.request.header.X-Token",
            authorizerResultTtlInSeconds=300,
        ),
        request_uncached_id=create(
            name="request-uncached",
            type="REQUEST",
            identitySource="method.request.header.X-Token",
            authorizerResultTtlInSeconds=0,
        ),
    )

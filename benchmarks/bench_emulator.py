"""Measure the emulator on this machine and print a Markdown table for results.md.

- ready: seconds from `python -m emulator` to a 200 from /_emulator/health
- warm authorized GET: p50 and p99 of sequential requests with an ID token
- cold invoke: the first request to a new function (starts its worker)
- throughput: 8 concurrent clients, authorized GETs per second, and the error count

Targets (issue 2): ready <= 2 s; warm p50 <= 5 ms, p99 <= 20 ms; cold <= 500 ms; >= 200 req/s.
"""

from __future__ import annotations

import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import machine_description  # noqa: E402

from emulator.process import EmulatorProcess  # noqa: E402
from tests.emulator.conftest import Stack, create_pool, zip_of  # noqa: E402

WARM_REQUESTS = 1000
CLIENTS, PER_CLIENT = 8, 250


def build_stack(url: str) -> Stack:
    import json
    import uuid

    import boto3

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    clients = {
        n: session.client(n, endpoint_url=url)
        for n in ("iam", "lambda", "apigateway", "cognito-idp", "logs")
    }
    suffix = uuid.uuid4().hex[:6]
    role = clients["iam"].create_role(
        RoleName=f"bench-{suffix}",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    handler = ROOT / "tests" / "emulator" / "echo_handler.py"
    arn = clients["lambda"].create_function(
        FunctionName=f"bench-{suffix}",
        Runtime="python3.12",
        Role=role,
        Handler="echo_handler.handler",
        Code={"ZipFile": zip_of(handler, "echo_handler.py")},
    )["FunctionArn"]
    apigw = clients["apigateway"]
    api = apigw.create_rest_api(name=f"bench-{suffix}")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    res = apigw.create_resource(restApiId=api, parentId=root, pathPart="users")["id"]
    pool, client = create_pool(clients["cognito-idp"], f"bench-{suffix}")
    auth = apigw.create_authorizer(
        restApiId=api,
        name="c",
        type="COGNITO_USER_POOLS",
        providerARNs=[f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool}"],
        identitySource="method.request.header.Authorization",
    )["id"]
    apigw.put_method(
        restApiId=api,
        resourceId=res,
        httpMethod="GET",
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=auth,
    )
    apigw.put_integration(
        restApiId=api,
        resourceId=res,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations",
    )
    clients["lambda"].add_permission(
        FunctionName=f"bench-{suffix}",
        StatementId="apigw",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:us-east-1:123456789012:{api}/*/GET/users",
    )
    stack = Stack(url, api, res, arn, f"bench-{suffix}", pool, client, auth, clients)
    stack.deploy()
    return stack


def main() -> None:
    started = time.perf_counter()
    emulator = EmulatorProcess()
    ready = time.perf_counter() - started
    try:
        stack = build_stack(emulator.url)
        token = stack.tokens()["id"]
        url, headers = stack.invoke_url(), {"Authorization": token}
        with requests.Session() as session:
            cold_started = time.perf_counter()
            assert session.get(url, headers=headers).status_code == 200
            cold = time.perf_counter() - cold_started
            latencies = []
            for _ in range(WARM_REQUESTS):
                t = time.perf_counter()
                session.get(url, headers=headers)
                latencies.append((time.perf_counter() - t) * 1000)
        latencies.sort()

        def client(_: int) -> list[int]:
            with requests.Session() as s:
                return [s.get(url, headers=headers).status_code for _ in range(PER_CLIENT)]

        t = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [code for batch in pool.map(client, range(CLIENTS)) for code in batch]
        elapsed = time.perf_counter() - t
    finally:
        emulator.stop()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    errors = sum(1 for code in statuses if code != 200)
    print(f"Machine: {machine_description()}")
    print(f"Date: {time.strftime('%Y-%m-%d')}\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| start to healthy | {ready:.2f} s | <= 2 s |")
    print(f"| warm authorized GET p50 ({WARM_REQUESTS} sequential) | {p50:.2f} ms | <= 5 ms |")
    print(f"| warm authorized GET p99 | {p99:.2f} ms | <= 20 ms |")
    print(f"| first (cold) invoke through the stage | {cold * 1000:.0f} ms | <= 500 ms |")
    print(
        f"| throughput, {CLIENTS} clients x {PER_CLIENT} | {len(statuses) / elapsed:.0f} req/s, "
        f"{errors} errors | >= 200 req/s, 0 errors |"
    )


if __name__ == "__main__":
    main()

# ruff: noqa: E501  (notebook text: markdown links and cell lines are kept whole)
"""Write notebooks/08_lambda_authorizer.ipynb from the cells below (fixed cell ids).

Usage: python tools/notebook_08.py && ruff format notebooks/08_lambda_authorizer.ipynb &&
python tools/execute_notebooks.py --save --only 08
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.generate_notebooks import AWS, NOTEBOOKS, Cell, build, code, md  # noqa: E402

NAME = "08_lambda_authorizer"
GUIDE = f"{AWS}/apigateway/latest/developerguide"

FLOW = """```mermaid
flowchart LR
    C[Client] -->|GET /dev/users<br/>Authorization: ID token| G[API Gateway<br/>stage dev]
    C -->|GET /dev/users-lambda<br/>Authorization: ID token| G
    G -->|/users| A{Cognito user pool<br/>authorizer}
    G -->|/users-lambda| T{Lambda authorizer<br/>alice-token-authorizer}
    T -. IAM policy + context<br/>cached 300 s per token .-> G
    U[(Cognito user pool<br/>JWKS)] -. keys .-> A
    U -. keys, fetched once .-> T
    A --> L[Lambda<br/>alice-users]
    T --> L
```"""

CELLS: list[Cell] = [
    md(f"""
# 08 · A Lambda authorizer: check the token yourself

## Overview
A Cognito user pool authorizer is one of two ways API Gateway can check a bearer token before
the integration runs. The other is a **Lambda authorizer**: a function of yours that API
Gateway calls with the token, and that answers with an IAM policy (allow or deny) plus a
*context* for the backend. You write the checks, so it can trust any issuer or look anything
up, but you also own its code, its latency and its bill.

You build a TOKEN authorizer that verifies the same Cognito ID token as the Cognito
authorizer, with [PyJWT](https://pyjwt.readthedocs.io/) against the pool's public keys, put
it in front of a second route `GET /users-lambda` on the same API and stage, and compare the
two authorizers side by side, latency included.

{FLOW}

**Why a second resource, not a second stage?** A stage serves a snapshot of the *whole* API,
and a method has one authorization setting in it. Two stages could only differ by having been
deployed at different times, and the next deployment to either would silently change what it
protects. A second resource puts both authorizers in the same deployment, on the same stage,
in front of the same function: the comparison at the end measures the authorizers and
nothing else.

## Prerequisites
[05_user_and_token](05_user_and_token.ipynb): the pool, the app client, the user and
`GET /users` behind the Cognito authorizer. (06 and 07 are not needed.)
[AWS: Use API Gateway Lambda authorizers]({GUIDE}/apigateway-use-lambda-authorizer.html)
"""),
    code("""
from helpers import apigateway, authorizer_package, authorizers, awslambda, check, check_equal, cognito, connect, http
from helpers.diagnose import diagnose, print_diagnosis

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The API, pool, app client and function from 01-05"),
    code("""
api = apigateway.find_rest_api(wb)
check(api is not None, f"REST API {wb.names.rest_api} exists", "Run 02_rest_api to 05_user_and_token first.")
pool = cognito.find_user_pool(wb)
check(pool is not None, f"User pool {wb.names.user_pool} exists", "Run 04_cognito_authorizer first.")
app_client = cognito.find_app_client(wb, pool.id)
check(app_client is not None, f"App client {wb.names.app_client} exists", "Run 04_cognito_authorizer first.")
users_function = awslambda.find_function(wb)
check(users_function is not None, f"Function {wb.names.function} exists", "Run 01_lambda first.")
"""),
    md("""
## Step 1: A fresh ID token
The same sign-in as in 05: the user gets a new password (it lives only in this kernel) and
signs in with SRP.
"""),
    code("""
credentials = cognito.create_user(wb, pool.id)
tokens = cognito.sign_in(wb, pool.id, app_client.id, credentials)
claims = cognito.decode_claims(tokens.id_token)
print(f"ID token of {claims['cognito:username']} (token_use: {claims['token_use']})")
"""),
    md(f"""
## Step 2: The authorizer's code and its package
`lambda_src/authorizer/app.py` receives a **TOKEN** event: `authorizationToken` (the
`Authorization` header) and `methodArn` (which API, stage, method and path is being called).
It does what the Cognito guide's "Verifying a JSON web token" asks for:

1. read the token's header and pick the pool's public key with that `kid`; the keys come from
   the pool's JWKS URL, **fetched once per execution environment** and kept in memory;
2. check the RS256 signature, `iss` (this pool), `exp` (not expired), `token_use` (`id`: an
   access token is refused) and `aud` (this app client);
3. answer with an IAM policy and a context, or raise `Exception("Unauthorized")`, the exact
   error message API Gateway turns into `401 {{"message":"Unauthorized"}}`.

Lambda's Python runtime has the standard library and boto3, not PyJWT or cryptography, so
they go into the zip. On AWS they are downloaded as wheels built for Lambda (Linux x86_64,
Python 3.12) and cached in `.workbook/build/`; the local emulator runs functions on your own
interpreter, so it gets this environment's copies. Same code, same `CreateFunction` call.
[AWS: Verifying a JSON web token]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html),
[Python .zip packages with dependencies]({AWS}/lambda/latest/dg/python-package.html)
"""),
    code("""
package = authorizer_package.package_authorizer(wb.backend)
print(f"Package: {len(package)} bytes")
print("Contents:", ", ".join(authorizer_package.package_contents(package)))
"""),
    md(f"""
## Step 3: Its own least-privilege role
The authorizer gets a role of its own, like the users function in 01: it may write to its own
log group and nothing else. It needs no AWS permission to read the keys, because the JWKS is
public.
[AWS: Lambda execution role]({AWS}/lambda/latest/dg/lambda-intro-execution-role.html)
"""),
    code("""
authorizer_role = authorizers.create_authorizer_role(wb)
print(f"Role: {authorizer_role.name}")
"""),
    md(f"""
## Step 4: Create the function
The helper creates the log group and the function, and sets three environment variables so
the code is identical on both backends: `JWKS_URL` (AWS's Cognito endpoint, or the
emulator's copy of it), `ISSUER` and `APP_CLIENT_ID`.
[AWS: Lambda environment variables]({AWS}/lambda/latest/dg/configuration-envvars.html)
"""),
    code("""
authorizer_function = authorizers.create_authorizer_function(wb, authorizer_role.arn, pool.id, app_client.id)
print(f"Function: {authorizer_function.name} is {authorizer_function.state}")
for key, value in authorizers.authorizer_environment(wb, pool.id, app_client.id).items():
    print(f"  {key:<13} {value}")
"""),
    md("### Checkpoint: the function is Active"),
    code("""
check_equal(authorizer_function.state, "Active", "The authorizer function is Active", "Re-run Step 4.")
"""),
    md(f"""
## Step 5: The TOKEN authorizer
An API Gateway authorizer of type `TOKEN` reads one header (its **identity source**,
`method.request.header.Authorization`) and passes the value to the function. A missing or
empty header is refused with 401 *without* calling the function. (A `REQUEST` authorizer gets
headers, query string, path and stage variables instead; an `identityValidationExpression`
regex can refuse malformed tokens before the function is called.)

`authorizerResultTtlInSeconds` = 300: API Gateway **caches** the function's answer for five
minutes, keyed by the header's value. Calls with the same token in that time do not invoke
the function at all.
[AWS: Lambda authorizer input]({GUIDE}/api-gateway-lambda-authorizer-input.html),
[CreateAuthorizer]({AWS}/apigateway/latest/api/API_CreateAuthorizer.html)
"""),
    code("""
authorizer = authorizers.create_token_authorizer(wb, api.id, authorizer_function.arn)
print(f"Authorizer: {authorizer.name} (type {authorizer.type}, id: {authorizer.id})")
print(f"Identity source: {authorizer.identity_source} | result cached for {authorizer.result_ttl_s} s")
"""),
    md(f"""
## Step 6: Allow API Gateway to invoke it
Like the integration in 02, the authorizer needs a resource-based permission on its function,
but with a different source ARN: `.../{{apiId}}/authorizers/{{authorizerId}}`, this one
authorizer, not a method. Without it every call to a protected method gets
`500 {{"message":null}}` (`AuthorizerConfigurationException`).
[AWS: Resource-based policies for Lambda]({AWS}/lambda/latest/dg/access-control-resource-based.html)
"""),
    code("""
authorizer_permission = authorizers.add_authorizer_permission(wb, api.id, authorizer.id)
print(f"Permission {authorizer_permission.sid}: {authorizer_permission.principal}")
print(f"Source ARN: {authorizer_permission.source_arn}")
"""),
    md(f"""
## Step 7: Test the authorizer before deploying
The console's authorizer **Test** button calls `TestInvokeAuthorizer`: it runs the function
on a header value you give, always (no cache), without any deployment, and shows the
principal, the policy and an execution log. (The API reference gives `clientStatus` 0 for a
success; the emulator answers 200.) The test uses a stage called
`ESTestInvoke-stage`, which you will see in the policy's resource.

The function's answer is what the authorizer output guide describes: a `principalId` (here
the user's `sub`), a `policyDocument` with one statement, and a `context` whose values are
strings, numbers or booleans (no lists or objects: the groups become one comma-separated
string). You will see the context arrive in the backend in Step 13. The test's status is
`clientStatus`: 0 when the authorizer succeeded, otherwise the status the client would have
received (401, 403 or 500).
[AWS: Lambda authorizer output]({GUIDE}/api-gateway-lambda-authorizer-output.html)
"""),
    code("""
tested = authorizers.test_invoke_authorizer(wb, api.id, authorizer.id, tokens.id_token)
statement = tested.policy["Statement"][0]
print(f"Status: {tested.client_status} | principalId: {tested.principal_id}")
print(f"Policy: {statement['Effect']} {statement['Action']} on {statement['Resource']}")
"""),
    code("""
tested_garbage = authorizers.test_invoke_authorizer(wb, api.id, authorizer.id, "garbage")
print(f"With 'garbage': status {tested_garbage.client_status}, policy: {tested_garbage.policy}")
"""),
    md("### Checkpoint: the authorizer allows the ID token and refuses garbage"),
    code("""
check(
    statement["Effect"] == "Allow" and tested_garbage.client_status == 401,
    "TestInvokeAuthorizer: ID token allowed, garbage 401",
    "Read the function's log group for the reason it refused, then re-run Steps 4-7.",
)
"""),
    md(f"""
## Step 8: The caching gotcha, and why the policy says `/dev/*`
The policy is cached, not the decision. Within the 300 s, every call with the same token
reuses the policy from the first call, **whatever method or path it calls**. Had the function
allowed only the `methodArn` it was called for (`.../dev/GET/users-lambda`), a call with the
same token to another method protected by this authorizer would get
`403 {{"Message":"User is not authorized to access this resource"}}` until the cache expired,
a classic with `{{proxy+}}` resources. So the function allows `execute-api:Invoke` on
`arn:aws:execute-api:{{region}}:{{account}}:{{apiId}}/{{stage}}/*`: every method and path of the
stage that was called. Fine-grained decisions then belong in the backend (as in 07), or
caching must be off (TTL 0, one invocation per request).
[AWS Knowledge Center: 403 with a cached Lambda authorizer](https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors),
[Configure a Lambda authorizer (caching)]({GUIDE}/configure-api-gateway-lambda-authorization.html)
"""),
    md(f"""
## Step 9: A second route, `GET /users-lambda`
The same steps as 02 for `/users`, in one helper call: a resource under the root, a `GET`
method, a Lambda proxy integration to the same users function, and a permission on that
function for `GET /users-lambda` (its `GET /users` permission does not cover this path).
[AWS: Set up a Lambda proxy integration]({GUIDE}/set-up-lambda-proxy-integrations.html)
"""),
    code("""
route = authorizers.create_lambda_route(wb, api, users_function.arn)
print(f"Route: {route.http_method} {route.path} -> {users_function.name}")
"""),
    md(f"""
## Step 10: Attach the authorizer and redeploy
`UpdateMethod` sets the method's `authorizationType` to `CUSTOM` (the API's name for a Lambda
authorizer) and its `authorizerId`. As always, callers see it only after a new deployment.
[AWS: Deploy a REST API]({GUIDE}/how-to-deploy-api.html)
"""),
    code("""
method = authorizers.attach_lambda_authorizer(wb, api.id, route.resource_id, authorizer.id)
print(f"GET {route.path}: {method.authorization_type} (authorizer id: {method.authorizer_id})")
"""),
    code("""
deployment = apigateway.create_deployment(wb, api.id, "GET /users-lambda requires the Lambda authorizer")
print(f"Deployed to stage '{deployment.stage_name}' (deployment id: {deployment.id})")
"""),
    md("""
## Step 11: Call it without a token, and with garbage
No `Authorization` header: API Gateway refuses the call itself, the function is not invoked.
`garbage`: the function is invoked, cannot read a JWT and raises `Unauthorized`. Both are 401
with the same body as the Cognito authorizer's, shown as data:
"""),
    code("""
url = apigateway.invoke_url(wb, api.id, path=route.path)
without_token = http.call_api(url)
with_garbage = http.call_api(url, "garbage")
for label, r in (("No token", without_token), ("Garbage", with_garbage)):
    print(f"{label:<9} HTTP {r.status}: {http.body_text(r.body)} ({r.error_type})")
"""),
    md("### Checkpoint: the door is shut"),
    code("""
check(
    [(r.status, r.body) for r in (without_token, with_garbage)] == [(401, {"message": "Unauthorized"})] * 2,
    'No token and garbage: 401 {"message":"Unauthorized"}',
    "Did Step 10 deploy? Re-run it and Step 11.",
)
"""),
    md("""
Why each 401? `diagnose` reads the deployed method and its authorizer: with no token, API
Gateway refused before calling the function (the identity source is missing); with
`garbage`, the function ran and refused the token, and its reasons are in its log group.
"""),
    code("""
print_diagnosis(diagnose(wb, url))
print_diagnosis(diagnose(wb, url, "garbage"), brief=True)
"""),
    md("""
## Step 12: Call it with the ID token
The function verifies the token, API Gateway evaluates the returned policy against the
method ARN, and the request reaches the users function:
"""),
    code("""
with_id_token = http.call_api(url, tokens.id_token)
print(f"HTTP {with_id_token.status}: {http.body_text(with_id_token.body)}")
"""),
    md("### Checkpoint: the ID token opens the door"),
    code("""
check_equal(with_id_token.status, 200, "ID token through the Lambda authorizer: 200", "Re-run Steps 4-10; read the authorizer's logs.")
"""),
    md(f"""
## Step 13: What the users function received
No greeting this time: the users function greets by `requestContext.authorizer.claims`,
which only the **Cognito** authorizer fills. A Lambda authorizer's `context` arrives instead,
flat, in `requestContext.authorizer`, next to `principalId` (and `integrationLatency`, the
authorizer's time). The users function logs every event, and `requestContext.requestId` is the
`x-amzn-RequestId` header of the response, so the event is easy to find in its log group.
Backends that must work behind both authorizers read both shapes.
[AWS: Lambda authorizer output]({GUIDE}/api-gateway-lambda-authorizer-output.html)
"""),
    code("""
received = authorizers.get_received_event(wb, with_id_token.request_id)
context = received["requestContext"]["authorizer"]
for key in ("principalId", "username", "groups"):
    print(f"{key:<12} {context[key]!r}")
print(f"claims present: {'claims' in context}")
"""),
    md("### Checkpoint: the context reached the function"),
    code("""
check_equal(context["username"], credentials.username, "requestContext.authorizer.username is the signed-in user", "Re-run Step 12.")
"""),
    md("""
## Step 14: Latency, measured on the same stage
A new ID token (from the refresh token) is not in the authorizer's cache yet, so the first
call to `/users-lambda` invokes the function; the next 20 are served from the cache. The same
token goes to `/users` behind the Cognito authorizer. Every call is a real HTTP request to
the stage, on one kept-alive connection (so each first call also opens it). Your numbers will differ from run to run: on the
local emulator they show the emulator's overhead, on AWS the real one (a cold start of the
authorizer, which imports cryptography, can take a second).
"""),
    code("""
fresh = cognito.refresh_tokens(wb, pool.id, app_client.id, tokens)
print(f"A new ID token: {fresh.id_token != tokens.id_token}")
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
cognito_latency = authorizers.measure_latency(apigateway.invoke_url(wb, api.id), fresh.id_token)
lambda_latency = authorizers.measure_latency(url, fresh.id_token)
print(f"{'authorizer':<10} {'first call':>11} {'median of next 20':>18}")
for label, latency in (("Cognito", cognito_latency), ("Lambda", lambda_latency)):
    print(f"{label:<10} {latency.first_ms:>8.1f} ms {latency.median_ms:>15.1f} ms")
"""),
    md("### Checkpoint: every measured call succeeded"),
    code("""
check(
    set(cognito_latency.statuses) == set(lambda_latency.statuses) == {200},
    f"All {2 * (cognito_latency.calls + 1)} calls answered 200",
    "A 401 on /users: 07 may have left OAuth scopes on GET /users; re-run 04 and this step.",
)
"""),
    md(f"""
## Step 15: Cognito or Lambda authorizer?

| | Cognito user pool authorizer | Lambda authorizer (TOKEN, this notebook) |
|---|---|---|
| Who checks the token | API Gateway: signature, `iss` in `providerARNs`, `exp`, `token_use`, scopes | your function: whatever you code (here: signature, `iss`, `exp`, `token_use`, `aud`) |
| Token issuers | Cognito user pools only | any: another IdP, API keys of your own, a database lookup |
| App client (`aud`) | only with `identityValidationExpression` | checked in code |
| Decision | allow, or 401 | an IAM policy: allow or deny per method/path (403 on an explicit deny) |
| What the backend gets | `requestContext.authorizer.claims` (every claim, as strings) | `principalId` + your `context`, every value as a string |
| Caching | not needed: no code of yours runs | per token, `authorizerResultTtlInSeconds` (0-3600 s, default 300); the *policy* is cached |
| Cost | no charge beyond the API request | a Lambda invocation (request + duration) per uncached call, refused tokens included |
| Latency | no call to your code | one function invocation per uncached call; about nothing when cached (Step 14) |
| Code to own | none | the function, its dependencies, their updates |

API Gateway does not charge for requests refused by an authorizer (401/403), but Lambda does
charge for the authorizer invocations that refused them.
[AWS: API Gateway pricing notes]({GUIDE}/api-gateway-pricing.html),
[Control access with a Cognito user pool]({GUIDE}/apigateway-integrate-with-cognito.html),
[Use Lambda authorizers]({GUIDE}/apigateway-use-lambda-authorizer.html)

## Summary
You wrote a Lambda authorizer that verifies a Cognito ID token with PyJWT, packaged it with
its dependencies for either backend, gave it its own role and a permission scoped to one
authorizer, tested it with `TestInvokeAuthorizer`, protected a second route with it, saw its
context arrive in the backend, and compared it with the Cognito authorizer on the same stage.

## What's next
[99_cleanup](99_cleanup.ipynb) deletes everything, the authorizer function, its role, log
group and permission included. Ideas to try first: set the TTL to 0 and measure again; return
a `Deny` for a group and watch the 403; turn it into a `REQUEST` authorizer that also reads a
query parameter.
"""),
]


def main() -> None:
    nbformat.write(build(NAME, CELLS), NOTEBOOKS / f"{NAME}.ipynb")


if __name__ == "__main__":
    main()

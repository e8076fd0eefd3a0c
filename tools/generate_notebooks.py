# ruff: noqa: E501  (notebook text: markdown links and cell lines are kept whole)
"""Write notebooks/*.ipynb from the cell texts below (outputs are added by executing them).

Usage: python tools/generate_notebooks.py && ruff format notebooks && jupyter nbconvert
--to notebook --execute --inplace notebooks/[0-9]*.ipynb (in order, against the emulator,
with WORKBOOK_PREFIX=alice so the committed outputs match the tests).
Cell ids are fixed so regenerating gives no spurious diffs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

AWS = "https://docs.aws.amazon.com"
Cell = tuple[str, str]


def md(text: str) -> Cell:
    return ("md", text.strip("\n"))


def code(text: str) -> Cell:
    return ("code", text.strip("\n"))


FLOW_DIAGRAM = """```mermaid
flowchart LR
    C[Client<br/>curl, browser, app] -->|GET /dev/users<br/>Authorization: ID token| G[API Gateway<br/>stage dev]
    G --> A{Cognito user pool<br/>authorizer}
    A -->|valid ID token| L[Lambda<br/>alice-users]
    A -->|missing, invalid or<br/>access token| R[401 Unauthorized]
    U[(Cognito<br/>user pool)] -. signing keys JWKS .-> A
    C -. SRP sign-in .-> U
    L --> G --> C
```"""

SETUP = [
    md("""
# 00 · Setup: backend, identity and preflight checks

## Overview
In this workbook you protect a REST API with Amazon Cognito, one concept per notebook:

| Notebook | You build |
|---|---|
| 01_lambda | a Lambda function with a least-privilege role, and its logs |
| 02_rest_api | a REST API with `GET /users` calling the function |
| 03_deploy | a stage `dev` anyone can call |
| 04_cognito_authorizer | a user pool and an authorizer that shuts the door |
| 05_user_and_token | a user whose ID token opens it again |
| 99_cleanup | nothing left behind |

```mermaid
flowchart LR
    C[Client] --> G[API Gateway<br/>GET /users] --> A{Cognito<br/>authorizer} --> L[Lambda]
```

This notebook checks that everything is ready: which backend you use, who you are, that
your clock is right, and whether an earlier run left something behind.

## Prerequisites
- Opened with `make lab`. Nothing else: by default everything runs against a **local
  emulator** of AWS that this notebook starts for you. No account, no cost.
- To use your own AWS account instead, stop JupyterLab, `export WORKBOOK_BACKEND=aws` and
  `export AWS_PROFILE=<your profile>` (and `WORKBOOK_REGION` if the profile has no region),
  then `make lab` again. The resources cost a few cents at most; **run 99_cleanup when you
  are done**.
"""),
    code("""
from helpers import check, cleanup, connect, get_caller_identity, measure_clock_skew
"""),
    md(f"""
## Step 1: Choose the backend
Every AWS call goes to an *endpoint* in a *region*. `connect()` reads `WORKBOOK_BACKEND`
(`local` by default), picks the region, and starts the local emulator if it is not running.
It also sets your **prefix** (`WORKBOOK_PREFIX`, by default your user name): every resource
name starts with it and every resource is tagged with it, so a whole workshop can share one
account. [AWS: Regions and endpoints]({AWS}/general/latest/gr/rande.html),
[Tagging resources]({AWS}/tag-editor/latest/userguide/tagging.html)
"""),
    code("""
wb = connect()
print(f"Backend: {wb.backend} | region: {wb.region} | prefix: {wb.prefix}")
print(f"Endpoint: {wb.endpoint_url or 'AWS (chosen by boto3)'}")
"""),
    md(f"""
## Step 2: Who am I?
`sts:GetCallerIdentity` needs no permission and answers with the account and the identity
your credentials belong to: the first thing to check when something says *access denied*.
On the local backend the emulator's account is always `123456789012`.
[AWS: GetCallerIdentity]({AWS}/STS/latest/APIReference/API_GetCallerIdentity.html)
"""),
    code("""
identity = get_caller_identity(wb)
print(f"Account: {identity.account}")
print(f"Caller:  {identity.arn}")
"""),
    md("### Checkpoint: credentials"),
    code("""
check(identity.account.isdigit() and len(identity.account) == 12, "Credentials work", "See the message above.")
"""),
    md(f"""
## Step 3: Is your clock right?
Every AWS request is signed with the current time, and AWS rejects signatures more than
5 minutes off. Token expiry (`exp`) depends on the clock too. This compares your clock with
the `Date` header of the answer.
[AWS: Signature Version 4]({AWS}/IAM/latest/UserGuide/reference_sigv.html)
"""),
    code("""
skew = measure_clock_skew(wb)
print("Clock skew:", "under 5 seconds" if abs(skew) < 5 else f"{skew:+.0f} s")
"""),
    md("### Checkpoint: clock"),
    code("""
check(abs(skew) < 300, "Clock within 5 minutes of the backend", "Sync your clock (NTP), then re-run.")
"""),
    md("""
## Step 4: Leftovers from an earlier run
Everything the workbook creates carries your prefix, so it can find what an earlier run left
behind. Leftovers are not a problem: every notebook finds resources by name and reuses them.
To start from scratch, run `99_cleanup` first.
"""),
    code("""
leftovers = cleanup.find_leftovers(wb)
print(f"{len(leftovers)} resource(s) with prefix '{wb.prefix}'")
for leftover in leftovers:
    print(f"  {leftover.kind}: {leftover.name}")
"""),
    md("""
## Summary
You have a working backend, credentials and clock, and you know what already exists.

## What's next
[01_lambda](01_lambda.ipynb): the Lambda function behind `GET /users`.
"""),
]

LAMBDA = [
    md("""
# 01 · The Lambda function behind GET /users

## Overview
You create the function that answers `GET /users`: an execution role that may do nothing but
write its own logs, a log group, and the function itself from `lambda_src/users/app.py`. Then
you invoke it the way the console's **Test** button does and read what it logged.

```mermaid
flowchart LR
    T[Test event] --> L[Lambda<br/>alice-users] --> W[CloudWatch Logs<br/>/aws/lambda/alice-users]
    R[IAM role<br/>logs only] -. assumed by .-> L
```

## Prerequisites
[00_setup](00_setup.ipynb).
"""),
    code("""
import json

from helpers import awslambda, check, check_equal, connect, iam, logs

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md(f"""
## Step 1: A least-privilege execution role
A function runs with the permissions of its **execution role**. Lambda assumes it (the
*trust policy* names `lambda.amazonaws.com`), and the role's policies say what the function
may do. The managed policy `AWSLambdaBasicExecutionRole` allows writing to *every* log group
in the account; this role gets an inline policy for its own log group only.
[AWS: Lambda execution role]({AWS}/lambda/latest/dg/lambda-intro-execution-role.html)
"""),
    code("""
role = iam.create_execution_role(wb)
print(f"Role: {role.name}")
"""),
    md("### Checkpoint: the role may only write its own logs"),
    code("""
policy = iam.get_role_policy(wb)
statement = policy["Statement"][0]
print(json.dumps(statement, indent=2))
check(
    statement["Resource"].endswith(f"log-group:{wb.names.log_group}:*")
    and sorted(statement["Action"]) == ["logs:CreateLogStream", "logs:PutLogEvents"],
    "The role can write to its own log group and nothing else",
    "Re-run the cell above to rewrite the policy.",
)
"""),
    md(f"""
## Step 2: The log group
Lambda writes what the function prints to the log group `/aws/lambda/<function name>`.
Creating it ourselves gives it a retention period (7 days) and our tags, and means the role
needs no `logs:CreateLogGroup`.
[AWS: Lambda and CloudWatch Logs]({AWS}/lambda/latest/dg/monitoring-cloudwatchlogs.html)
"""),
    code("""
log_group = logs.create_log_group(wb)
print(f"Log group: {log_group}")
"""),
    md(f"""
## Step 3: Package the code
A Python function is deployed as a .zip of its source. `lambda_src/users/app.py` is the
whole package: it imports nothing else. Open it to see the handler; it logs its event, like
the tutorial's `console.log('event', event)`, and returns the tutorial's body.
[AWS: .zip deployment packages for Python]({AWS}/lambda/latest/dg/python-package.html)
"""),
    code("""
package = awslambda.package_function()
print(f"Package: {len(package)} bytes, handler {awslambda.HANDLER}, runtime {awslambda.RUNTIME}")
"""),
    md(f"""
## Step 4: Create the function
`CreateFunction` often fails for a few seconds after a role is created, with
`InvalidParameterValueException: The role defined for the function cannot be assumed by
Lambda`, because IAM is *eventually consistent*. The helper retries exactly that error, then
waits (waiter `function_active_v2`) until the function leaves the `Pending` state.
[AWS: Lambda function states]({AWS}/lambda/latest/dg/functions-states.html)
"""),
    code("""
function = awslambda.create_function(wb, role.arn)
print(f"Function: {function.name} ({function.runtime}, {function.handler}) is {function.state}")
"""),
    md("### Checkpoint: the function is Active"),
    code("""
check_equal(function.state, "Active", "The function is Active", "Re-run the cell above.")
"""),
    md(f"""
## Step 5: Test it like the console does
The console's **Test** button invokes the function synchronously with a test event you
write, and shows the result, the request id and the log output. An API Gateway test event
only needs the fields the handler reads; the next notebooks send real ones.
[AWS: Testing Lambda functions in the console]({AWS}/lambda/latest/dg/testing-functions.html)
"""),
    code("""
test_event = {"httpMethod": "GET", "path": "/users"}
result = awslambda.invoke_function(wb, test_event)
print(f"Status: {result.status_code} | function error: {result.function_error}")
print(f"Response: {json.dumps(result.payload)}")
"""),
    md("### Checkpoint: the tutorial's response"),
    code("""
check(
    result.function_error is None
    and result.payload["statusCode"] == 200
    and json.loads(result.payload["body"]) == "Testing Lambda from API Gateway",
    "The function answers 200 with 'Testing Lambda from API Gateway'",
    "Read the error above; fix lambda_src/users/app.py and re-run Step 4.",
)
"""),
    md(f"""
## Step 6: Read the logs
Each invocation writes a `START` line, what the function printed, an `END` line and a
`REPORT` line with its duration and memory, all tagged with the request id. On AWS the lines
reach CloudWatch Logs a few seconds after the call; the helper waits for the `REPORT` line.
[AWS: Viewing Lambda logs]({AWS}/lambda/latest/dg/monitoring-cloudwatchlogs-view.html)
"""),
    code("""
log_lines = logs.get_invocation_log(wb, result.request_id)
for line in log_lines:
    print(line.replace("\\t", "  "))
"""),
    md("### Checkpoint: the event was logged"),
    code("""
expected = "event " + json.dumps(test_event, separators=(",", ":"), sort_keys=True)
check(expected in log_lines, "The handler logged its event", "Check that app.py prints the event.")
"""),
    md("""
## Summary
You have a function with a least-privilege role and its own log group, tested like the
console does. Nobody outside your account can call it yet.

## What's next
[02_rest_api](02_rest_api.ipynb): a REST API that calls this function.
"""),
]

REST_API = [
    md("""
# 02 · A REST API with GET /users

## Overview
You create a REST API in API Gateway with one resource, `/users`, and one method, `GET`, that
hands every request to your Lambda function (a *Lambda proxy integration*). You allow API
Gateway to invoke the function, and test the method from the inside, before anyone can call
it from the outside.

```mermaid
flowchart LR
    T[TestInvokeMethod] --> M[GET /users<br/>authorization NONE] -->|AWS_PROXY| L[Lambda]
```

## Prerequisites
[01_lambda](01_lambda.ipynb): the function `<prefix>-users`.
"""),
    code("""
from helpers import apigateway, awslambda, check, check_equal, connect

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The function from 01_lambda"),
    code("""
function = awslambda.find_function(wb)
check(function is not None, f"Function {wb.names.function} exists", "Run 01_lambda first.")
"""),
    md(f"""
## Step 1: Create the REST API
A REST API is a collection of resources (paths) and methods. A **REGIONAL** endpoint serves
clients in the same region directly, with no CloudFront in front of it.
[AWS: Create a REST API]({AWS}/apigateway/latest/developerguide/how-to-create-api.html),
[API endpoint types]({AWS}/apigateway/latest/developerguide/api-gateway-api-endpoint-types.html)
"""),
    code("""
api = apigateway.create_rest_api(wb)
print(f"REST API: {api.name} (id: {api.id})")
"""),
    md(f"""
## Step 2: The /users resource
Resources form a tree under `/`. `/users` is a child of the root resource.
[AWS: Set up API resources]({AWS}/apigateway/latest/developerguide/how-to-method-settings-method-request.html)
"""),
    code("""
users_id = apigateway.create_resource(wb, api)
print(f"Resource: {wb.names.resource_path} (id: {users_id})")
"""),
    md("""
## Step 3: The GET method, open to everyone
For now the method has authorization `NONE`: anyone who knows the URL may call it. In
04_cognito_authorizer you change that. (Re-running this cell after notebook 04 resets the
method to `NONE`, so the course can be replayed from here.)
"""),
    code("""
method = apigateway.put_method(wb, api.id, users_id)
print(f"Method: {method.http_method} /users | authorization: {method.authorization_type}")
"""),
    md(f"""
## Step 4: The Lambda proxy integration
With `AWS_PROXY`, API Gateway passes the whole request to the function as an event
(method, path, headers, query string, and the authorizer's claims) and turns the function's
`statusCode`, `headers` and `body` into the HTTP response. API Gateway always calls Lambda with
`POST`, whatever the client's method.
[AWS: Lambda proxy integrations]({AWS}/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html)
"""),
    code("""
integration = apigateway.put_lambda_integration(wb, api.id, users_id, function.arn)
print(f"Integration: {integration.type}, {integration.http_method} to {function.name}")
"""),
    md(f"""
## Step 5: Allow API Gateway to invoke the function
A function's **resource-based policy** says who else may invoke it. The permission is scoped
to this API's `GET /users` (any stage), not to every API in the account. Without it, callers
get `500 Internal server error`.
[AWS: Resource-based policies for Lambda]({AWS}/lambda/latest/dg/access-control-resource-based.html)
"""),
    code("""
source_arn = apigateway.method_source_arn(wb, api.id)
print(f"Source ARN: {source_arn}")
"""),
    code("""
permission = awslambda.add_permission(wb, source_arn)
print(f"Permission {permission.sid}: {permission.principal} may {permission.action}")
"""),
    md("### Checkpoint: the permission is scoped to GET /users"),
    code("""
check_equal(permission.source_arn, source_arn, "Only this API's GET /users may invoke the function", "Re-run Step 5.")
"""),
    md(f"""
## Step 6: Test the method before deploying
The console's **Test** tab calls `TestInvokeMethod`: it runs the method as it is now, without
a deployment and without authorization, and returns the status, body and an execution log.
[AWS: Test a REST API method]({AWS}/apigateway/latest/developerguide/how-to-test-method.html)
"""),
    code("""
test = apigateway.test_invoke_method(wb, api.id, users_id)
print(f"Status: {test.status} | body: {test.body}")
"""),
    md("### Checkpoint: the method reaches the function"),
    code("""
check_equal(test.status, 200, "GET /users answers 200 through the integration", "Check Steps 4 and 5.")
"""),
    md("""
## Summary
`GET /users` works from the inside. It has no URL yet: a REST API is reachable only
through a **stage**, which serves a **deployment**.

## What's next
[03_deploy](03_deploy.ipynb): deploy it and call it from the outside.
"""),
]

DEPLOY = [
    md("""
# 03 · Deploy and call the API

## Overview
A deployment is a snapshot of the API; a stage (`dev`) serves one deployment at a URL. You
deploy, call the URL like any client would, and see the point of the next notebook: anyone
with the URL can call it.

```mermaid
flowchart LR
    A[Anyone with the URL] -->|GET /dev/users| S[Stage dev<br/>deployment 1] --> L[Lambda]
```

## Prerequisites
[02_rest_api](02_rest_api.ipynb). If you have already done 04, re-run 02 first (it makes
`GET /users` open again).
"""),
    code("""
from helpers import apigateway, check, connect, http

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The API from 02_rest_api"),
    code("""
api = apigateway.find_rest_api(wb)
check(api is not None, f"REST API {wb.names.rest_api} exists", "Run 02_rest_api first.")
"""),
    md(f"""
## Step 1: Deploy to stage dev
`CreateDeployment` freezes the API's current configuration and points the stage at it (the
stage is created on the first deployment). Each run of this cell makes a new deployment.
[AWS: Deploy a REST API]({AWS}/apigateway/latest/developerguide/how-to-deploy-api.html)
"""),
    code("""
deployment = apigateway.create_deployment(wb, api.id, "GET /users, open")
print(f"Deployed to stage '{deployment.stage_name}' (deployment id: {deployment.id})")
"""),
    md(f"""
## Step 2: The invoke URL
On AWS it is `https://{{api-id}}.execute-api.{{region}}.amazonaws.com/{{stage}}/users`; the local
emulator serves the same API at `http://127.0.0.1:{{port}}/restapis/{{api-id}}/{{stage}}/_user_request_/users`.
Paste the command into a terminal to call it yourself (or use Postman).
[AWS: Invoke a REST API]({AWS}/apigateway/latest/developerguide/how-to-call-api.html)
"""),
    code("""
print(f"Invoke URL: {deployment.invoke_url}")
print(http.curl_command(deployment.invoke_url))
"""),
    md("## Step 3: Call it"),
    code("""
response = http.call_api(deployment.invoke_url)
print(f"HTTP {response.status}: {http.body_text(response.body)}")
"""),
    md("### Checkpoint: the tutorial's answer"),
    code("""
check(
    response.status == 200 and response.body == "Testing Lambda from API Gateway",
    "The API answers 200 with 'Testing Lambda from API Gateway'",
    "A 403 means a wrong path or stage; a 500 the Lambda permission (02, Step 5).",
)
"""),
    md("""
## Summary
Your API is live, and **anyone with the URL can call it**: no sign-in, no token. That is fine
for a public endpoint and wrong for a list of users.

## What's next
[04_cognito_authorizer](04_cognito_authorizer.ipynb): require a Cognito sign-in.
"""),
]

AUTHORIZER = [
    md(f"""
# 04 · Protect the API with a Cognito user pool authorizer

## Overview
You create a Cognito **user pool** (a user directory that signs users in and issues tokens),
an **app client** for your front end, and a `COGNITO_USER_POOLS` **authorizer** that checks
the token in each request's `Authorization` header before the Lambda runs.

{FLOW_DIAGRAM}

You will see the most common surprise of this tutorial: attaching the authorizer changes
nothing until you **redeploy**.

## Prerequisites
[03_deploy](03_deploy.ipynb): the API deployed to stage `dev`.
"""),
    code("""
from helpers import apigateway, check, check_equal, cognito, cognito_authorizer, connect, http
from helpers.diagnose import diagnose, print_diagnosis

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The API and its URL from 02 and 03"),
    code("""
api = apigateway.find_rest_api(wb)
check(api is not None, f"REST API {wb.names.rest_api} exists", "Run 02_rest_api and 03_deploy first.")
users_id = apigateway.find_resource(wb, api.id)
url = apigateway.invoke_url(wb, api.id)
"""),
    md(f"""
## Step 1: A user pool with a password policy
The pool stores users and signs their tokens. Its password policy applies to every password:
here at least 12 characters with upper and lower case, a number and a symbol. Only
administrators create users (no self sign-up).
[AWS: User pools]({AWS}/cognito/latest/developerguide/cognito-user-pools.html),
[Password policies]({AWS}/cognito/latest/developerguide/managing-users-passwords.html)
"""),
    code("""
pool = cognito.create_user_pool(wb)
print(f"User pool: {pool.name} (id: {pool.id})")
"""),
    md("### Checkpoint: the password policy"),
    code("""
policy = cognito.get_password_policy(wb, pool.id)
print({key: policy[key] for key in sorted(policy) if key != "TemporaryPasswordValidityDays"})
check(
    policy["MinimumLength"] >= 12 and policy["RequireSymbols"] and policy["RequireNumbers"],
    "The pool requires strong passwords",
    "Delete the pool (99_cleanup) and re-run this notebook.",
)
"""),
    md(f"""
## Step 2: An app client
An app client is how an application talks to the pool. A browser or mobile app cannot keep
a secret, so this client has **no secret**. It allows two flows: **SRP** (Secure Remote
Password: the password never leaves the device) and **refresh token** sign-in.
[AWS: App clients]({AWS}/cognito/latest/developerguide/user-pool-settings-client-apps.html)
"""),
    code("""
app_client = cognito.create_app_client(wb, pool.id)
print(f"App client: {app_client.name} (client id: {app_client.id}) | secret: {app_client.has_secret}")
print(f"Auth flows: {', '.join(app_client.explicit_auth_flows)}")
"""),
    md(f"""
## Step 3: The Cognito authorizer
A `COGNITO_USER_POOLS` authorizer reads the token from the **identity source**, here the
`Authorization` header, and checks that a pool listed in `providerARNs` signed it and that it
has not expired. Without OAuth scopes on the method, it accepts **ID tokens** only.
[AWS: Control access with a Cognito user pool authorizer]({AWS}/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html)
"""),
    code("""
authorizer = cognito_authorizer.create_cognito_authorizer(wb, api.id, pool.arn)
print(f"Authorizer: {authorizer.name} ({authorizer.type}) reads {authorizer.identity_source}")
"""),
    md(f"""
## Step 4: Attach it to GET /users
In the console this is **Method Request → Authorization**; the API call is `UpdateMethod`
with patch operations on `/authorizationType` and `/authorizerId`.
[AWS: Integrate a REST API with a user pool]({AWS}/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html)
"""),
    code("""
method = cognito_authorizer.attach_authorizer(wb, api.id, users_id, authorizer.id)
print(f"GET /users now requires: {method.authorization_type}")
"""),
    md("""
## Step 5: Call the API again, without redeploying
The stage still serves the deployment from 03_deploy, a snapshot taken **before** you attached
the authorizer. So the API is still open:
"""),
    code("""
before = http.call_api(url)
print(f"HTTP {before.status}: {http.body_text(before.body)}")
"""),
    md("### Checkpoint: still open until redeployed"),
    code("""
check_equal(before.status, 200, "Still 200: the stage serves the old deployment", "Re-run 03_deploy, then this notebook.")
"""),
    md(f"""
## Step 6: Redeploy
"After performing any of the procedures below, you'll need to deploy or redeploy your API to
propagate the changes." A new deployment snapshots the method with its authorizer.
[AWS: Deploy a REST API]({AWS}/apigateway/latest/developerguide/how-to-deploy-api.html)
"""),
    code("""
deployment = apigateway.create_deployment(wb, api.id, "GET /users requires Cognito")
print(f"Deployed to stage '{deployment.stage_name}' (deployment id: {deployment.id})")
"""),
    md("""
## Step 7: Call it without a token
Now the authorizer runs first and turns the request away before the Lambda is invoked. The
401 is the expected result, shown as data:
"""),
    code("""
after = http.call_api(url)
print(f"HTTP {after.status}: {http.body_text(after.body)} ({after.error_type})")
"""),
    md("### Checkpoint: the door is shut"),
    code("""
check(
    after.status == 401 and after.body == {"message": "Unauthorized"},
    'Without a token: 401 {"message":"Unauthorized"}',
    "Did Step 6 deploy? Re-run it and Step 7.",
)
"""),
    md("""
### Why 401? Ask `diagnose`
`diagnose(wb, url, token)` calls the URL, then reads the live configuration (the deployed
stage, the authorizer, the Lambda permission) and the token, and names the likely cause.
06_attack_your_api uses it after every failure.
"""),
    code("""
print_diagnosis(diagnose(wb, url))
"""),
    md("""
## Summary
`GET /users` now requires a valid ID token from your pool, and you saw why every API change
needs a redeployment.

## What's next
[05_user_and_token](05_user_and_token.ipynb): a user, a sign-in and a token that opens the door.
"""),
]

USER_AND_TOKEN = [
    md(f"""
# 05 · A user, a sign-in and the right token

## Overview
You create a user, sign in with SRP, and compare the two tokens Cognito returns. The ID token
opens the API and the Lambda greets you by name; the access token does not, and you will see
why. Finally you get fresh tokens with the refresh token.

{FLOW_DIAGRAM}

## Prerequisites
[04_cognito_authorizer](04_cognito_authorizer.ipynb): the pool, the app client and the
redeployed API.
"""),
    code("""
from helpers import apigateway, check, check_equal, cognito, connect, http, widgets
from helpers.diagnose import diagnose, print_diagnosis

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The pool, app client and URL from 04"),
    code("""
pool = cognito.find_user_pool(wb)
check(pool is not None, f"User pool {wb.names.user_pool} exists", "Run 04_cognito_authorizer first.")
app_client = cognito.find_app_client(wb, pool.id)
check(app_client is not None, f"App client {wb.names.app_client} exists", "Run 04_cognito_authorizer first.")
url = apigateway.invoke_url(wb, apigateway.find_rest_api(wb).id)
"""),
    md(f"""
## Step 1: Create a user
An administrator creates the user (`AdminCreateUser`, no invitation email) and sets a
**permanent** password, so the user is `CONFIRMED` and can sign in at once. The password is
generated at random and lives only in this kernel's memory: it is never printed.
[AWS: Creating users as an administrator]({AWS}/cognito/latest/developerguide/how-to-create-user-accounts.html)
"""),
    code("""
credentials = cognito.create_user(wb, pool.id)
print(f"User: {credentials.username} | password: generated, never shown")
"""),
    md("### Checkpoint: the user can sign in"),
    code("""
status = cognito.get_user_status(wb, pool.id, credentials.username)
check_equal(status, "CONFIRMED", "The user is CONFIRMED", "Re-run Step 1.")
"""),
    md(f"""
## Step 2: Sign in with SRP
With SRP the app proves that it knows the password without sending it. Cognito answers with
three tokens: an **ID token** (who the user is), an **access token** (what the user may do
with the pool's API) and a **refresh token** (to get new ones). Tokens are secrets: only
their first characters are shown.
[AWS: Authentication flows]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow.html)
"""),
    code("""
tokens = cognito.sign_in(wb, pool.id, app_client.id, credentials)
print(f"ID token:      {cognito.token_preview(tokens.id_token)}")
print(f"Access token:  {cognito.token_preview(tokens.access_token)}")
print(f"Refresh token: {cognito.token_preview(tokens.refresh_token, 4)}")
"""),
    md(f"""
## Step 3: ID token and access token, side by side
Both are JWTs signed by the pool. The ID token has `token_use: id`, the app client in `aud`
and the user's attributes; the access token has `token_use: access`, `client_id` and a
`scope`. Both last one hour.
[AWS: Using tokens]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html)
"""),
    code("""
rows = cognito.compare_claims(tokens)
for row in rows:
    print(f"{row.claim:<17} ID: {row.id_token:<30} access: {row.access_token}")
"""),
    md("""
## Step 4: Call the API with the ID token
Send the token in the `Authorization` header. The authorizer verifies it and passes its
claims to the Lambda in `requestContext.authorizer.claims`; the handler greets the user by
the `cognito:username` claim. From a terminal: `curl -H "Authorization: $ID_TOKEN" <url>`.
"""),
    code("""
with_id_token = http.call_api(url, tokens.id_token)
print(f"HTTP {with_id_token.status}: {http.body_text(with_id_token.body)}")
"""),
    md("### Checkpoint: the ID token opens the door"),
    code("""
check(
    with_id_token.status == 200 and with_id_token.body == f"Testing Lambda from API Gateway. Hello, {credentials.username}!",
    "ID token: 200, and the Lambda greets the user by the claims it received",
    "A 401 here: was the API redeployed in 04? Is the token from this pool?",
)
"""),
    md(f"""
## Step 5: Call the API with the access token
The method has no OAuth scopes, and then "API Gateway treats the supplied token as an
identity token". An access token is not an identity token, so: 401. To accept access
tokens, give the method **authorization scopes** (a resource server's custom scopes, which
need the OAuth2 token endpoint) and redeploy.
[AWS: Integrate a REST API with a user pool]({AWS}/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html)
"""),
    code("""
with_access_token = http.call_api(url, tokens.access_token)
print(f"HTTP {with_access_token.status}: {http.body_text(with_access_token.body)}")
"""),
    md("### Checkpoint: no scopes means ID tokens only"),
    code("""
check_equal(with_access_token.status, 401, "Access token: 401, the method accepts ID tokens only", "Check the method has no scopes.")
"""),
    code("""
print_diagnosis(diagnose(wb, url, tokens.access_token))
"""),
    md(f"""
## Step 6: Refresh the tokens
ID and access tokens expire after an hour (`"The incoming token has expired"`). The refresh
token (valid 30 days) gets new ones without the password: flow `REFRESH_TOKEN_AUTH`.
[AWS: Refresh tokens]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html)
"""),
    code("""
refreshed = cognito.refresh_tokens(wb, pool.id, app_client.id, tokens)
print(f"New ID token: {cognito.token_preview(refreshed.id_token)}")
print(f"Different from the first one: {refreshed.id_token != tokens.id_token}")
"""),
    code("""
with_refreshed = http.call_api(url, refreshed.id_token)
print(f"HTTP {with_refreshed.status}: {http.body_text(with_refreshed.body)}")
"""),
    md("### Checkpoint: the refreshed ID token works"),
    code("""
check_equal(with_refreshed.status, 200, "The refreshed ID token opens the door", "Sign in again (Step 2).")
"""),
    md("""
## Try it yourself
Pick what goes into the `Authorization` header and call the API as often as you like: no
token, the ID token, the access token, or the ID token with a `Bearer ` prefix. This is what
Postman or Insomnia would do in the console tutorial; the tokens stay inside the widget.
(Nothing here is checked: the checkpoints above already were.)
"""),
    code("""
widgets.api_caller(
    url,
    {
        "no token": None,
        "ID token": refreshed.id_token,
        "access token": refreshed.access_token,
        "Bearer + ID token": f"Bearer {refreshed.id_token}",
    },
)
"""),
    md("""
## Summary
You protected a REST API with a Cognito user pool authorizer: the ID token of a signed-in
user is accepted and reaches the Lambda as claims; a missing token or an access token is
refused with 401; every change to a method needs a redeployment.

## What's next
[06_attack_your_api](06_attack_your_api.ipynb): try to get past the authorizer, and see why
each attempt fails. Or, if you are done, [99_cleanup](99_cleanup.ipynb): delete everything,
especially on AWS.
"""),
]

CLEANUP = [
    md("""
# 99 · Cleanup

## Overview
Delete everything this prefix created: the API (with its stages, deployments and
authorizer), the functions' permissions, the function, its log group, the role, the pools'
domain and the user pools (with their app clients, users, groups and resource server). It finds resources by name, so it works from any partial
state, also after a kernel restart or a course abandoned half-way. On AWS, **run it when you
are done**, so nothing is left to cost money.

## Prerequisites
None: run it whenever you want to start again.
"""),
    code("""
from helpers import check, cleanup, connect

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 1: What exists"),
    code("""
found = cleanup.find_leftovers(wb)
print(f"{len(found)} resource(s) with prefix '{wb.prefix}'")
for leftover in found:
    print(f"  {leftover.kind}: {leftover.name}")
"""),
    md("## Step 2: Delete it, outside in"),
    code("""
deleted = cleanup.delete_everything(wb)
for leftover in deleted:
    print(f"Deleted {leftover.kind}: {leftover.name}")
"""),
    md("## Step 3: Check that nothing is left"),
    code("""
remaining = cleanup.find_leftovers(wb)
for leftover in remaining:
    print(f"Still there: {leftover.kind}: {leftover.name}")
check(remaining == [], f"Nothing with prefix '{wb.prefix}' is left", "Re-run this notebook.")
"""),
    md("""
## Summary
Everything the workbook created is gone. On the local backend the emulator keeps running in
the background for the next run (stop it with `kill $(cat .workbook/emulator.pid)`).

## What's next
Start again at [00_setup](00_setup.ipynb), or try the workbook against your own account with
`WORKBOOK_BACKEND=aws`.
"""),
]

ALL = {
    "00_setup": SETUP,
    "01_lambda": LAMBDA,
    "02_rest_api": REST_API,
    "03_deploy": DEPLOY,
    "04_cognito_authorizer": AUTHORIZER,
    "05_user_and_token": USER_AND_TOKEN,
    "99_cleanup": CLEANUP,
}


def build(name: str, cells: list[Cell]) -> nbformat.NotebookNode:
    notebook = new_notebook()
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    for index, (kind, text) in enumerate(cells):
        cell = new_markdown_cell(text) if kind == "md" else new_code_cell(text)
        cell.id = f"{name.replace('_', '-')}-{index:02d}"
        notebook.cells.append(cell)
    return notebook


def main(names: list[str]) -> None:
    for name, cells in ALL.items():
        if names and name not in names:
            continue
        nbformat.write(build(name, cells), NOTEBOOKS / f"{name}.ipynb")


if __name__ == "__main__":
    main(sys.argv[1:])

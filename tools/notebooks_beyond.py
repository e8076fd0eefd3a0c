# ruff: noqa: E501  (notebook text: markdown links and cell lines are kept whole)
"""Write notebooks 06_attack_your_api and 07_groups_and_scopes from the cell texts below.

Usage: python tools/notebooks_beyond.py [06_attack_your_api 07_groups_and_scopes], then
`python tools/execute_notebooks.py --save --only 06 07` for the outputs. Cell ids are fixed
(``build`` numbers them), as in tools/generate_notebooks.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.generate_notebooks import AWS, NOTEBOOKS, Cell, build, code, md  # noqa: E402

ATTACK_DIAGRAM = """```mermaid
flowchart LR
    X[Attacker<br/>forged, foreign,<br/>wrong or old tokens] -->|GET /dev/users| A{Cognito<br/>authorizer}
    A -->|signature, iss, token_use, exp<br/>any check fails| R[401]
    A -->|all checks pass| L[Lambda]
    J[(pool's JWKS)] -. public keys .-> A
```"""

ATTACK = [
    md(f"""
# 06 · Attack your own API

## Overview
An authorizer is only as good as the checks it makes. In this notebook you try to get past
yours with the tricks people really try: no token, garbage, a token whose payload you edited,
a token you signed with your own key, an unsigned token (`alg: none`), a genuine token from
*another* user pool, an access token instead of an ID token, and an expired token. Each
attempt is kept as data: status, body, and why. A valid token with a `Bearer ` prefix is the
control: it gets in, so the refusals are about the tokens.

{ATTACK_DIAGRAM}

After each failure you ask `diagnose()` why: it calls the URL, reads the live configuration
(stage, deployment, authorizer, Lambda permission) and the token, and names the cause.

## Prerequisites
[05_user_and_token](05_user_and_token.ipynb): the protected API, the pool and its user.
"""),
    code("""
from helpers import apigateway, attacks, check, cognito, connect
from helpers.diagnose import diagnose, print_diagnosis

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("""
## Step 0: The protected API and a fresh sign-in
Every forged token below starts from this genuine ID token.
"""),
    code("""
pool = cognito.find_user_pool(wb)
check(pool is not None, f"User pool {wb.names.user_pool} exists", "Run 04 and 05 first.")
app_client = cognito.find_app_client(wb, pool.id)
api = apigateway.find_rest_api(wb)
url = apigateway.invoke_url(wb, api.id)
credentials = cognito.create_user(wb, pool.id)
tokens = cognito.sign_in(wb, pool.id, app_client.id, credentials)
print(f"Signed in as {credentials.username}; ID token {cognito.token_preview(tokens.id_token)}")
"""),
    md(f"""
## Step 1: The control: a valid ID token, with and without `Bearer `
The documented form is the raw token in `Authorization`. Many clients send
`Authorization: Bearer <token>`, and API Gateway accepts that too. If the control failed,
every refusal below would prove nothing.
[AWS: Integrate a REST API with a user pool]({AWS}/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html)
"""),
    code("""
valid = attacks.try_attempt(url, attacks.Attempt("valid ID token", tokens.id_token, "control: accepted"))
bearer = attacks.try_attempt(url, attacks.bearer_prefixed(tokens.id_token))
print(attacks.table([valid, bearer]))
"""),
    md("""
## Step 2: No token, and garbage
The authorizer first looks for a token in the header it reads, then for a JWT: three
base64url parts (header, payload, signature) joined by dots. Both fail before any
cryptography.
"""),
    code("""
no_token = attacks.try_attempt(url, attacks.no_token())
garbage = attacks.try_attempt(url, attacks.garbage())
print(attacks.table([no_token, garbage]))
"""),
    md("""
### Ask why
`diagnose(wb, url, token)` calls the URL and then reads what API Gateway would: the stage and
the deployment it serves, the authorizer and the header it reads, the token, and the Lambda
permission. ✅ and ❌ show each check; the first ❌ that explains the status is the likely
cause.
"""),
    code("""
print_diagnosis(diagnose(wb, url))
"""),
    md(f"""
## Step 3: Edit the payload, keep the signature
A JWT's payload is only base64url-encoded, not encrypted: anyone can read it, and anyone can
change it. Here `cognito:username` becomes `admin`. But the RS256 signature covers the header
and the payload, so the old signature no longer matches.
[Cognito: Verifying a JSON Web Token]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html)
"""),
    code("""
tampered_attempt = attacks.tampered_payload(tokens.id_token, {"cognito:username": "admin"})
tampered = attacks.try_attempt(url, tampered_attempt)
print(attacks.row(tampered))
"""),
    code("""
print_diagnosis(diagnose(wb, url, tampered_attempt.token))
"""),
    md("""
## Step 4: Sign it again, with your own key
So the attacker signs the edited claims with an RSA key of their own: a perfectly valid RS256
signature, even with the pool's `kid` in the header. The authorizer verifies with the public
keys the **pool** publishes (its JWKS), and this key is not among them.
"""),
    code("""
attacker_key = attacks.generate_private_key()
resigned_attempt = attacks.resigned_with_own_key(tokens.id_token, attacker_key)
resigned = attacks.try_attempt(url, resigned_attempt)
print(attacks.row(resigned))
"""),
    code("""
print_diagnosis(diagnose(wb, url, resigned_attempt.token), brief=True)
"""),
    md("""
## Step 5: `alg: none`
The JWT standard allows unsigned tokens (`"alg": "none"`, empty signature). Libraries that
trusted the token's own `alg` once accepted them. API Gateway accepts RS256 only.
"""),
    code("""
unsigned_attempt = attacks.alg_none(tokens.id_token)
unsigned = attacks.try_attempt(url, unsigned_attempt)
print(attacks.row(unsigned))
"""),
    code("""
print_diagnosis(diagnose(wb, url, unsigned_attempt.token), brief=True)
"""),
    md(f"""
## Step 6: A genuine token from another user pool
Anyone can create a user pool, and its tokens are genuinely signed by Cognito. What tells
them apart is the issuer, `iss` = `https://cognito-idp.{{region}}.amazonaws.com/{{poolId}}`:
the authorizer trusts only the pools in its `providerARNs`. The attacker's pool even has a
user with the same name.
[AWS: Cognito user pool authorizers]({AWS}/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html)
"""),
    code("""
attacker_pool = cognito.create_user_pool(wb, wb.names.attacker_pool)
attacker_client = cognito.create_app_client(wb, attacker_pool.id, wb.names.attacker_app_client)
attacker_user = cognito.create_user(wb, attacker_pool.id)
attacker_tokens = cognito.sign_in(wb, attacker_pool.id, attacker_client.id, attacker_user)
print(f"Signed in to {attacker_pool.name} as {attacker_user.username}")
"""),
    code("""
other_pool = attacks.try_attempt(url, attacks.other_pool(attacker_tokens.id_token))
print(attacks.row(other_pool))
"""),
    code("""
print_diagnosis(diagnose(wb, url, attacker_tokens.id_token))
"""),
    md("""
## Step 7: The access token instead of the ID token
Right pool, valid signature, not expired, and still refused: a method without OAuth scopes
treats the token as an **ID** token, and this one says `token_use: access`. 07 shows the
other side: scopes on the method, and then only access tokens pass.
"""),
    code("""
access = attacks.try_attempt(url, attacks.access_token_instead(tokens.access_token))
print(attacks.row(access))
"""),
    code("""
print_diagnosis(diagnose(wb, url, tokens.access_token))
"""),
    md(f"""
## Step 8: An expired token
ID tokens last one hour by default (5 minutes to 1 day, per app client). API Gateway then
answers with its own message, `The incoming token has expired`.

- **Local**: the emulator checks `exp` against its own clock, which `POST /_emulator/clock`
  moves forward. The `with` block moves it one hour (and a bit) ahead and always moves it
  back, also when a call fails.
- **AWS**: nobody can make AWS's clock run faster; an expired token needs its lifetime to
  pass. With `WORKBOOK_WAIT_FOR_TOKEN_EXPIRY=1` the helper signs in through an extra app client
  whose tokens last 5 minutes (the minimum) and waits about 6 minutes; otherwise this row is
  skipped and says so.
[Cognito: token expiration]({AWS}/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html)
"""),
    code("""
with attacks.expired_id_token(wb, pool.id, credentials, tokens.id_token) as old_token:
    expired = attacks.try_expired(url, old_token)
    expired_diagnosis = diagnose(wb, url, old_token) if old_token else None
print(attacks.row(expired))
"""),
    code("""
if expired_diagnosis is not None:
    print_diagnosis(expired_diagnosis)
"""),
    md("""
## Step 9: The whole matrix
Every attempt, side by side. Every refusal is the same 401 with the same body: the client is
never told *which* check failed (that would help the attacker). Only `diagnose()`, which
reads your configuration with your credentials, can say.
"""),
    code("""
matrix = [no_token, garbage, tampered, resigned, unsigned, other_pool, access, expired, bearer]
print(attacks.table(matrix))
"""),
    md("### Checkpoint: every attempt is refused, the control is not"),
    code("""
unauthorized = (401, {"message": "Unauthorized"})
expected = {
    "no token": unauthorized,
    "garbage": unauthorized,
    "tampered payload": unauthorized,
    "re-signed with own key": unauthorized,
    "alg: none": unauthorized,
    "token from another pool": unauthorized,
    "access token": unauthorized,
    "expired ID token": (401, {"message": "The incoming token has expired"}),
    "Bearer + valid ID token": (200, f"Testing Lambda from API Gateway. Hello, {credentials.username}!"),
}
skipped = [row.attempt for row in matrix if row.status is None]
actual = {row.attempt: (row.status, row.body) for row in matrix if row.status is not None}
check(
    skipped == [] or (wb.backend == "aws" and skipped == ["expired ID token"]),
    "Every attempt ran (on AWS, the expired token may be skipped)",
    "Only the expired-token row may be skipped, and only on AWS.",
)
check(
    actual == {name: answer for name, answer in expected.items() if name not in skipped},
    "Every forged, foreign, wrong or expired token gets 401; the valid one gets 200",
    "Compare the table above with `expected`: which row differs?",
)
"""),
    md("""
## Summary
A Cognito user pool authorizer checks the signature against the pool's JWKS, the issuer
against its `providerARNs`, `token_use` against the method's scopes, and `exp`. Editing,
re-signing, un-signing, borrowing from another pool, using the wrong token type and replaying
an old token all end in the same 401, and `diagnose()` tells you which check it was.

## What's next
[07_groups_and_scopes](07_groups_and_scopes.ipynb): who may do what, once the gateway knows
who you are. The attacker's pool is deleted by [99_cleanup](99_cleanup.ipynb).
"""),
]

GROUPS_DIAGRAM = """```mermaid
flowchart LR
    A[alice<br/>group admins] -->|POST /users| G{Cognito<br/>authorizer}
    R[alice-reader<br/>group readers] -->|POST /users| G
    M[program<br/>client credentials] -->|POST /users<br/>scope users/write| G
    G -->|authenticated| L[Lambda<br/>admins or users/write?]
    L -->|yes| C[201]
    L -->|no| F[403]
```"""

GROUPS_AND_SCOPES = [
    md(f"""
# 07 · Groups and scopes: who may do what

## Overview
The gateway answers *who are you?*; this notebook is about *what may you do?*

- **Groups**: users in `admins` may add users with `POST /users`, users in `readers` may not.
  The Lambda reads the `cognito:groups` claim and answers 403 itself: authorization in the
  function, after authentication at the gateway.
- **Scopes**: OAuth scopes on a method make the authorizer want an **access** token holding
  one of them. First `aws.cognito.signin.user.admin`, which every signed-in user's access
  token has; then custom scopes, `users/read` and `users/write`, from a resource server, for
  a program that signs in with a client id and secret (the client-credentials grant).

{GROUPS_DIAGRAM}

## Prerequisites
[05_user_and_token](05_user_and_token.ipynb) (06 is not needed).
"""),
    code("""
from helpers import apigateway, awslambda, check, cognito, cognito_authorizer, connect, get_caller_identity, http, iam, oauth
from helpers.diagnose import diagnose, print_diagnosis

wb = connect()
print(f"Backend: {wb.backend} | prefix: {wb.prefix}")
"""),
    md("## Step 0: The pool, the API and its authorizer from 04 and 05"),
    code("""
pool = cognito.find_user_pool(wb)
check(pool is not None, f"User pool {wb.names.user_pool} exists", "Run 04 and 05 first.")
app_client = cognito.find_app_client(wb, pool.id)
api = apigateway.find_rest_api(wb)
users_id = apigateway.find_resource(wb, api.id)
authorizer = cognito_authorizer.find_authorizer(wb, api.id)
check(authorizer is not None, f"Authorizer {wb.names.authorizer} exists", "Run 04 first.")
url = apigateway.invoke_url(wb, api.id)
"""),
    md(f"""
## Step 1: Two groups
A group is a label on users (and optionally an IAM role for identity pools). Its members'
tokens carry it in the `cognito:groups` claim.
[Cognito: Adding groups to a user pool]({AWS}/cognito/latest/developerguide/cognito-user-pools-user-groups.html)
"""),
    code("""
admins = cognito.create_group(wb, pool.id, "admins", "May add users")
readers = cognito.create_group(wb, pool.id, "readers", "May list users")
print(f"Groups: {admins}, {readers}")
"""),
    md("""
## Step 2: One user in each
Your user goes into `admins`; a second user, `<prefix>-reader`, into `readers`. Both get new
generated passwords that are never shown.
"""),
    code("""
alice = cognito.create_user(wb, pool.id)
reader = cognito.create_user(wb, pool.id, wb.names.reader_user)
cognito.add_user_to_group(wb, pool.id, alice.username, admins)
cognito.add_user_to_group(wb, pool.id, reader.username, readers)
for user in (alice, reader):
    print(f"{user.username}: {', '.join(cognito.list_groups_for_user(wb, pool.id, user.username))}")
"""),
    md("""
## Step 3: The groups are in the tokens
In the JWT, `cognito:groups` is a list. API Gateway hands the Lambda every claim as a
**string**: one group is `"admins"`, several are joined with commas, `"admins,readers"`.
"""),
    code("""
alice_tokens = cognito.sign_in(wb, pool.id, app_client.id, alice)
reader_tokens = cognito.sign_in(wb, pool.id, app_client.id, reader)
for name, signed_in in ((alice.username, alice_tokens), (reader.username, reader_tokens)):
    print(f"{name:<14} cognito:groups = {cognito.decode_claims(signed_in.id_token)['cognito:groups']}")
"""),
    md("""
## Step 4: The function decides who may write
`lambda_src/users/app.py` answers `POST /users` with 201 for members of `admins` (or, see
Part 3, programs whose token holds `users/write`) and with a 403 JSON body for anyone else.
`GET` is unchanged. Re-running `create_function` updates the deployed code when it changed.
"""),
    code("""
role = iam.create_execution_role(wb)
function = awslambda.create_function(wb, role.arn)
print(f"Function: {function.name} is {function.state}")
"""),
    md(f"""
## Step 5: POST /users, behind the same authorizer
A second method on the same resource, with the Cognito authorizer and **no** scopes (ID
tokens), the same Lambda proxy integration, and a permission of its own: the one from 02
names `GET/users` only.
[AWS: Set up a method]({AWS}/apigateway/latest/developerguide/how-to-method-settings-method-request.html)
"""),
    code("""
post = cognito_authorizer.put_authorized_method(wb, api.id, users_id, "POST", authorizer.id)
post = cognito_authorizer.set_authorization_scopes(wb, api.id, users_id, [], "POST")
print(f"POST /users: {post.authorization_type}, scopes: {list(post.authorization_scopes)}")
"""),
    code("""
integration = apigateway.put_lambda_integration(wb, api.id, users_id, function.arn, "POST")
post_source_arn = apigateway.method_source_arn(wb, api.id, "POST")
post_permission = awslambda.add_permission(wb, post_source_arn, wb.names.post_permission_statement_id)
print(f"Integration: {integration.type}")
print(f"Permission {post_permission.sid}: {post_permission.source_arn}")
"""),
    md("## Step 6: Deploy"),
    code("""
deployment = apigateway.create_deployment(wb, api.id, "POST /users for admins")
print(f"Deployed to stage '{deployment.stage_name}'")
"""),
    md("""
## Step 7: Admin, reader, and the reader's GET
Both users get past the gateway: their ID tokens are valid. The **function** then refuses
the reader's write with 403. Reading is still open to both.
"""),
    code("""
new_user = {"username": "bob"}
admin_post = http.call_api(url, alice_tokens.id_token, method="POST", json_body=new_user)
reader_post = http.call_api(url, reader_tokens.id_token, method="POST", json_body=new_user)
reader_get = http.call_api(url, reader_tokens.id_token)
for label, answer in (("admin POST", admin_post), ("reader POST", reader_post), ("reader GET", reader_get)):
    print(f"{label:<12} HTTP {answer.status}: {http.body_text(answer.body)}")
"""),
    md("### Checkpoint: groups decide in the function"),
    code("""
check(
    (admin_post.status, reader_post.status, reader_get.status) == (201, 403, 200),
    "admins may POST (201), readers may not (403 from the function), both may GET (200)",
    "A 401 means the deployment is old (Step 6); a 500 the POST permission (Step 5).",
)
"""),
    md(f"""
## Part 2 · Step 8: A scope on the method: access tokens only
With OAuth scopes on a method, "API Gateway treats the supplied token as an access token and
verifies the access scopes"; any one matching scope is enough. Every access token from a
sign-in holds `aws.cognito.signin.user.admin`. `UpdateMethod` adds it
(`{{"op": "add", "path": "/authorizationScopes", ...}}`), and a redeployment publishes it.
[AWS: Integrate a REST API with a user pool]({AWS}/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html)
"""),
    code("""
post = cognito_authorizer.set_authorization_scopes(wb, api.id, users_id, ["aws.cognito.signin.user.admin"], "POST")
deployment = apigateway.create_deployment(wb, api.id, "POST /users wants an access token")
print(f"POST /users scopes: {list(post.authorization_scopes)}")
"""),
    code("""
with_access = http.call_api(url, alice_tokens.access_token, method="POST", json_body=new_user)
with_id = http.call_api(url, alice_tokens.id_token, method="POST", json_body=new_user)
print(f"access token: HTTP {with_access.status}: {http.body_text(with_access.body)}")
print(f"ID token:     HTTP {with_id.status}: {http.body_text(with_id.body)}")
"""),
    code("""
print_diagnosis(diagnose(wb, url, alice_tokens.id_token, http_method="POST"))
"""),
    md("### Checkpoint: the rule from 05, turned around"),
    code("""
check(
    (with_access.status, with_id.status) == (201, 401),
    "With a scope on the method, the access token passes and the ID token gets 401",
    "Did Step 8 redeploy? Re-run it.",
)
"""),
    md(f"""
## Part 3 · Step 9: A resource server with custom scopes
A **resource server** is your API as Cognito knows it: an identifier (`users`) and the
scopes it defines (`read`, `write`), used as `users/read` and `users/write`.
[Cognito: Scopes, M2M, and resource servers]({AWS}/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html)
"""),
    code("""
resource_server = oauth.create_resource_server(wb, pool.id)
print(f"Resource server {resource_server.name}: {', '.join(resource_server.scopes)}")
"""),
    md(f"""
## Step 10: A domain for the pool
Custom scopes come from the pool's OAuth 2.0 **token endpoint**, which exists once the pool
has a domain. A prefix domain becomes `https://<prefix>.auth.<region>.amazoncognito.com`, so
the prefix must be unique in the region: lowercase letters, numbers and hyphens, without
`aws`, `amazon` or `cognito`. The helper uses your prefix and a short hash of your account id.
[Cognito: Configuring a user pool domain]({AWS}/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html)
"""),
    code("""
account = get_caller_identity(wb).account
domain = oauth.create_user_pool_domain(wb, pool.id, oauth.domain_prefix(wb.prefix, account))
print(f"Domain: {domain}")
print(f"Token endpoint: {oauth.token_endpoint(wb, domain)}")
"""),
    md(f"""
## Step 11: An app client for a program
A program (a nightly job, another service) signs in as itself with the **client-credentials**
grant: its client id and a secret, no user and no password. So this client has a secret, a
server can keep one, and may ask for `users/read` and `users/write`. The secret is never shown.
On AWS, machine-to-machine clients and their token requests are billed separately from
users; see the Cognito pricing page, and run 99_cleanup when you are done.
[Cognito: Token endpoint]({AWS}/cognito/latest/developerguide/token-endpoint.html)
"""),
    code("""
machine = oauth.create_machine_client(wb, pool.id, resource_server.scopes)
print(f"App client {machine.name}: scopes {', '.join(machine.allowed_scopes)}")
print(f"Client secret: {'generated, never shown' if machine.secret else 'none'}")
"""),
    md("""
## Step 12: Two tokens from the token endpoint
`POST /oauth2/token` with HTTP Basic authentication (`client_id:client_secret`) and
`grant_type=client_credentials&scope=...`. One token for reading, one for writing. They are
access tokens with no user in them: `sub` is the client id.
"""),
    code("""
read_token = oauth.request_client_credentials_token(wb, domain, machine, "users/read")
write_token = oauth.request_client_credentials_token(wb, domain, machine, "users/write")
for label, token in (("read", read_token), ("write", write_token)):
    claims = cognito.decode_claims(token)
    print(f"{label:<6} {cognito.token_preview(token)} {claims['token_use']}, {claims['scope']}")
"""),
    md("""
## Step 13: POST /users wants `users/write`, or a signed-in user
The method now lists two scopes; any one is enough. A program needs `users/write`, a person
signs in (their access token has `aws.cognito.signin.user.admin`), and then the function
still checks the group.
"""),
    code("""
post = cognito_authorizer.set_authorization_scopes(wb, api.id, users_id, ["aws.cognito.signin.user.admin", "users/write"], "POST")
deployment = apigateway.create_deployment(wb, api.id, "POST /users: users/write or a signed-in user")
print(f"POST /users scopes: {', '.join(post.authorization_scopes)}")
"""),
    code("""
callers = {
    "program, users/read": read_token,
    "program, users/write": write_token,
    "alice, access token": alice_tokens.access_token,
    "reader, access token": reader_tokens.access_token,
}
answers = {label: http.call_api(url, token, method="POST", json_body=new_user) for label, token in callers.items()}
for label, answer in answers.items():
    print(f"{label:<22} HTTP {answer.status}: {http.body_text(answer.body)}")
"""),
    code("""
print_diagnosis(diagnose(wb, url, read_token, http_method="POST"))
"""),
    md("### Checkpoint: scopes at the gateway, groups in the function"),
    code("""
check(
    {label: answer.status for label, answer in answers.items()}
    == {"program, users/read": 401, "program, users/write": 201, "alice, access token": 201, "reader, access token": 403},
    "users/read: 401 at the gateway; users/write: 201; admin: 201; reader: 403 from the function",
    "A 401 for users/write: did Step 13 redeploy? Re-run it.",
)
"""),
    md("""
## Summary
- **Groups** travel in the tokens (`cognito:groups`), and the Lambda turns them into
  decisions: authorization in the function, after authentication at the gateway.
- **Scopes** on a method switch the authorizer to access tokens; any one listed scope lets
  a token in. `aws.cognito.signin.user.admin` admits signed-in users; custom scopes from a
  resource server admit programs using the client-credentials grant through the pool's
  domain.

## What's next
[99_cleanup](99_cleanup.ipynb) deletes the domain (first: AWS deletes no pool that has one),
the pool with its groups, resource server and clients, and the POST permission.
"""),
]

ALL = {"06_attack_your_api": ATTACK, "07_groups_and_scopes": GROUPS_AND_SCOPES}


def main(names: list[str]) -> None:
    cells: dict[str, list[Cell]] = ALL
    for name, notebook_cells in cells.items():
        if names and name not in names:
            continue
        nbformat.write(build(name, notebook_cells), NOTEBOOKS / f"{name}.ipynb")


if __name__ == "__main__":
    main(sys.argv[1:])

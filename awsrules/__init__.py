"""AWS's rules as pure functions: no I/O, no boto3, no moto (tests/awsrules checks the imports).

One home for each rule that both the emulator and the helpers need, so that the emulator's
answer and `helpers.diagnose`'s explanation can never disagree:

- ``arns``: execute-api ARNs (method, invoke permission, authorizer), Lambda integration URIs,
  Cognito user pool ARNs and token issuers.
- ``iam_wildcards``: IAM's ``*`` and ``?`` in ARN patterns (ArnLike, StringLike, Resource).
- ``tokens``: reading a JWT (header and claims, unverified) as API Gateway reads a header.
- ``apigateway``: the REST API rules: routing precedence, the Cognito authorizer's checks,
  Lambda authorizers' event and policy, the proxy event and response, gateway responses.

Each rule cites its source in ``docs/aws-behaviour.md``.
"""

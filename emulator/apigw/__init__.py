"""API Gateway REST data plane: pure, I/O-free rules.

- ``gateway_responses``: the error responses API Gateway itself sends (401, 403, 5xx).
- ``cognito_authorizer``: token checks of a ``COGNITO_USER_POOLS`` authorizer and claim rendering.
- ``authorizer_input``: what a Lambda authorizer (TOKEN, REQUEST) receives; identity sources.
- ``authorizer_policy``: a Lambda authorizer's output, and ``execute-api:Invoke`` evaluation.
- ``proxy_event``: the Lambda proxy integration event (payload format 1.0).
- ``proxy_response``: validation and conversion of the Lambda proxy result.
"""

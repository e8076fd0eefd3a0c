"""API Gateway REST API rules: pure, no I/O.

- ``routing``: which resource and method serve a path (literal > ``{param}`` > ``{proxy+}``,
  among the resources that have a method for the verb).
- ``invoke_permission``: may API Gateway invoke a function (its resource-based policy)?
- ``cognito_authorizer``: a ``COGNITO_USER_POOLS`` authorizer's token checks, claim rendering.
- ``lambda_authorizer_event``: what a Lambda authorizer (TOKEN, REQUEST) receives.
- ``lambda_authorizer_policy``: what it returns, and ``execute-api:Invoke`` evaluation.
- ``proxy_event``: the Lambda proxy integration event (payload format 1.0).
- ``proxy_response``: validation and conversion of the Lambda proxy result.
- ``gateway_responses``: the error responses API Gateway itself sends (401, 403, 5xx).
- ``custom_gateway_responses``: how an API's PutGatewayResponse changes them, and what
  GetGatewayResponses lists.
- ``binary_media``: when a payload is binary (the API's ``binaryMediaTypes``).
"""

"""API Gateway in the emulator, on top of moto's control plane.

- ``control_plane``: the operations moto lacks or answers wrongly (UpdateMethod,
  UpdateIntegration, GetIntegration's 404, PutMethod's checks, DeleteDeployment,
  GetDeployment's 404) and the moto answers it completes (CreateDeployment's snapshot,
  CreateAuthorizer's identityValidationExpression and description, GetDeployment's
  apiSummary);
- ``method_patch``: what UpdateMethod's patch and PutMethod accept;
- ``stages``: the stage fields moto leaves out, GetStages' ``deploymentId`` filter;
- ``gateway_responses``: Get/PutGatewayResponse(s) with AWS's defaults;
- ``rest_apis``: ``binaryMediaTypes`` on CreateRestApi and UpdateRestApi;
- ``console_test``: TestInvokeMethod and TestInvokeAuthorizer (the console's Test buttons);
- ``deployments``: what a stage serves: frozen snapshots of the draft;
- ``data_plane``: a request to a stage URL, as an ordered chain of steps.

The rules themselves (routing, authorizers, the proxy event) are pure, in ``awsrules``.
"""

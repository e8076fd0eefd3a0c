"""API Gateway in the emulator, on top of moto's control plane.

- ``control_plane``: the operations moto lacks or answers wrongly (UpdateMethod,
  UpdateIntegration, GetIntegration's 404) and the moto answers it completes
  (CreateDeployment's snapshot, CreateAuthorizer's identityValidationExpression,
  GetDeployment's apiSummary);
- ``console_test``: TestInvokeMethod and TestInvokeAuthorizer (the console's Test buttons);
- ``deployments``: what a stage serves: frozen snapshots of the draft;
- ``data_plane``: a request to a stage URL, as an ordered chain of steps.

The rules themselves (routing, authorizers, the proxy event) are pure, in ``awsrules``.
"""

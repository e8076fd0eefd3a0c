"""The IAM action an API operation needs (pure): ``{service prefix}:{operation}``, except where
the service names its actions otherwise.

- API Gateway's control-plane actions are HTTP verbs on resource paths (``apigateway:GET``,
  ``apigateway:PATCH`` …) [doc: API Gateway Developer Guide, "Control access to an API with
  IAM permissions: the control-plane access"; Service Authorization Reference, Amazon API
  Gateway Management].
- Lambda's ``Invoke`` is ``lambda:InvokeFunction`` [doc: Service Authorization Reference,
  AWS Lambda].

One home: helpers/backend.py names a denied action with it, the emulator's IAM enforcement
(emulator/iam/enforcement.py) authorizes with it (docs/aws-behaviour.md section 28).
"""

from __future__ import annotations

_RENAMED = {("lambda", "Invoke"): "lambda:InvokeFunction"}


def action_for(service_prefix: str, operation_name: str, http_method: str = "GET") -> str:
    """``lambda:CreateFunction``; ``apigateway:POST``; ``lambda:InvokeFunction``."""
    if service_prefix == "apigateway":
        return f"apigateway:{http_method.upper()}"
    return _RENAMED.get((service_prefix, operation_name), f"{service_prefix}:{operation_name}")

"""Step 1, the stage: which deployment does ``/{stage}`` serve?

A stage serves the snapshot of the deployment it points to ("a stage is a snapshot of the
API", docs/aws-behaviour.md section 8). An unknown API or stage, or one without a
deployment, answers 403 Missing Authentication Token, as any unknown route does (section 2).
In eventual mode a new deployment is served only once it has propagated; until then the
stage serves the deployment it served before, if it had one (section 21.1).
"""

from __future__ import annotations

from awsrules.apigateway import gateway_responses
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError, Stage
from emulator.moto_bridge import apigateway as moto_apigateway


def find_stage(exchange: Exchange, env: DataPlaneEnv) -> None:
    found = moto_apigateway.find_rest_api(exchange.api_id)
    record = found[1].stages.get(exchange.stage_name) if found else None
    if record is None or not record.deployment_id:
        raise GatewayError(gateway_responses.missing_authentication_token(), "no such stage")
    snapshot = env.deployments.serving(
        exchange.api_id, record.name, record.deployment_id, env.monotonic()
    )
    if snapshot is None:
        raise GatewayError(gateway_responses.missing_authentication_token(), "no such stage")
    exchange.stage = Stage(record.name, snapshot.deployment_id, record.variables)
    exchange.snapshot = snapshot

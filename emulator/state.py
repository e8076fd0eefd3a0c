"""Everything the emulator keeps besides moto's own state, and its one ``reset()``.

moto holds the control plane (APIs, functions, pools ...); the emulator adds the deployment
snapshots stages serve, the Lambda authorizer cache, verified tokens, SRP sign-in sessions,
warm Lambda workers, and its clock. ``POST /_emulator/reset`` forgets all of it, and moto's
state too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.functions import LambdaFunctions
from emulator.apigateway.data_plane.lambda_authorizer_cache import LambdaAuthorizerCache
from emulator.apigateway.data_plane.verified_tokens import VerifiedTokens
from emulator.apigateway.deployments import DeploymentStore
from emulator.awslambda.invoke import LambdaService
from emulator.awslambda.log_delivery import LogDelivery
from emulator.awslambda.runtime import LambdaRuntime
from emulator.clock import Clock
from emulator.cognito.jwks import jwks_for_pool
from emulator.cognito.srp import SrpSessions
from emulator.moto_bridge import reset_all


@dataclass
class EmulatorState:
    port: int
    host: str
    runtime: LambdaRuntime
    clock: Clock = field(default_factory=Clock)
    deployments: DeploymentStore = field(default_factory=DeploymentStore)
    authorizer_cache: LambdaAuthorizerCache = field(default_factory=LambdaAuthorizerCache)
    srp_sessions: SrpSessions = field(default_factory=SrpSessions)
    verified_tokens: VerifiedTokens = field(default_factory=VerifiedTokens)
    log_delivery: LogDelivery = field(default_factory=LogDelivery)
    """Function logs on their way to CloudWatch Logs in the function's region."""
    started_at: float = field(default_factory=time.time)

    @classmethod
    def create(cls, port: int, host: str = "127.0.0.1") -> EmulatorState:
        log_delivery = LogDelivery()
        runtime = LambdaRuntime(
            log_sink=log_delivery, function_env={"AWS_ENDPOINT_URL": f"http://{host}:{port}"}
        )
        return cls(port, host, runtime, log_delivery=log_delivery)

    def __post_init__(self) -> None:
        self.lambdas = LambdaService(self.runtime)
        self.data_plane_env = DataPlaneEnv(
            deployments=self.deployments,
            functions=LambdaFunctions(self.lambdas),
            jwks_for_pool=jwks_for_pool,
            now=self.clock.now,
            authorizer_cache=self.authorizer_cache,
            verified_tokens=self.verified_tokens,
        )

    def reset(self) -> None:
        """Forget everything: moto's resources and all the emulator keeps beside them."""
        self.log_delivery.clear()
        reset_all()
        self.deployments.clear()
        self.authorizer_cache.clear()
        self.srp_sessions.clear()
        self.verified_tokens.clear()
        self.runtime.reset()
        self.clock.reset()

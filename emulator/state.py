"""Everything the emulator keeps besides moto's own state, and its one ``reset()``.

moto holds the control plane (APIs, functions, pools ...); the emulator adds the deployment
snapshots stages serve, the Lambda authorizer cache, verified tokens, SRP sign-in sessions,
warm Lambda workers, and its clock; in eventual mode also what is still propagating (IAM,
Lambda function states, user pool domains) and the quotas' use (emulator/consistency/).
``POST /_emulator/reset`` forgets all of it, moto's state included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.functions import LambdaFunctions
from emulator.apigateway.data_plane.lambda_authorizer_cache import LambdaAuthorizerCache
from emulator.apigateway.data_plane.verified_tokens import VerifiedTokens
from emulator.apigateway.deployments import DeploymentStore
from emulator.apigateway.stages import StageDates
from emulator.awslambda.invoke import LambdaService
from emulator.awslambda.log_delivery import LogDelivery
from emulator.awslambda.runtime import LambdaRuntime
from emulator.awslambda.states import FunctionStates
from emulator.clock import Clock
from emulator.cognito.domains import DomainReadiness
from emulator.cognito.jwks import jwks_for_pool
from emulator.cognito.managed_login.store import ManagedLoginStore
from emulator.cognito.srp import SrpSessions
from emulator.consistency import Consistency, Settings
from emulator.iam.propagation import IamPropagation
from emulator.moto_bridge import reset_all


@dataclass
class EmulatorState:
    port: int
    host: str
    runtime: LambdaRuntime
    settings: Settings = field(default_factory=Settings)
    clock: Clock = field(default_factory=Clock)
    deployments: DeploymentStore = field(default_factory=DeploymentStore)
    authorizer_cache: LambdaAuthorizerCache = field(default_factory=LambdaAuthorizerCache)
    srp_sessions: SrpSessions = field(default_factory=SrpSessions)
    managed_login: ManagedLoginStore = field(default_factory=ManagedLoginStore)
    """Managed login's codes, sessions and refresh grants (emulator/cognito/managed_login/)."""
    verified_tokens: VerifiedTokens = field(default_factory=VerifiedTokens)
    stage_dates: StageDates = field(default_factory=StageDates)
    log_delivery: LogDelivery = field(default_factory=LogDelivery)
    """Function logs on their way to CloudWatch Logs in the function's region."""
    started_at: float = field(default_factory=time.time)

    @classmethod
    def create(
        cls, port: int, host: str = "127.0.0.1", settings: Settings | None = None
    ) -> EmulatorState:
        log_delivery = LogDelivery()
        runtime = LambdaRuntime(
            log_sink=log_delivery, function_env={"AWS_ENDPOINT_URL": f"http://{host}:{port}"}
        )
        return cls(port, host, runtime, settings or Settings(), log_delivery=log_delivery)

    def __post_init__(self) -> None:
        self.consistency = Consistency(self.settings, self.clock.monotonic)
        self.iam = IamPropagation(self.consistency)
        self.function_states = FunctionStates(self.consistency)
        self.domains = DomainReadiness(self.consistency)
        self.lambdas = LambdaService(self.runtime, self.function_states)
        self.data_plane_env = DataPlaneEnv(
            deployments=self.deployments,
            functions=LambdaFunctions(self.lambdas),
            jwks_for_pool=jwks_for_pool,
            now=self.clock.now,
            authorizer_cache=self.authorizer_cache,
            verified_tokens=self.verified_tokens,
            monotonic=self.clock.monotonic,
        )

    def reset(self) -> None:
        """Forget everything: moto's resources and all the emulator keeps beside them."""
        self.log_delivery.clear()
        reset_all()
        self.deployments.clear()
        self.authorizer_cache.clear()
        self.srp_sessions.clear()
        self.managed_login.clear()
        self.verified_tokens.clear()
        self.stage_dates.clear()
        self.runtime.reset()
        self.clock.reset()
        self.consistency.reset()
        self.iam.clear()
        self.function_states.clear()
        self.domains.clear()

"""What the data plane's steps work with besides the request: the emulator's shared parts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.apigateway.data_plane.functions import LambdaFunctions
from emulator.apigateway.data_plane.lambda_authorizer_cache import LambdaAuthorizerCache
from emulator.apigateway.data_plane.verified_tokens import VerifiedTokens
from emulator.apigateway.deployments import DeploymentStore

JwksForPool = Callable[[str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class DataPlaneEnv:
    deployments: DeploymentStore
    functions: LambdaFunctions
    jwks_for_pool: JwksForPool
    now: Callable[[], float]
    """The emulator clock: token expiry and authorizer caching use it."""
    authorizer_cache: LambdaAuthorizerCache
    verified_tokens: VerifiedTokens
    monotonic: Callable[[], float]
    """The emulator's monotonic clock: when a new deployment becomes visible (section 21.1)."""

"""The Lambda authorizer result cache (CreateAuthorizer: authorizerResultTtlInSeconds)."""

from __future__ import annotations

from awsrules.apigateway.lambda_authorizer_policy import AuthorizerResult
from emulator.apigateway.data_plane.lambda_authorizer_cache import (
    LambdaAuthorizerCache as AuthorizerCache,
)

RESULT = AuthorizerResult("alice", {"Statement": []}, (), {})
KEY = ("api1", "dev", "auth1", ("token",))


def test_entry_is_served_before_its_ttl_ends() -> None:
    cache = AuthorizerCache()
    cache.put(KEY, RESULT, now=1000.0, ttl_seconds=300)
    assert cache.get(KEY, now=1299.0) is RESULT


def test_entry_expires_at_its_ttl() -> None:
    cache = AuthorizerCache()
    cache.put(KEY, RESULT, now=1000.0, ttl_seconds=300)
    assert (cache.get(KEY, now=1300.0), len(cache)) == (None, 0)


def test_clear_api_drops_only_that_apis_entries() -> None:
    cache = AuthorizerCache()
    cache.put(KEY, RESULT, now=0.0, ttl_seconds=300)
    cache.put(("api2", "dev", "auth1", ("token",)), RESULT, now=0.0, ttl_seconds=300)
    cache.clear_api("api1")
    assert (cache.get(KEY, now=1.0), len(cache)) == (None, 1)


def test_clear_drops_everything() -> None:
    cache = AuthorizerCache()
    cache.put(KEY, RESULT, now=0.0, ttl_seconds=300)
    cache.clear()
    assert len(cache) == 0

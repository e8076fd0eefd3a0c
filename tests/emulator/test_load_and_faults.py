"""Fault and load: the emulator keeps answering after misbehaving functions and under load."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.emulator.conftest import Stack


@pytest.mark.parametrize("mode", ["raise", "sleep", "exit"])
def test_healthy_call_after_misbehaving_function(stack: Stack, mode: str) -> None:
    statuses = [stack.get(params={"mode": mode}).status_code, stack.get().status_code]
    assert statuses == [502, 200]


def test_eight_concurrent_clients_times_100_authorized_requests_have_no_errors(
    secured: Stack,
) -> None:
    token = secured.tokens()["id"]
    url = secured.invoke_url()

    def client(_: int) -> list[int]:
        with requests.Session() as session:
            return [
                session.get(url, headers={"Authorization": token}, timeout=30).status_code
                for _ in range(100)
            ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [status for batch in pool.map(client, range(8)) for status in batch]
    assert (len(statuses), set(statuses)) == (800, {200})


def test_reset_forgets_every_resource() -> None:
    import boto3

    from emulator.process import EmulatorProcess, credentials_for

    emulator = EmulatorProcess()
    try:
        apigw = boto3.client(
            "apigateway",
            endpoint_url=emulator.url,
            region_name="us-east-1",
            **credentials_for(emulator.url).boto3_kwargs(),
        )
        apigw.create_rest_api(name="to-forget")
        requests.post(f"{emulator.url}/_emulator/reset", auth=emulator.auth, timeout=10)
        assert apigw.get_rest_apis()["items"] == []
    finally:
        emulator.stop()

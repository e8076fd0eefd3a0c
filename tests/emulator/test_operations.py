"""Running the emulator: health, reset, port in use, JWKS."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import requests

from emulator.process import auth_for
from tests.emulator.conftest import Stack


def test_health_reports_ready(emulator_url: str) -> None:
    assert requests.get(f"{emulator_url}/_emulator/health", timeout=5).json()["status"] == "ready"


def test_port_in_use_exits_1_with_one_line(emulator_url: str) -> None:
    port = str(urlsplit(emulator_url).port)
    done = subprocess.run(
        [sys.executable, "-m", "emulator", "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (
        done.returncode,
        len(done.stderr.strip().splitlines()),
        "already in use" in done.stderr,
    ) == (1, 1, True)


def test_jwks_is_served_for_an_existing_pool(stack: Stack) -> None:
    keys = requests.get(f"{stack.url}/{stack.pool_id}/.well-known/jwks.json", timeout=5).json()[
        "keys"
    ]
    assert keys[0]["alg"] == "RS256"


def test_jwks_for_unknown_pool_is_404(emulator_url: str) -> None:
    assert (
        requests.get(
            f"{emulator_url}/us-east-1_nothere/.well-known/jwks.json", timeout=5
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "body",
    ['{"advance_seconds": "nan"}', '{"advance_seconds": 1e400}', '{"advance_seconds": true}'],
)
def test_clock_refuses_an_advance_that_is_not_a_finite_number_and_stays_put(
    emulator_url: str, body: str
) -> None:
    before = requests.get(
        f"{emulator_url}/_emulator/health", auth=auth_for(emulator_url), timeout=5
    ).json()
    answer = requests.post(
        f"{emulator_url}/_emulator/clock",
        auth=auth_for(emulator_url),
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    after = requests.get(
        f"{emulator_url}/_emulator/health", auth=auth_for(emulator_url), timeout=5
    ).json()
    assert (answer.status_code, answer.headers["x-amzn-ErrorType"]) == (400, "BadRequestException")
    assert after["clock_offset_seconds"] == before["clock_offset_seconds"]

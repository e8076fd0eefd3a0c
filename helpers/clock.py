"""The backend's clock: the time tokens are checked against, and the emulator's time travel.

On AWS the clock is AWS's: an expired token needs its lifetime to pass. The local emulator
checks ``exp`` against its own clock, wall time plus an offset, which
``POST {emulator}/_emulator/clock`` moves (``{"advance_seconds": N}``) or resets
(``{"reset": true}``). So a one-hour token can expire in a second, in a notebook or a test.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from helpers.backend import Workbook, emulator_operation
from helpers.errors import WorkbookError

logger = logging.getLogger(__name__)

ONE_HOUR_AND_A_BIT_S = 3700
"""Enough to expire a token with Cognito's default one-hour lifetime."""


def _operations(wb: Workbook, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    if wb.endpoint_url is None:
        raise WorkbookError(
            "Only the local emulator's clock can be moved; on AWS a token expires when its "
            "lifetime has passed."
        )
    url = f"{wb.endpoint_url}/_emulator/{path}"
    try:
        response = emulator_operation(wb, "GET" if payload is None else "POST", path, payload)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
    except (requests.RequestException, ValueError) as err:
        raise WorkbookError(
            f"The emulator did not answer {url} ({err}). Re-run connect() and this cell."
        ) from err
    return body


def advance_clock(wb: Workbook, seconds: float) -> float:
    """Move the emulator's clock forward by ``seconds``; returns its offset from wall time."""
    offset = float(_operations(wb, "clock", {"advance_seconds": seconds})["clock_offset_seconds"])
    logger.info("Emulator clock moved forward %s s (offset now %s s)", seconds, offset)
    return offset


def reset_clock(wb: Workbook) -> None:
    """Put the emulator's clock back to wall time."""
    _operations(wb, "clock", {"reset": True})
    logger.info("Emulator clock reset to wall time")


@contextmanager
def clock_advanced(wb: Workbook, seconds: float = ONE_HOUR_AND_A_BIT_S) -> Iterator[None]:
    """``with clock_advanced(wb):`` runs the block one hour (and a bit) in the future.

    The clock is reset when the block ends, also when it raises.
    """
    advance_clock(wb, seconds)
    try:
        yield
    finally:
        reset_clock(wb)


def backend_time(wb: Workbook) -> float:
    """Now, in epoch seconds, as the backend checks ``exp``: AWS's (your clock, assumed
    synchronised; 00_setup checks it) or the emulator's, offset included."""
    if wb.endpoint_url is None:
        return time.time()
    offset = float(_operations(wb, "health").get("clock_offset_seconds", 0.0))
    return time.time() + offset

"""The switch: ``immediate`` (the default, today's emulator) or ``eventual``, and the scale.

Set on the command line (``--consistency eventual --delay-scale 0.05``), or, for whoever
starts the emulator without arguments (the workbook's helpers/backend.py), in the
environment: ``WORKBOOK_EMULATOR_CONSISTENCY`` and ``WORKBOOK_EMULATOR_DELAY_SCALE``. The
command line wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from emulator.consistency.behaviours import Delay, Quota

ENV_CONSISTENCY = "WORKBOOK_EMULATOR_CONSISTENCY"
ENV_DELAY_SCALE = "WORKBOOK_EMULATOR_DELAY_SCALE"


class Mode(Enum):
    IMMEDIATE = "immediate"
    """Every change is visible at once, nothing is throttled (the emulator as it always was)."""
    EVENTUAL = "eventual"
    """AWS's propagation delays and quotas, from emulator/consistency/behaviours.py."""


def parse_mode(text: str) -> Mode:
    try:
        return Mode(text.strip().lower())
    except ValueError:
        choices = ", ".join(mode.value for mode in Mode)
        raise ValueError(f"consistency must be one of {choices}, not {text!r}") from None


def parse_delay_scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        raise ValueError(f"delay scale must be a number, not {text!r}") from None
    if not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"delay scale must be a finite number above 0, not {text!r}")
    return scale


@dataclass(frozen=True)
class Settings:
    mode: Mode = Mode.IMMEDIATE
    delay_scale: float = 1.0
    """Multiplies every delay and quota window of the table; 1.0 is AWS's own timing."""

    @property
    def eventual(self) -> bool:
        return self.mode is Mode.EVENTUAL

    def seconds(self, delay: Delay) -> float:
        """How long ``delay`` lasts here: 0 in immediate mode."""
        return delay.seconds * self.delay_scale if self.eventual else 0.0

    def window(self, quota: Quota) -> float:
        """The scaled window of ``quota`` (in immediate mode nothing is throttled)."""
        return quota.window_seconds * self.delay_scale

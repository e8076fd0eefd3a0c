"""The settings bound to the emulator's monotonic clock: when does a pending thing end?"""

from __future__ import annotations

from collections.abc import Callable

from emulator.consistency.behaviours import Delay
from emulator.consistency.quotas import Quotas
from emulator.consistency.settings import Settings


class Consistency:
    """What the hooks ask: is the emulator eventual, and when does a delay started now end?

    ``now`` is the emulator's monotonic clock (emulator/clock.py): it never goes back, and
    ``POST /_emulator/clock`` moves it forward, so a test may skip a delay instead of
    waiting for it.
    """

    def __init__(self, settings: Settings, now: Callable[[], float]) -> None:
        self.settings = settings
        self.now = now
        self.quotas = Quotas(settings, now)

    @property
    def eventual(self) -> bool:
        return self.settings.eventual

    def ends_at(self, delay: Delay) -> float | None:
        """When ``delay``, starting now, is over; None when there is no delay (immediate)."""
        seconds = self.settings.seconds(delay)
        return self.now() + seconds if seconds > 0 else None

    def reset(self) -> None:
        """Forget every quota's use (the pending records belong to their services)."""
        self.quotas.clear()

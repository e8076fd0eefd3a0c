"""What AWS does over time: eventual consistency and quotas, behind one switch.

``python -m emulator --consistency eventual`` makes the emulator answer as AWS does while a
change propagates (a new deployment, role, inline policy, function, permission or user pool
domain) and refuse requests over AWS's documented control-plane quotas. The default,
``immediate``, answers at once and never throttles, as the emulator always has.
``--delay-scale F`` multiplies every delay and every quota window (1.0: AWS's durations).

- ``behaviours``: the one table, each delay and quota at scale 1.0 with its source
  (docs/aws-behaviour.md section 21);
- ``settings``: the switch and the scale, from the command line or the environment;
- ``consistency``: the settings bound to the emulator's monotonic clock;
- ``pending``: records that stop being pending at a time (and are dropped then);
- ``quotas``: token buckets, one per quota and scope.

The hooks live where the behaviour does: emulator/urls.py lists them (rows marked
``eventual_only`` and the throttles), the services answer them.
"""

from __future__ import annotations

from emulator.consistency.consistency import Consistency
from emulator.consistency.pending import Pending
from emulator.consistency.settings import ENV_CONSISTENCY, ENV_DELAY_SCALE, Mode, Settings

__all__ = ["ENV_CONSISTENCY", "ENV_DELAY_SCALE", "Consistency", "Mode", "Pending", "Settings"]

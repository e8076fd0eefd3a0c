"""The environment the emulator is started with: an allowlist, not the caller's whole
environment.

A learner's kernel may hold a ``GITHUB_TOKEN``, real ``AWS_*`` keys, or anything else; the
emulator runs code it is sent, so it gets only what it needs to run Python and Node
(``EMULATOR_ENVIRONMENT_ALLOWLIST``, plus ``LC_*`` and the workbook's own
``WORKBOOK_EMULATOR_*`` settings). helpers/backend.py and emulator/process.py both use it.
"""

from __future__ import annotations

from collections.abc import Mapping

EMULATOR_ENVIRONMENT_ALLOWLIST = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "LANG",
        "LANGUAGE",
        "TZ",
        "TMPDIR",
        "TEMP",
        "TMP",
        "PYTHONPATH",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "VIRTUAL_ENV",
        "CONDA_PREFIX",
        "CONDA_DEFAULT_ENV",
        "XDG_STATE_HOME",
        "WORKBOOK_STATE_DIR",
        "SYSTEMROOT",  # Windows: Python's sockets need it
    }
)
ALLOWED_PREFIXES = ("LC_", "WORKBOOK_EMULATOR_")


def emulator_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The part of ``environ`` the emulator may see."""
    return {
        name: value
        for name, value in environ.items()
        if name in EMULATOR_ENVIRONMENT_ALLOWLIST or name.startswith(ALLOWED_PREFIXES)
    }

"""Where a user's emulator keeps what only that user may read: the state directory.

``$WORKBOOK_STATE_DIR`` when set (tests point it at a temp dir), else
``${XDG_STATE_HOME:-~/.local/state}/cognito-authorizer-workbook``. The directory is made mode
0700, and every file in it 0600 (``private_file``), so another user of a shared host can read
none of it (emulator/README.md, Security).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT = "cognito-authorizer-workbook"
ENV_STATE_DIR = "WORKBOOK_STATE_DIR"
DEFAULT_CREDENTIALS_NAME = "credentials"
"""``python -m emulator`` without ``--credentials-file`` writes ``<state dir>/credentials``."""


def state_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    explicit = env.get(ENV_STATE_DIR)
    if explicit:
        return Path(explicit).expanduser()
    base = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base).expanduser() / PROJECT


def private_dir(path: Path) -> Path:
    """``path`` made (with its parents) and set to mode 0700; refused if another user owns it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_uid != os.getuid():
        raise PermissionError(f"{path} belongs to another user; refusing to keep secrets in it")
    path.chmod(0o700)
    return path


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` mode 0600, atomically (a temp file renamed over it), never
    following a symlink planted at the temp name."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    temp.unlink(missing_ok=True)
    descriptor = os.open(temp, flags, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        os.write(descriptor, text.encode())
    finally:
        os.close(descriptor)
    os.replace(temp, path)

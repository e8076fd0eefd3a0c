"""The lock file, requirements.lock: every package of the workbook and its dev extra, transitive
ones included, pinned with the hashes of its files (``make lock`` writes it with
``uv pip compile --universal --generate-hashes``; Python 3.11+, every platform).

    python tools/lockfile.py bootstrap          # uv's own entry, with its hashes (make setup)
    python tools/lockfile.py check [--python P] # the environment holds exactly the locked versions

``bootstrap`` needs only the standard library: ``make setup`` runs it with the system Python
before the venv has anything in it. ``check`` runs inside the environment it checks
(``--python`` re-runs it with that interpreter), evaluates each entry's environment marker
there (``; sys_platform == 'win32'`` and the like, with ``packaging``) and compares
``importlib.metadata``'s distributions with the lock.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PROJECT = "cognito-authorizer-workbook"
INSTALLERS = frozenset({"pip", "setuptools", "wheel"})
"""In a venv without being locked: what ``python -m venv`` puts there, and what builds ``-e .``."""

_ENTRY = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$"
)
"""``name[extras]==version ; marker \\``: the first line of an entry."""


def canonical(name: str) -> str:
    """PEP 503: ``PyJWT`` and ``pyjwt``, ``ruamel.yaml`` and ``ruamel-yaml`` are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Entry:
    """One pinned package of the lock: its name, version, marker and the lines that say so."""

    name: str
    version: str
    marker: str | None
    lines: tuple[str, ...]

    @property
    def hashes(self) -> tuple[str, ...]:
        parts = (part for line in self.lines for part in line.split())
        return tuple(part.split("=", 1)[1] for part in parts if part.startswith("--hash="))


def parse(text: str) -> list[Entry]:
    """The entries of a ``uv pip compile --generate-hashes`` file, in order."""
    entries: list[Entry] = []
    current: list[str] = []
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            if current:
                entries.append(_entry(current))
            current = [line]
        elif current and line.strip().startswith("--hash="):
            current.append(line)
    if current:
        entries.append(_entry(current))
    return entries


def _entry(lines: list[str]) -> Entry:
    match = _ENTRY.match(lines[0])
    if match is None:
        shown = lines[0].rstrip(" \\")
        raise ValueError(f"Not a pinned requirement: {shown!r}. Re-make the lock: make lock")
    name, version, marker = match.groups()
    return Entry(canonical(name), version, marker.strip() if marker else None, tuple(lines))


def read_lock(path: Path = LOCK) -> list[Entry]:
    return parse(path.read_text())


def marker_applies(marker: str | None, environment: Mapping[str, str] | None = None) -> bool:
    """Whether an entry's PEP 508 marker holds for ``environment`` (default: the running
    interpreter's), as pip and uv evaluate it (``packaging.markers``, itself in the lock)."""
    if marker is None:
        return True
    from packaging.markers import Marker

    return Marker(marker).evaluate(dict(environment) if environment is not None else None)


def locked_for(
    entries: Iterable[Entry], environment: Mapping[str, str] | None = None
) -> dict[str, str]:
    """name -> version of the entries whose marker applies to ``environment``."""
    return {e.name: e.version for e in entries if marker_applies(e.marker, environment)}


def installed() -> dict[str, str]:
    """name -> version of every distribution the running interpreter sees."""
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}


@dataclass(frozen=True)
class LockDifference:
    missing: dict[str, str]
    wrong_version: dict[str, tuple[str, str]]
    unlocked: dict[str, str]

    @property
    def exact(self) -> bool:
        return not (self.missing or self.wrong_version or self.unlocked)

    def describe(self) -> list[str]:
        lines = [f"missing: {name}=={version}" for name, version in sorted(self.missing.items())]
        lines += [
            f"{name}: {have} is installed, the lock says {want}"
            for name, (have, want) in sorted(self.wrong_version.items())
        ]
        lines += [f"not in the lock: {name}=={v}" for name, v in sorted(self.unlocked.items())]
        return lines


def compare(locked: Mapping[str, str], present: Mapping[str, str]) -> LockDifference:
    """What differs between the lock's versions and the environment's (the project itself and
    the installers are not in the lock)."""
    ignored = INSTALLERS | {PROJECT}
    return LockDifference(
        missing={n: v for n, v in locked.items() if n not in present},
        wrong_version={
            n: (present[n], v) for n, v in locked.items() if n in present and present[n] != v
        },
        unlocked={n: v for n, v in present.items() if n not in locked and n not in ignored},
    )


def check(lock: Path = LOCK, *, strict: bool = False) -> int:
    """0 when every locked package is installed at its locked version. A package the lock does
    not name (one the learner added) is reported, and fails only with ``strict``: a fresh
    ``make setup`` has none."""
    locked = locked_for(read_lock(lock))
    difference = compare(locked, installed())
    if difference.exact:
        print(f"The environment holds exactly the {len(locked)} locked versions of {lock.name}.")
        return 0
    failed = bool(difference.missing or difference.wrong_version) or strict
    print(f"The environment differs from {lock.name}:", file=sys.stderr)
    for line in difference.describe():
        print(f"  {line}", file=sys.stderr)
    if failed:
        print("Re-create it from the lock: make clean setup", file=sys.stderr)
        return 1
    print(f"Every one of the {len(locked)} locked versions is installed.", file=sys.stderr)
    return 0


def bootstrap(lock: Path = LOCK, name: str = "uv") -> str:
    """The lock's entry for ``name`` (uv), hashes included: pip installs uv from it with
    ``--require-hashes`` before uv installs the rest."""
    for entry in read_lock(lock):
        if entry.name == name:
            return "\n".join(entry.lines) + "\n"
    raise SystemExit(f"{name} is not in {lock}; add it to the dev extra and run make lock.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("bootstrap", help="print uv's entry of the lock, with its hashes")
    checking = commands.add_parser("check", help="the environment holds exactly the lock")
    checking.add_argument("--python", help="check this interpreter's environment instead")
    checking.add_argument("--strict", action="store_true", help="a package not locked fails")
    parser.add_argument("--lock", type=Path, default=LOCK)
    args = parser.parse_args(argv)
    if args.command == "bootstrap":
        sys.stdout.write(bootstrap(args.lock))
        return 0
    if args.python:
        command = [args.python, str(Path(__file__).resolve()), "--lock", str(args.lock), "check"]
        command += ["--strict"] if args.strict else []
        return subprocess.run(command, check=False).returncode
    return check(args.lock, strict=args.strict)


if __name__ == "__main__":
    raise SystemExit(main())

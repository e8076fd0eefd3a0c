"""The learner's workspace: their own copies of the course's notebooks, in ``workspace/``
(git-ignored), so that running and saving them never changes ``notebooks/``.

    python -m tools.workspace            # seed workspace/ from notebooks/ (what make lab does)

``workspace/`` sits beside ``notebooks/``, at the same depth, so a relative link in a notebook
(``../lambda_src/users/app.py``) means the same file in both. A notebook is copied only when the
workspace has none of that name: a new notebook added upstream arrives, a copy the learner has
run, edited or saved is never overwritten. When the course's version of a notebook has changed
since the learner's copy was made, the learner is told, and how to get a fresh copy (move
theirs away and seed again). ``workspace/.seeded.json`` records which version each copy was
made from (a SHA-256 of the course's file); it is the workspace's own, never committed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WORKSPACE = ROOT / "workspace"
RECORD = ".seeded.json"
FIRST_NOTEBOOK = "00_setup.ipynb"


@dataclass(frozen=True)
class Seeded:
    """What one seeding did: the copies it made, the learner's copies it left alone, and those
    of them whose course version has changed since."""

    workspace: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    changed_upstream: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        where = _shown(self.workspace)
        lines = []
        if self.copied:
            lines.append(f"Copied into {where}/: {', '.join(self.copied)}")
        if self.kept:
            lines.append(
                f"Your copies in {where}/ are kept as they are ({len(self.kept)} notebooks)."
            )
        for name in self.changed_upstream:
            lines.append(
                f"notebooks/{name} has changed since your copy was made. For a fresh copy: "
                f"mv {where}/{name} {where}/{Path(name).stem}.mine.ipynb, then make lab."
            )
        return lines


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_record(workspace: Path) -> dict[str, str]:
    try:
        loaded = json.loads((workspace / RECORD).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): str(v) for k, v in loaded.items()}


def seed(notebooks: Path = NOTEBOOKS, workspace: Path = WORKSPACE) -> Seeded:
    """Copy every ``notebooks/*.ipynb`` the workspace lacks; leave every existing copy alone."""
    workspace.mkdir(exist_ok=True)
    record = _read_record(workspace)
    result = Seeded(workspace)
    for source in sorted(notebooks.glob("*.ipynb")):
        target = workspace / source.name
        digest = _digest(source)
        if target.exists():
            result.kept.append(source.name)
            if source.name in record and record[source.name] != digest:
                result.changed_upstream.append(source.name)
            continue
        shutil.copyfile(source, target)
        record[source.name] = digest
        result.copied.append(source.name)
    (workspace / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return result


def main() -> int:
    for line in seed().messages():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""awsrules is pure (no I/O libraries, no boto3, no moto, no emulator), and only
emulator/moto_bridge imports moto: the layout's two rules, checked on the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_ALLOWED = {"awsrules", "jwt"}  # PyJWT: signature arithmetic, no I/O
IO_STDLIB = {"socket", "subprocess", "http", "urllib.request", "requests", "os", "shutil"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("awsrules"), ids=lambda p: str(p.relative_to(ROOT)))
def test_awsrules_imports_only_the_standard_library_pyjwt_and_itself(path: Path) -> None:
    outside = {
        name
        for name in imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in PURE_ALLOWED
    }
    assert outside == set()


@pytest.mark.parametrize("path", python_files("awsrules"), ids=lambda p: str(p.relative_to(ROOT)))
def test_awsrules_does_no_io(path: Path) -> None:
    assert imported_modules(path) & IO_STDLIB == set()


def moto_importers() -> list[str]:
    return [
        str(path.relative_to(ROOT))
        for path in python_files("awsrules", "emulator", "helpers", "lambda_src")
        if any(name.split(".")[0] == "moto" for name in imported_modules(path))
    ]


def test_only_the_moto_bridge_imports_moto() -> None:
    assert [p for p in moto_importers() if not p.startswith("emulator/moto_bridge/")] == []


def test_the_moto_bridge_does_import_moto() -> None:
    """The check above would pass vacuously if it could not see an import."""
    assert "emulator/moto_bridge/__init__.py" in moto_importers()

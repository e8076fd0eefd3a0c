"""The Lambda authorizer's deployment package: ``lambda_src/authorizer`` plus PyJWT and
cryptography, which Lambda's Python runtime does not have (it ships the standard library and
boto3 only).

The zip is built differently for the two backends, and sent with the same ``CreateFunction``
call:

- **aws**: Lambda runs ``python3.12`` on Amazon Linux, x86_64. cryptography has compiled
  parts, so the host's copy (another OS, Python version or CPU) may not load there. ``pip
  install --target ... --platform manylinux2014_x86_64 --implementation cp --python-version
  3.12 --only-binary=:all:`` downloads the wheels built for Lambda, at the versions pinned in
  ``pyproject.toml``. The result is kept under ``.workbook/build/`` and reused.
- **local**: the emulator runs functions on this machine's own interpreter (whatever
  ``Runtime`` says) and, as Lambda, lets them import only their package, boto3 and the
  standard library. So the packages this environment already has (``jwt``,
  ``cryptography``, and ``cffi`` with its ``_cffi_backend`` extension, which cryptography's
  Rust bindings import) are copied into the zip: they are exactly the ones that load here.

Either way the zip is reproducible (sorted entries, fixed timestamps, no ``__pycache__``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import logging
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

from helpers.backend import REPO_ROOT, STATE_DIR
from helpers.errors import WorkbookError

logger = logging.getLogger(__name__)

SOURCE_DIR = REPO_ROOT / "lambda_src" / "authorizer"
BUILD_DIR = STATE_DIR / "build"
PYPROJECT = REPO_ROOT / "pyproject.toml"
DEPENDENCIES = ("pyjwt", "cryptography")
"""Distributions the authorizer needs, pinned in pyproject.toml."""
LOCAL_MODULES = ("jwt", "cryptography", "cffi", "_cffi_backend")
"""What the local backend copies from this environment (top-level import names)."""
LAMBDA_PLATFORM = "manylinux2014_x86_64"
LAMBDA_PYTHON_VERSION = "3.12"  # awslambda.RUNTIME is python3.12
_ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
_COMPLETE = ".complete"


def pinned_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """The requirement strings for PyJWT and cryptography from ``pyproject.toml``.

    ``["pyjwt[crypto]==2.15.1", "cryptography==50.0.2"]``: the same versions the notebooks
    and the tests use. Raises when one is missing or not pinned with ``==``.
    """
    dependencies = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    found = {}
    for requirement in dependencies:
        name = re.split(r"[\[=<>!~;\s]", requirement, maxsplit=1)[0].lower()
        if name in DEPENDENCIES:
            found[name] = requirement.replace(" ", "")
    for name in DEPENDENCIES:
        if "==" not in found.get(name, ""):
            raise WorkbookError(
                f"{pyproject} does not pin {name} with '=='; the authorizer's package needs "
                "an exact version. Restore the pin from the repository."
            )
    return [found[name] for name in DEPENDENCIES]


def pip_command(target: Path, requirements: list[str]) -> list[str]:
    """``pip install`` of Lambda's wheels (Linux x86_64, CPython 3.12) into ``target``."""
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        "--target",
        str(target),
        "--platform",
        LAMBDA_PLATFORM,
        "--implementation",
        "cp",
        "--python-version",
        LAMBDA_PYTHON_VERSION,
        "--only-binary=:all:",
        *requirements,
    ]


def build_lambda_dependencies(build_dir: Path = BUILD_DIR) -> Path:
    """The folder with PyJWT and cryptography for Lambda; built once, then reused.

    Its name holds a hash of the requirements and the platform, so a new pin builds anew.
    """
    requirements = pinned_requirements()
    key = json.dumps([requirements, LAMBDA_PLATFORM, LAMBDA_PYTHON_VERSION])
    target = build_dir / f"authorizer-deps-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    if (target / _COMPLETE).is_file():
        logger.info("Reusing the authorizer's dependencies in %s", target)
        return target
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = pip_command(partial, requirements)
    logger.info("Building the authorizer's dependencies: %s", " ".join(command))
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise WorkbookError(
            f"pip could not download the Lambda wheels of {', '.join(requirements)} "
            f"(exit {result.returncode}):\n{tail}\n"
            "Check your internet connection (pip needs to reach PyPI), then re-run this cell."
        )
    (partial / _COMPLETE).write_text(key + "\n")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def local_dependency_paths() -> list[Path]:
    """This environment's copies of ``LOCAL_MODULES`` (package folders or extension files)."""
    paths = []
    for name in LOCAL_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise WorkbookError(
                f"The module '{name}' is not installed in this environment, so the "
                "authorizer cannot be packaged. Run `make setup`, then restart the kernel."
            )
        origin = Path(spec.origin)
        paths.append(origin.parent if origin.name == "__init__.py" else origin)
    return paths


def _files(path: Path) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for a file, or for every file of a folder, relative to its parent."""
    if path.is_file():
        yield path.name, path
        return
    for file in path.rglob("*"):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc":
            yield file.relative_to(path.parent).as_posix(), file


def _dependency_files(backend: str) -> list[tuple[str, Path]]:
    if backend == "aws":
        folder = build_lambda_dependencies()
        return [
            (name, file)
            for child in folder.iterdir()
            if child.name not in ("bin", _COMPLETE)
            for name, file in _files(child)
        ]
    return [entry for path in local_dependency_paths() for entry in _files(path)]


def package_authorizer(backend: str, source_dir: Path = SOURCE_DIR) -> bytes:
    """The authorizer's zip for ``backend`` (``local`` or ``aws``): code plus dependencies.

    The zip is reproducible, so it is built once per process for the same sources (a few
    megabytes of compressed cryptography take about a second to build).
    """
    sources = tuple(
        (p.relative_to(source_dir).as_posix(), p, p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(source_dir.rglob("*.py"))
        if "__pycache__" not in p.parts
    )
    if not sources:
        raise WorkbookError(f"No .py files in {source_dir}; is the repository complete?")
    return _build_package(backend, sources)


@functools.lru_cache(maxsize=4)
def _build_package(backend: str, sources: tuple[tuple[str, Path, int, int], ...]) -> bytes:
    entries = dict(_dependency_files(backend))
    entries.update((name, path) for name, path, _, _ in sources)  # own files win
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, _ZIP_TIMESTAMP)
            info.external_attr = (0o755 if name.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name].read_bytes())
    return buffer.getvalue()


def package_contents(zip_bytes: bytes) -> list[str]:
    """The top-level entries of a zip (files and folders), sorted, without ``*.dist-info``."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        names = {name.split("/", 1)[0] for name in archive.namelist()}
    return sorted(name for name in names if not name.endswith(".dist-info"))

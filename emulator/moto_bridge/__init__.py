"""The one package that imports moto.

moto's server answers the AWS control plane; the emulator needs to read what it stored (REST
APIs, functions, user pools) and to write a few things moto has no API for. Everything that
touches moto lives here, one module per AWS service, against the pinned version below:

- ``server``: moto's WSGI application, and calling it from a hook;
- ``apigateway``, ``awslambda``, ``cognito``, ``logs``: reads return the emulator's own frozen
  dataclasses, never moto objects.

Reads go through ``field`` and fail loudly (``MotoShapeError``) when moto's shape changes, so
a moto upgrade shows up as an error naming the field, never as a silent default. Every
function is covered by tests/emulator/moto_bridge/; a moto upgrade starts there
(CONTRIBUTING.md, "Upgrade moto").
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

# jsonschema (reached through moto.apigateway -> openapi_spec_validator) imports the optional
# `rfc3987_syntax` inside `with suppress(ImportError)`; building its grammar costs over a
# second of start-up, for IRI format checks the emulator never uses. A None entry makes that
# import fail, so jsonschema skips those two formats. `check_optional_imports_kept_out` (at
# start-up, and in tests/emulator/moto_bridge) fails loudly if a moto upgrade imports it anyway.
KEPT_OUT_MODULES = ("rfc3987_syntax",)
for _name in KEPT_OUT_MODULES:
    sys.modules.setdefault(_name, None)  # type: ignore[arg-type]  # None blocks an import

import moto  # noqa: E402
from moto.core.models import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.moto_api._internal.models import moto_api_backend  # noqa: E402

PINNED_MOTO_VERSION = "5.2.5"
ACCOUNT_ID: str = DEFAULT_ACCOUNT_ID


class MotoVersionError(RuntimeError):
    """moto is not the version this bridge was written and tested against."""


class SlowImportError(RuntimeError):
    """A module the emulator keeps out of its start-up was imported after all."""


def check_optional_imports_kept_out() -> None:
    """Raise SlowImportError when a kept-out module was really imported (a moto upgrade that
    imports it another way); the fix belongs here, not in a slower start."""
    loaded = [name for name in KEPT_OUT_MODULES if sys.modules.get(name) is not None]
    if loaded:
        raise SlowImportError(
            f"{', '.join(loaded)} got imported although the emulator keeps it out of start-up "
            "(emulator/moto_bridge/__init__.py); find who imports it now."
        )


class MotoShapeError(RuntimeError):
    """A moto object lacks a field the bridge reads: moto changed; the bridge must follow."""


def check_moto_version() -> None:
    """Refuse to run against a moto this bridge was not tested with."""
    if moto.__version__ != PINNED_MOTO_VERSION:
        raise MotoVersionError(
            f"The emulator is built against moto {PINNED_MOTO_VERSION}, "
            f"but moto {moto.__version__} is installed; run `make setup`."
        )


def field(obj: object, name: str) -> Any:
    """``obj.name``, or MotoShapeError naming the class and field when moto has none."""
    try:
        return getattr(obj, name)
    except AttributeError as err:
        raise MotoShapeError(
            f"moto {moto.__version__}: {type(obj).__name__} has no field {name!r}; "
            "update emulator/moto_bridge for this moto (CONTRIBUTING.md, 'Upgrade moto')."
        ) from err


def reset_all() -> None:
    """Forget every resource in every service, as moto's /moto-api/reset does."""
    moto_api_backend.reset()


def loaded_regions(backends: Any) -> Iterator[tuple[str, Any]]:
    """(region, backend) for each region of the emulator's account that moto has loaded."""
    if ACCOUNT_ID not in backends:
        return
    yield from list(backends[ACCOUNT_ID].items())

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

import importlib
import sys
import threading
import types
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

# moto.apigateway.models imports openapi_spec_validator (and through it jsonschema, pydantic,
# referencing ...: 0.4 s of start-up on a quiet machine, 2 s on a busy one) for one use:
# validating an imported OpenAPI document when ``failOnWarnings`` is set, which the course
# never does. Until that use, stand-ins take the two names moto imports: ``validate`` imports
# the real package on its first call, and the real OpenAPIValidationError it raises becomes
# the stand-in ``DeferredOpenAPIValidationError`` that moto's ``except`` names (moto reads
# only its ``message``). `check_deferred_package_still_deferred` (at start-up, and in
# tests/emulator/moto_bridge) fails loudly if the real package got imported at start-up.
DEFERRED_PACKAGE = "openapi_spec_validator"
_DEFERRED_EXCEPTIONS = f"{DEFERRED_PACKAGE}.validation.exceptions"
_deferred_lock = threading.Lock()


class DeferredOpenAPIValidationError(Exception):
    """What moto catches in place of openapi_spec_validator's OpenAPIValidationError."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _validate_openapi(spec: Any) -> None:
    """openapi_spec_validator's ``validate``, imported on first use."""
    with _deferred_lock:
        for name in (_DEFERRED_EXCEPTIONS, f"{DEFERRED_PACKAGE}.validation", DEFERRED_PACKAGE):
            if getattr(sys.modules.get(name), "__deferred__", False):
                del sys.modules[name]
        real = importlib.import_module(DEFERRED_PACKAGE)
        real_error = importlib.import_module(_DEFERRED_EXCEPTIONS).OpenAPIValidationError
    try:
        real.validate(spec)
    except real_error as err:
        raise DeferredOpenAPIValidationError(str(err.message)) from err


def _stand_in(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name, "Stands in until first use (emulator/moto_bridge).")
    module.__dict__.update(attributes, __deferred__=True)
    return module


if DEFERRED_PACKAGE not in sys.modules:
    sys.modules[DEFERRED_PACKAGE] = _stand_in(DEFERRED_PACKAGE, validate=_validate_openapi)
    sys.modules[f"{DEFERRED_PACKAGE}.validation"] = _stand_in(f"{DEFERRED_PACKAGE}.validation")
    sys.modules[_DEFERRED_EXCEPTIONS] = _stand_in(
        _DEFERRED_EXCEPTIONS, OpenAPIValidationError=DeferredOpenAPIValidationError
    )

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


def check_deferred_package_still_deferred() -> None:
    """Raise SlowImportError when the deferred package was really imported at start-up (a moto
    upgrade, or a module of ours, that imports it another way)."""
    if not getattr(sys.modules.get(DEFERRED_PACKAGE), "__deferred__", False):
        raise SlowImportError(
            f"{DEFERRED_PACKAGE} got imported although the emulator defers it to its first use "
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

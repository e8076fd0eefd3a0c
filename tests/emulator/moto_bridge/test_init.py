"""emulator/moto_bridge/__init__.py: the pinned version, ``field``, reset and regions; and the
check that every public bridge function is called by a test of its module."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path
from types import ModuleType

import boto3
import moto
import pytest
from moto import mock_aws
from moto.apigateway.models import apigateway_backends

from emulator import moto_bridge
from emulator.process import credentials_for

TESTS = Path(__file__).resolve().parent


def bridge_modules() -> dict[str, ModuleType]:
    """Each bridge module by the name of its test module (the package itself is ``init``)."""
    modules = {"init": moto_bridge}
    for info in pkgutil.iter_modules(moto_bridge.__path__):
        modules[info.name] = importlib.import_module(f"{moto_bridge.__name__}.{info.name}")
    return modules


def public_functions(module: ModuleType) -> list[str]:
    """The functions a module defines (not imports) whose names have no leading underscore."""
    return sorted(
        name
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and callable(obj)
        and not inspect.isclass(obj)
        and getattr(obj, "__module__", None) == module.__name__
    )


def untested(test_name: str, module: ModuleType) -> list[str]:
    path = TESTS / f"test_{test_name}.py"
    source = path.read_text() if path.exists() else ""
    return [
        f"{module.__name__}.{name} (no call in {path.name})"
        for name in public_functions(module)
        if not re.search(rf"\b{name}\(", source)
    ]


def test_every_public_bridge_function_has_a_test() -> None:
    """A new bridge function (or module) fails here until its test module calls it."""
    missing = [line for name, mod in bridge_modules().items() for line in untested(name, mod)]
    assert missing == []


def test_the_introspection_sees_plain_wrapped_and_cached_functions() -> None:
    """The check above would pass vacuously if it could not see the functions."""
    modules = bridge_modules()
    seen = {name: public_functions(module) for name, module in modules.items()}
    assert sorted(modules) == [
        "apigateway",
        "apigateway_responses",
        "awslambda",
        "cognito",
        "iam",
        "iam_principals",
        "init",
        "logs",
        "server",
    ]
    assert {"field", "find_rest_api", "moto_errors", "cognito_public_jwks"} <= {
        name for names in seen.values() for name in names
    }


def test_installed_moto_is_the_pinned_version() -> None:
    moto_bridge.check_moto_version()


def test_check_moto_version_refuses_another_moto_naming_both_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(moto, "__version__", "9.9.9")
    with pytest.raises(moto_bridge.MotoVersionError) as raised:
        moto_bridge.check_moto_version()
    assert str(raised.value) == (
        "The emulator is built against moto 5.2.5, but moto 9.9.9 is installed; run `make setup`."
    )


class Stage:
    """Stands in for a moto model object of a moto that renamed ``deployment_id``."""

    name = "dev"


def test_field_reads_the_attribute() -> None:
    assert moto_bridge.field(Stage(), "name") == "dev"


def test_field_missing_raises_moto_shape_error_naming_the_class_and_the_field() -> None:
    with pytest.raises(moto_bridge.MotoShapeError) as raised:
        moto_bridge.field(Stage(), "deployment_id")
    assert str(raised.value) == (
        "moto 5.2.5: Stage has no field 'deployment_id'; "
        "update emulator/moto_bridge for this moto (CONTRIBUTING.md, 'Upgrade moto')."
    )


def test_field_missing_keeps_the_attribute_error_as_the_cause() -> None:
    with pytest.raises(moto_bridge.MotoShapeError) as raised:
        moto_bridge.field(Stage(), "deployment_id")
    assert isinstance(raised.value.__cause__, AttributeError)


@mock_aws
def test_reset_all_forgets_apis() -> None:
    client = boto3.client("apigateway", region_name="us-east-1")
    client.create_rest_api(name="x")
    moto_bridge.reset_all()
    assert client.get_rest_apis()["items"] == []


@mock_aws
def test_loaded_regions_yields_a_loaded_region_with_its_backend() -> None:
    boto3.client("apigateway", region_name="eu-west-1").create_rest_api(name="x")
    backend = apigateway_backends[moto_bridge.ACCOUNT_ID]["eu-west-1"]
    assert ("eu-west-1", backend) in list(moto_bridge.loaded_regions(apigateway_backends))


def test_loaded_regions_of_backends_without_the_emulator_account_is_empty() -> None:
    assert list(moto_bridge.loaded_regions({})) == []


def test_the_emulator_starts_without_the_kept_out_modules() -> None:
    """jsonschema's optional rfc3987_syntax costs over a second of start-up (moto_bridge)."""
    probe = (
        "import sys, emulator.server; "
        "print([m for m in moto_bridge.KEPT_OUT_MODULES if sys.modules.get(m) is not None])"
    ).replace("moto_bridge.", "emulator.moto_bridge.")
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_a_kept_out_module_that_got_imported_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rfc3987_syntax", types.ModuleType("rfc3987_syntax"))
    with pytest.raises(moto_bridge.SlowImportError, match="rfc3987_syntax got imported"):
        moto_bridge.check_optional_imports_kept_out()


def test_no_kept_out_module_passes_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rfc3987_syntax", None)
    moto_bridge.check_optional_imports_kept_out()


def test_the_emulator_starts_without_the_deferred_package() -> None:
    """openapi_spec_validator (and jsonschema, pydantic ... behind it) waits for its first use."""
    probe = (
        "import sys, emulator.server; "
        "print(getattr(sys.modules['openapi_spec_validator'], '__deferred__', False), "
        "'jsonschema' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "True False"


def test_the_deferred_package_still_validates_an_imported_openapi_document(
    emulator_url: str,
) -> None:
    """ImportRestApi with failOnWarnings: moto's own BadRequestException and message."""
    client = boto3.client(
        "apigateway",
        endpoint_url=emulator_url,
        region_name="us-east-1",
        **credentials_for(emulator_url).boto3_kwargs(),
    )
    document = b'{"openapi": "3.0.0", "info": {"title": "x"}, "paths": {}}'
    with pytest.raises(client.exceptions.BadRequestException) as raised:
        client.import_rest_api(failOnWarnings=True, body=document)
    assert raised.value.response["Error"]["Message"] == (
        "Failed to parse the uploaded OpenAPI document due to: 'version' is a required property"
    )


def test_the_deferred_package_imported_at_start_up_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        sys.modules, "openapi_spec_validator", types.ModuleType("openapi_spec_validator")
    )
    with pytest.raises(moto_bridge.SlowImportError, match="openapi_spec_validator got imported"):
        moto_bridge.check_deferred_package_still_deferred()


def test_the_deferred_package_still_deferred_passes_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stand_in = types.ModuleType("openapi_spec_validator")
    stand_in.__deferred__ = True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "openapi_spec_validator", stand_in)
    moto_bridge.check_deferred_package_still_deferred()

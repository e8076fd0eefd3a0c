"""CreateFunction and UpdateFunctionCode checked as Lambda checks them, before moto stores
anything (rows of emulator/urls.py, in every mode; docs/aws-behaviour.md 24.6, 24.8).

- FunctionName: botocore's pattern and length (names.py), so ``../x`` never becomes a
  function, a log group or a path.
- The request: over 69,905,067 bytes, 413 RequestEntityTooLargeException "Request must be
  smaller than 69905067 bytes for the CreateFunction operation" (recorded in public issue
  reports; the base64 of Lambda's 50 MB direct-upload quota).
- The zip: unreadable or unsafe entries, or over 250 MB unzipped by its central directory,
  400 InvalidParameterValueException (runtime/code.py); extraction enforces the cap again.

In eventual mode the checked request goes on to ``control_plane`` (21.2, 21.5, 21.6).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.awslambda import control_plane
from emulator.awslambda.names import check_function_name
from emulator.awslambda.runtime.code import MAX_REQUEST_BYTES, PackageRejected, check_package
from emulator.errors import AwsError, Protocol
from emulator.moto_bridge import server as moto_server
from emulator.wire import lenient_json_body

if TYPE_CHECKING:
    from emulator.state import EmulatorState


def _check(request: Request, operation: str, zip_field: object) -> None:
    if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
        raise AwsError(
            413,
            "RequestEntityTooLargeException",
            f"Request must be smaller than {MAX_REQUEST_BYTES} bytes for the {operation} operation",
            Protocol.LAMBDA,
        )
    if not isinstance(zip_field, str):
        return
    try:
        check_package(base64.b64decode(zip_field, validate=True))
    except (binascii.Error, ValueError) as err:
        raise AwsError(
            400,
            "InvalidParameterValueException",
            "Could not unzip uploaded file. Please check your file, then try to upload again.",
            Protocol.LAMBDA,
        ) from err
    except PackageRejected as rejected:
        raise AwsError(
            400, "InvalidParameterValueException", str(rejected), Protocol.LAMBDA
        ) from rejected


def create_function(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    body = lenient_json_body(request)
    name = body.get("FunctionName")
    if isinstance(name, str):
        check_function_name(name, namespaced=False)
    code = body.get("Code")
    _check(request, "CreateFunction", code.get("ZipFile") if isinstance(code, dict) else None)
    if state.settings.eventual:
        return control_plane.create_function(state, request, match)
    return moto_server.call(request.environ, request.get_data())


def update_function_code(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    check_function_name(unquote(match.group("name")), namespaced=False)
    _check(request, "UpdateFunctionCode", lenient_json_body(request).get("ZipFile"))
    if state.settings.eventual:
        return control_plane.update_function(state, request, match)
    return moto_server.call(request.environ, request.get_data())

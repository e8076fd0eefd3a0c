"""Lambda calls the emulator answers around moto in eventual mode (rows of emulator/urls.py).

- CreateFunction: refused while the role is not yet assumable (400
  InvalidParameterValueException "The role defined for the function cannot be assumed by
  Lambda.", docs/aws-behaviour.md 21.2); otherwise the new function is Pending (21.5).
- GetFunction, GetFunctionConfiguration: ``State`` and ``LastUpdateStatus`` as they read
  now, so that the boto3 waiters ``function_active_v2`` and ``function_updated_v2`` wait.
- UpdateFunctionCode, UpdateFunctionConfiguration, PublishVersion: refused (409) while the
  function is Pending or an update is in progress; an update starts one (21.6).
- AddPermission: the new statement takes effect after a while (21.7).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.awslambda.states import FunctionKey, key_of
from emulator.errors import AwsError, Protocol
from emulator.moto_bridge import server as moto_server
from emulator.moto_bridge.awslambda import FunctionRecord, find_function
from emulator.wire import lenient_json_body, region_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

ROLE_NOT_ASSUMABLE = "The role defined for the function cannot be assumed by Lambda."


def _moto(request: Request) -> Answer:
    return moto_server.call(request.environ, request.get_data())


def _function(request: Request, match: re.Match[str]) -> FunctionRecord | None:
    return find_function(region_of(request), unquote(match.group("name")), None)


def _refuse_unassumable_role(state: EmulatorState, request: Request) -> None:
    role = lenient_json_body(request).get("Role")
    if isinstance(role, str) and state.iam.new_roles.pending(role):
        raise AwsError(
            400, "InvalidParameterValueException", ROLE_NOT_ASSUMABLE, Protocol.LAMBDA, compact=True
        )


def _rewritten(answer: Answer, payload: dict[str, Any]) -> Answer:
    return answer.with_body(json.dumps(payload).encode())


def create_function(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    _refuse_unassumable_role(state, request)
    answer = _moto(request)
    if answer.status >= 300:
        return answer
    payload = answer.json()
    key: FunctionKey = (region_of(request), str(payload["FunctionName"]))
    state.function_states.creating.start(key, True)
    return _rewritten(answer, state.function_states.configuration(key, payload))


def _is_latest(request: Request) -> bool:
    return request.args.get("Qualifier", "$LATEST") == "$LATEST"


def get_function(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = _moto(request)
    function = _function(request, match)
    if answer.status != 200 or function is None or not _is_latest(request):
        return answer
    payload = answer.json()
    state.function_states.configuration(key_of(function), payload["Configuration"])
    return _rewritten(answer, payload)


def get_function_configuration(
    state: EmulatorState, request: Request, match: re.Match[str]
) -> Answer:
    answer = _moto(request)
    function = _function(request, match)
    if answer.status != 200 or function is None or not _is_latest(request):
        return answer
    return _rewritten(answer, state.function_states.configuration(key_of(function), answer.json()))


def update_function(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """UpdateFunctionCode and UpdateFunctionConfiguration."""
    function = _function(request, match)
    if function is None:
        return _moto(request)
    state.function_states.refuse_update(function)
    _refuse_unassumable_role(state, request)
    answer = _moto(request)
    if answer.status >= 300:
        return answer
    state.function_states.updating.start(key_of(function), function.spec)
    return _rewritten(answer, state.function_states.configuration(key_of(function), answer.json()))


def publish_version(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    function = _function(request, match)
    if function is not None:
        state.function_states.refuse_update(function)
    return _moto(request)


def add_permission(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = _moto(request)
    function = _function(request, match)
    statement_id = lenient_json_body(request).get("StatementId")
    if answer.status < 300 and function is not None and isinstance(statement_id, str):
        region, name = key_of(function)
        state.function_states.new_permissions.start((region, name, statement_id), True)
    return answer

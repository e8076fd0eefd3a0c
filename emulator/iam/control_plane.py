"""IAM calls the emulator answers around moto in eventual mode (rows of emulator/urls.py).

- CreateRole: the new role is not assumable by Lambda for a while (21.2; Lambda's
  CreateFunction asks ``IamPropagation.new_roles``).
- PutRolePolicy / GetRolePolicy: a new inline policy cannot be read for a while: 404
  NoSuchEntity "The role policy with name {name} cannot be found." (21.3).
- DeleteRole, DeleteRolePolicy / ListRoles, ListRolePolicies: what was deleted is still
  listed for a while (21.4).

IAM speaks the Query protocol: the operation is the ``Action`` parameter of a form body, the
answer XML (emulator/iam/listings.py), errors IAM's XML ``ErrorResponse``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.errors import iam_error
from emulator.iam import listings
from emulator.moto_bridge import iam as moto_iam
from emulator.moto_bridge import server as moto_server
from emulator.wire import query_params, service_of

if TYPE_CHECKING:
    from emulator.state import EmulatorState

_LIST_ALL_ROLES = b"Action=ListRoles&Version=2010-05-08&MaxItems=1000"


def iam_action(*actions: str) -> Callable[[Request], bool]:
    """A row condition: the request is one of IAM's ``actions``."""

    def matches(request: Request) -> bool:
        return service_of(request) == "iam" and query_params(request).get("Action") in actions

    return matches


def _moto(request: Request, body: bytes | None = None) -> Answer:
    return moto_server.call(request.environ, request.get_data() if body is None else body)


def create_role(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = _moto(request)
    if answer.status == 200:
        arn = listings.role_arn(answer.body)
        if arn:
            state.iam.new_roles.start(arn, True)
        state.iam.deleted_roles.forget(query_params(request).get("RoleName", ""))
    return answer


def put_role_policy(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    params = query_params(request)
    role, policy = params.get("RoleName", ""), params.get("PolicyName", "")
    before = moto_iam.inline_policy_names(role)
    answer = _moto(request)
    if answer.status == 200 and before is not None and policy not in before:
        state.iam.new_inline_policies.start((role, policy), True)
        state.iam.deleted_inline_policies.forget((role, policy))
    return answer


def get_role_policy(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    params = query_params(request)
    role, policy = params.get("RoleName", ""), params.get("PolicyName", "")
    if state.iam.new_inline_policies.pending((role, policy)):
        raise iam_error(404, "NoSuchEntity", f"The role policy with name {policy} cannot be found.")
    return _moto(request)


def delete_role(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    role = query_params(request).get("RoleName", "")
    listed = _moto(request, _LIST_ALL_ROLES)
    member = listings.role_member(listed.body, role) if listed.status == 200 else None
    answer = _moto(request)
    if answer.status == 200 and member is not None:
        state.iam.deleted_roles.start(role, member)
    return answer


def delete_role_policy(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    params = query_params(request)
    role, policy = params.get("RoleName", ""), params.get("PolicyName", "")
    answer = _moto(request)
    if answer.status == 200:
        state.iam.deleted_inline_policies.start((role, policy), True)
        state.iam.new_inline_policies.forget((role, policy))
    return answer


def list_roles(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = _moto(request)
    ghosts = [member for _, member in state.iam.deleted_roles.items()]
    if answer.status != 200 or not ghosts:
        return answer
    prefix = query_params(request).get("PathPrefix", "/")
    return answer.with_body(listings.with_roles(answer.body, ghosts, prefix))


def list_role_policies(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    role = query_params(request).get("RoleName", "")
    answer = _moto(request)
    ghosts = [
        name for (owner, name), _ in state.iam.deleted_inline_policies.items() if owner == role
    ]
    if answer.status != 200 or not ghosts:
        return answer
    return answer.with_body(listings.with_policy_names(answer.body, ghosts))

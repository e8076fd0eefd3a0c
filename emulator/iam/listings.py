"""Reading and completing IAM's XML answers (the Query protocol's responses).

moto answers in IAM's namespace (``https://iam.amazonaws.com/doc/2010-05-08/``); the
emulator reads a role's ARN or its ListRoles entry from an answer, and adds still-listed
entries (docs/aws-behaviour.md 21.4) to ListRoles and ListRolePolicies answers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from emulator.errors import IAM_XMLNS

_NS = {"iam": IAM_XMLNS}


def _root(body: bytes) -> ET.Element:
    return ET.fromstring(body)


def _serialize(root: ET.Element) -> bytes:
    return ET.tostring(root, default_namespace=IAM_XMLNS)


def role_arn(create_role_answer: bytes) -> str | None:
    """The ``Arn`` of the role in a CreateRole answer."""
    return _root(create_role_answer).findtext(".//iam:Role/iam:Arn", namespaces=_NS)


def role_member(list_roles_answer: bytes, role_name: str) -> bytes | None:
    """The ``<member>`` of ``role_name`` in a ListRoles answer, as XML."""
    for member in _root(list_roles_answer).iterfind(".//iam:Roles/iam:member", _NS):
        if member.findtext("iam:RoleName", namespaces=_NS) == role_name:
            return ET.tostring(member)
    return None


def _last_page(root: ET.Element) -> bool:
    return (root.findtext(".//iam:IsTruncated", namespaces=_NS) or "false") == "false"


def with_roles(list_roles_answer: bytes, members: Iterable[bytes], path_prefix: str) -> bytes:
    """A ListRoles answer with the ``members`` it lacks added (on its last page only)."""
    root = _root(list_roles_answer)
    roles = root.find(".//iam:Roles", _NS)
    if roles is None or not _last_page(root):
        return list_roles_answer
    listed = {m.findtext("iam:RoleName", namespaces=_NS) for m in roles.iterfind("iam:member", _NS)}
    for raw in members:
        member = ET.fromstring(raw)
        name = member.findtext("iam:RoleName", namespaces=_NS)
        path = member.findtext("iam:Path", namespaces=_NS) or "/"
        if name not in listed and path.startswith(path_prefix):
            roles.append(member)
    return _serialize(root)


def with_policy_names(list_role_policies_answer: bytes, names: Iterable[str]) -> bytes:
    """A ListRolePolicies answer with the policy ``names`` it lacks added (last page only)."""
    root = _root(list_role_policies_answer)
    policy_names = root.find(".//iam:PolicyNames", _NS)
    if policy_names is None or not _last_page(root):
        return list_role_policies_answer
    listed = {member.text for member in policy_names.iterfind("iam:member", _NS)}
    for name in sorted(set(names) - listed):
        ET.SubElement(policy_names, f"{{{IAM_XMLNS}}}member").text = name
    return _serialize(root)

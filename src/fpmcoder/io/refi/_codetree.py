"""REFI-QDA ``<Code>`` trees: read them into :class:`CodeNode` and write a codebook as one.

The same element layout serves the codebook (.qdc) and the project (.qde) namespaces.
Export layout::

    Activities            (isCodable="false")
      <each activity>     colour, description
    Dilemmas              (isCodable="false")
      <dilemma group>     (isCodable="false"), one per named group
        <each dilemma>
      <ungrouped dilemma>
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from fpmcoder.core.codebook import Codebook
from fpmcoder.errors import RefiError
from fpmcoder.io.refi._guid import GuidFor, norm_guid
from fpmcoder.io.refi._xml import children, sub, text_of

__all__ = [
    "ACTIVITIES_PARENT",
    "DILEMMAS_PARENT",
    "MAX_CODE_DEPTH",
    "CodeNode",
    "code_guids",
    "parse_codes",
    "write_codes",
]

ACTIVITIES_PARENT = "Activities"
DILEMMAS_PARENT = "Dilemmas"
MAX_CODE_DEPTH = 100


@dataclass
class CodeNode:
    guid: str
    name: str
    codable: bool
    colour: str | None = None
    description: str | None = None
    children: list[CodeNode] = field(default_factory=list)
    parent: CodeNode | None = field(default=None, repr=False)

    def codable_children(self) -> list[CodeNode]:
        return [c for c in self.children if c.codable]

    def walk(self) -> list[CodeNode]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


def parse_codes(
    codes: ET.Element | None, parent: CodeNode | None = None, *, path: Path, depth: int = 1
) -> list[CodeNode]:
    """The ``<Code>`` children of ``codes`` as a tree (GUIDs normalised).

    Codes nested more than :data:`MAX_CODE_DEPTH` deep are refused (``path`` is for the
    message): every walk of the tree is recursive.
    """
    if codes is None:
        return []
    if depth > MAX_CODE_DEPTH:
        raise RefiError(
            f"codes are nested more than {MAX_CODE_DEPTH} deep; a code tree is a few levels "
            "deep, so the file is refused",
            path=path,
        )
    out: list[CodeNode] = []
    for el in children(codes, "Code"):
        codable = (el.get("isCodable") or "true").strip().lower() not in ("false", "0")
        node = CodeNode(
            guid=norm_guid(el.get("guid")),
            name=(el.get("name") or "").strip() or "(unnamed code)",
            codable=codable,
            colour=el.get("color"),
            description=(text_of(el, "Description") or "").strip() or None,
            parent=parent,
        )
        node.children = parse_codes(el, node, path=path, depth=depth + 1)
        out.append(node)
    return out


def code_guids(codebook: Codebook, guid: GuidFor) -> dict[str, str]:
    """Activity or dilemma id to its code GUID (as written by :func:`write_codes`)."""
    out = {a.id: guid("code", f"activity:{a.id}") for a in codebook.activities}
    out.update({d.id: guid("code", f"dilemma:{d.id}") for d in codebook.dilemmas})
    return out


def write_codes(codes: ET.Element, codebook: Codebook, guid: GuidFor) -> None:
    """Append the codebook's codes to the ``<Codes>`` element ``codes``."""
    ids = code_guids(codebook, guid)
    top = sub(codes, "Code", _attrs(guid("code", "parent:activities"), ACTIVITIES_PARENT))
    for a in codebook.activities:
        el = sub(top, "Code", _attrs(ids[a.id], a.name, True, a.color))
        if a.description:
            sub(el, "Description", text=a.description)
    if not codebook.dilemmas:
        return
    dil = sub(codes, "Code", _attrs(guid("code", "parent:dilemmas"), DILEMMAS_PARENT))
    groups: dict[str, ET.Element] = {}
    for group, items in codebook.dilemma_groups():
        parent = dil
        if group is not None:
            parent = groups.setdefault(
                group, sub(dil, "Code", _attrs(guid("code", f"group:{group}"), group))
            )
        for d in items:
            el = sub(parent, "Code", _attrs(ids[d.id], d.name, True))
            if d.description:
                sub(el, "Description", text=d.description)


def _attrs(
    guid: str, name: str, codable: bool = False, colour: str | None = None
) -> dict[str, str | None]:
    return {
        "guid": guid,
        "name": name,
        "isCodable": "true" if codable else "false",
        "color": colour,
    }

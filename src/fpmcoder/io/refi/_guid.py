"""GUIDs: the callback that supplies them on export, and tidying the ones we read."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

__all__ = ["GuidFor", "checked", "norm_guid", "uuid5_guid_for"]

GuidFor = Callable[[str, str], str]
"""``guid(kind, key)``: a stable GUID for an object of ``kind`` identified by ``key``.

Kinds used by the writers: ``project``, ``user``, ``code``, ``source``, ``selection``,
``coding``, ``note``, ``case``, ``variable``.
"""

_GUID_RE = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)
_NAMESPACE = uuid.UUID("5f0e8a8c-2d7b-4c55-9a1e-6f706d636f64")


def norm_guid(value: str | None) -> str:
    """Lower case, without braces or blanks: how GUIDs from files are compared.

    Tools differ in case (MAXQDA and ATLAS.ti upper, NVivo lower) and some write braces;
    versions other than 4 (NVivo's hex-encoded names) are accepted as they are.
    """
    return (value or "").strip().strip("{}").lower()


def checked(guid: GuidFor) -> GuidFor:
    """Wrap ``guid`` so a value that is not a GUID fails loudly instead of writing bad XML."""

    def wrapped(kind: str, key: str) -> str:
        value = guid(kind, key)
        if not isinstance(value, str) or not _GUID_RE.match(value):
            raise ValueError(f"guid({kind!r}, {key!r}) returned {value!r}, not a GUID")
        return value

    return wrapped


def uuid5_guid_for(namespace: str = "") -> GuidFor:
    """A deterministic ``GuidFor`` without a project (name-based UUIDs), for tests and tools."""

    def guid(kind: str, key: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{namespace}\x1f{kind}\x1f{key}")).upper()

    return guid

"""REFI-QDA codebooks (.qdc): an XML file with the code tree, no transcripts.

Export: the activities under a parent code "Activities", the dilemmas under "Dilemmas"
(one sub-parent per dilemma group); parents are not codable. Import: see
:mod:`fpmcoder.io.refi._mapping` for how codes become activities and dilemmas.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from fpmcoder import __version__
from fpmcoder.core.codebook import Codebook
from fpmcoder.errors import RefiError
from fpmcoder.io._files import write_atomic
from fpmcoder.io.refi._archive import MAX_MEMBER_BYTES
from fpmcoder.io.refi._codetree import parse_codes, write_codes
from fpmcoder.io.refi._guid import GuidFor, checked
from fpmcoder.io.refi._mapping import build_codebook
from fpmcoder.io.refi._xml import CODEBOOK_NS, child, local, parse_xml, sub, to_bytes

__all__ = ["codebook_xml", "read_qdc", "write_qdc"]


def read_qdc(path: Path, *, activities_parent: str | None = None) -> Codebook:
    """Read a REFI-QDA codebook; ``activities_parent`` names the code holding the activities."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_MEMBER_BYTES:
            raise RefiError(f"the codebook file is {size:,} bytes, too large to be one", path=path)
        data = path.read_bytes()
    except OSError as exc:
        raise RefiError(f"cannot read the file: {exc.strerror}", path=path) from None
    root = parse_xml(data, path=path, what="the codebook")
    if local(root.tag) != "CodeBook":
        hint = (
            " (this looks like a project: use the .qdpx file)"
            if local(root.tag) == "Project"
            else ""
        )
        raise RefiError(
            f"not a REFI-QDA codebook: the document starts with <{local(root.tag)}>, "
            f"not <CodeBook>{hint}",
            path=path,
        )
    nodes = parse_codes(child(root, "Codes"), path=path)
    return build_codebook(
        nodes, name=path.stem or "Imported codebook", activities_parent=activities_parent, path=path
    ).codebook


def codebook_xml(codebook: Codebook, guid: GuidFor) -> bytes:
    """The .qdc document for ``codebook``."""
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"fpmcoder {__version__}"})
    write_codes(sub(root, "Codes"), codebook, checked(guid))
    return to_bytes(root)


def write_qdc(path: Path, codebook: Codebook, guid: GuidFor) -> None:
    """Write ``codebook`` as a REFI-QDA codebook, replacing ``path`` atomically."""
    data = codebook_xml(codebook, guid)
    write_atomic(Path(path), data)

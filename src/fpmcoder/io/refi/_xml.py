"""Safe XML in and deterministic XML out.

Reading goes through defusedxml with DTDs, entity declarations and external references
forbidden, so "billion laughs" and external-entity tricks are refused before anything is
expanded. Element names are read without their namespace: tools write
``urn:QDA-XML:project:1.0``, ``urn:QDA-XML:codebook:1.0`` or no namespace at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from fpmcoder.errors import RefiError

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "child",
    "children",
    "clean",
    "items",
    "local",
    "parse_xml",
    "sub",
    "text_of",
    "to_bytes",
]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

# Characters XML 1.0 cannot carry at all (C0 controls except tab and newline, CR kept).
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


MAX_ELEMENTS = 1_000_000
"""Elements of one XML document (a tree of them takes 200 to 300 bytes each)."""


def parse_xml(data: bytes, *, path: Path, what: str) -> ET.Element:
    """Parse ``data`` (the bytes of ``what`` inside ``path``) safely; refuse DTDs and entities."""
    if data.count(b"<") - data.count(b"</") > MAX_ELEMENTS:
        raise RefiError(
            f"{what} holds more than {MAX_ELEMENTS:,} XML elements, far more than any real "
            "project; it is refused",
            path=path,
        )
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden) as exc:
        raise RefiError(
            f"{what} declares a DTD or XML entities ({type(exc).__name__}); REFI-QDA files "
            "never need them and they can be used to attack the reader, so the file is refused",
            path=path,
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise RefiError(
            f"{what} refers to external files; the file is refused", path=path
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise RefiError(
            f"{what} is not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc}); "
            "the file may be damaged: export it again from the other program",
            path=path,
            line=line,
            column=column + 1,
        ) from None
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python lacks
        raise RefiError(
            f"{what} declares a text encoding that cannot be read ({exc}); export it again "
            "from the other program (as UTF-8)",
            path=path,
        ) from None
    except Exception as exc:  # anything else the XML parser trips on is a damaged file
        raise RefiError(
            f"{what} cannot be read as XML ({exc or type(exc).__name__}); the file may be "
            "damaged: export it again from the other program",
            path=path,
        ) from None
    return root


def local(tag: str) -> str:
    """``{urn:...}Code`` -> ``Code``."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Direct children with this local name, in document order."""
    for item in element:
        if isinstance(item.tag, str) and local(item.tag) == name:
            yield item


def items(element: ET.Element | None, container: str, name: str) -> Iterator[ET.Element]:
    """``<container><name/>...</container>`` children of ``element`` (none when absent)."""
    if element is not None:
        box = child(element, container)
        if box is not None:
            yield from children(box, name)


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next(children(element, name), None)


def text_of(element: ET.Element | None, name: str) -> str | None:
    """Text of the first child called ``name`` (``None`` when absent)."""
    if element is None:
        return None
    found = child(element, name)
    if found is None:
        return None
    return found.text or ""


# -- writing -------------------------------------------------------------------------------


def clean(value: str) -> str:
    """Drop characters XML 1.0 cannot represent (control characters)."""
    return _BAD_XML_CHARS.sub("", value)


def sub(
    parent: ET.Element,
    name: str,
    attrs: dict[str, str | None] | None = None,
    text: str | None = None,
) -> ET.Element:
    """Append ``<name>`` to ``parent``; attributes whose value is ``None`` are left out.

    Elements are built without a namespace and the root carries ``xmlns="urn:..."``:
    ElementTree cannot otherwise write a default namespace with unqualified attributes.
    """
    element = ET.SubElement(parent, name)
    for key, value in (attrs or {}).items():
        if value is not None:
            element.set(key, clean(value))
    if text is not None:
        element.text = clean(text)
    return element


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 bytes with an XML declaration, indented by two spaces."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    # Carriage returns in element text would be turned into newlines by every XML reader.
    body = body.replace("\r", "&#13;")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")

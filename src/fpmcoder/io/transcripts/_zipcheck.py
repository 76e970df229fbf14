"""Checks before handing a zip-based document (.docx, .xlsx, .odt) to its library.

Every member is inflated once in small chunks and counted (see :mod:`fpmcoder.io._zipsafe`),
so a member whose declared size lies is refused before the library inflates it in one go.
"""

from __future__ import annotations

from pathlib import Path

from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io._zipsafe import DOCUMENT_LIMITS, open_zip, verify_members
from fpmcoder.io.transcripts._common import error

__all__ = ["check_zip"]


def check_zip(path: Path, data: bytes, kind: str, member: str, save_as: str) -> None:
    """Refuse a file that is not the zip document it claims to be, or that unpacks huge."""

    def fail(message: str) -> TranscriptFormatError:
        return error(message, path)

    what = f"{kind} file"
    with open_zip(data, fail, what) as z:
        infos = verify_members(z, DOCUMENT_LIMITS, fail, what)
    if member not in {i.filename for i in infos}:
        raise error(
            f"this zip file is not a {kind} file (it has no {member}): open it in its own "
            f"program and save it as {save_as}",
            path,
        )

"""Checks before handing a zip-based document (.docx, .xlsx, .odt) to its library."""

from __future__ import annotations

import zipfile
from pathlib import Path

from fpmcoder.io.transcripts._common import error

__all__ = ["check_zip"]

_MAX_UNPACKED = 500 * 1024 * 1024


def check_zip(path: Path, kind: str, member: str, save_as: str) -> None:
    """Refuse a file that is not the zip document it claims to be, or that unpacks huge."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except FileNotFoundError:
        raise error("the file does not exist; check the name and folder", path) from None
    except (zipfile.BadZipFile, OSError):
        raise error(
            f"this is not a valid {kind} file (it may be damaged, password-protected or "
            f"another format with the wrong extension): open it and save it as {save_as}",
            path,
        ) from None
    if member not in names:
        raise error(
            f"this zip file is not a {kind} file (it has no {member}): open it in its own "
            f"program and save it as {save_as}",
            path,
        )
    if sum(i.file_size for i in infos) > _MAX_UNPACKED:
        raise error(f"this {kind} file unpacks to more than 500 MB; it is refused", path)

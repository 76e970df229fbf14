"""Importing the transcript readers must not pull in the heavy libraries (fast start-up)."""

from __future__ import annotations

import subprocess
import sys


def test_heavy_libraries_are_imported_only_when_a_file_needs_them() -> None:
    code = (
        "import sys, fpmcoder.io.transcripts\n"
        "heavy = ['pandas', 'docx', 'openpyxl', 'odf', 'charset_normalizer']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""

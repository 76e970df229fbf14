"""REFI-QDA exchange: codebooks (.qdc) and projects (.qdpx) to and from NVivo, ATLAS.ti,
MAXQDA and QualCoder. See docs/refi-qda.md for what is written, the import rules and the
safety limits.
"""

from __future__ import annotations

from fpmcoder.io.refi._guid import GuidFor, uuid5_guid_for
from fpmcoder.io.refi.codebook import read_qdc, write_qdc
from fpmcoder.io.refi.project_read import read_qdpx
from fpmcoder.io.refi.project_write import write_qdpx

__all__ = ["GuidFor", "read_qdc", "read_qdpx", "uuid5_guid_for", "write_qdc", "write_qdpx"]

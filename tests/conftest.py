"""Shared test set-up. Qt runs offscreen; real data is read in place from ../shared/realdata."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLES = ROOT / "sample_transcripts"


@pytest.fixture
def realdata() -> Path:
    """The third-party files folder; tests that use it skip only when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent")
    return REALDATA


@pytest.fixture
def codebook():
    from fpmcoder.io.codebook_yaml import default_codebook

    return default_codebook()

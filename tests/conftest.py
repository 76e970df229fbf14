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


@pytest.fixture(params=["file", "server"])
def new_project(request: pytest.FixtureRequest, tmp_path: Path):
    """A factory of empty projects, on each backend in turn (the server one skips without
    a server; see tests/pgtest.py). Call it with an optional codebook."""
    from contextlib import ExitStack

    from fpmcoder.store import Project

    with ExitStack() as stack:
        made: list[Project] = []

        def make(codebook=None) -> Project:
            if request.param == "file":
                p = Project.create(tmp_path / f"p{len(made)}.fpmc", codebook)
            else:
                from fpmcoder.store.server import init_server
                from pgtest import fresh_database

                url = stack.enter_context(fresh_database())
                init_server(url, codebook)
                p = Project.open(url)
            made.append(p)
            stack.callback(p.close)
            return p

        yield make

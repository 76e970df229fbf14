"""Fixtures for the REFI-QDA tests: a GUID store, a tricky bundle, the two XSDs."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from fpmcoder.io.refi import GuidFor

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


@pytest.fixture
def guid() -> GuidFor:
    """A dict-backed GUID store, like the project's: random once, then stable."""
    store: dict[tuple[str, str], str] = {}

    def get(kind: str, key: str) -> str:
        return store.setdefault((kind, key), str(uuid.uuid4()))

    return get


def _schema(name: str):  # type: ignore[no-untyped-def]
    xmlschema = pytest.importorskip("xmlschema")
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return xmlschema.XMLSchema(str(path))


@pytest.fixture(scope="session")
def project_schema():  # type: ignore[no-untyped-def]
    return _schema("REFI-QDA-Project.xsd")


@pytest.fixture(scope="session")
def codebook_schema():  # type: ignore[no-untyped-def]
    return _schema("REFI-QDA-Codebook.xsd")

"""Property: any transcripts, segmentation and codings survive export and import exactly."""

from __future__ import annotations

import itertools
import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.io.refi import read_qdpx, write_qdpx

CODEBOOK: Codebook = default_codebook()
ALPHABET = st.sampled_from([*list("ab Z:\n\t.…“”’éß😀👋🏽\xa0-"), "Mum: ", "\n\n", "  "])
texts = st.lists(ALPHABET, max_size=8).map("".join)
speakers = st.sampled_from(["", "Mum", "Nurse 1", "Dr. Who", "A:B", " x "])
turns = st.lists(st.builds(Turn, speakers, texts), min_size=1, max_size=6)
codings = st.builds(
    Coding,
    st.none() | st.sampled_from(CODEBOOK.activity_ids),
    st.frozensets(st.sampled_from(CODEBOOK.dilemma_ids), max_size=3),
    st.sampled_from(["", "memo", "two\nlines “q” 😀", " padded "]),
)


@st.composite
def coded(draw: st.DrawFn) -> CodedTranscript:
    t = Transcript(draw(st.sampled_from(["T", "Été 😀", "a/b"])), tuple(draw(turns)))
    n = len(t.text)
    cuts = sorted(draw(st.sets(st.integers(1, max(n - 1, 1)), max_size=5)) if n > 1 else set())
    points = [0, *cuts, n] if n else [0, 0]
    spans = tuple((a, b) for a, b in itertools.pairwise(points) if b > a) or ((0, n),)
    per = {
        coder: {i: c for i in range(len(spans)) if not (c := draw(codings)).is_empty}
        for coder in draw(st.sets(st.sampled_from(["alex", "sam", "Zoë"]), max_size=2))
    }
    return CodedTranscript(t, spans, {k: v for k, v in per.items() if v})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coded())
def test_any_bundle_round_trips(ct: CodedTranscript) -> None:
    if not ct.transcript.text:
        return  # an empty source is skipped on import (documented)
    store: dict[tuple[str, str], str] = {}

    def guid(kind: str, key: str) -> str:
        return store.setdefault((kind, key), str(uuid.uuid4()))

    bundle = ImportBundle((ct,))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.qdpx"
        write_qdpx(path, bundle, CODEBOOK, guid, project_name="p")
        back = read_qdpx(path)
    (got,) = back.transcripts
    assert got.transcript == ct.transcript
    assert got.spans == ct.spans
    assert got.codings == ct.codings

"""Mutated files of every format the importers read raise fpmcoder errors or are read,
and nothing is printed (see ``fuzzing.py``; the long run is ``benchmarks/fuzz_readers.py``).

The budget is bounded for CI: a fixed number of inputs per format, seeds up to 300 KB.
"""

from __future__ import annotations

import random
import traceback
from pathlib import Path

import pytest
from fuzzing import (  # type: ignore[import-not-found]
    REALDATA,
    TEXT_EXTENSIONS,
    TEXT_TOKENS,
    Seed,
    fresh_folder,
    mutated,
    qdpx_soup,
    run_one,
    seeds,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FORMATS = [".txt", ".md", ".csv", ".tsv", ".vtt", ".srt", ".docx", ".odt", ".xlsx", ".qdpx", ".qdc", ".yaml"]  # fmt: skip
EXAMPLES = 100  # per format: 1,200 inputs, under a minute

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["flip", "byte", "insert", "delete", "repeat", "truncate", "swap", "header"]
        ),
        st.integers(0, 1 << 30),
        st.integers(0, 2000),
        st.integers(0, 1 << 16),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Seed, bytes]]]:
    work = tmp_path_factory.mktemp("fuzz")
    found: dict[str, list[tuple[Seed, bytes]]] = {}
    for seed in seeds(work, max_bytes=300_000):
        found.setdefault(seed.path.suffix.lower(), []).append((seed, seed.path.read_bytes()))
    return found


def test_every_format_has_seeds(corpus: dict[str, list[tuple[Seed, bytes]]]) -> None:
    assert sorted(corpus) == sorted(FORMATS)
    readers = {seed.reader for pairs in corpus.values() for seed, _ in pairs}
    assert readers == {"transcript", "table", "qdpx", "qdc", "codebook"}


@pytest.mark.realdata
def test_real_files_are_seeds(realdata: Path, corpus: dict[str, list[tuple[Seed, bytes]]]) -> None:
    real = {
        s.path.suffix for pairs in corpus.values() for s, _ in pairs if REALDATA in s.path.parents
    }
    assert {".txt", ".csv", ".docx", ".odt", ".qdpx"} <= real


@pytest.mark.parametrize("fmt", FORMATS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_files_raise_only_fpmcoder_errors(
    corpus: dict[str, list[tuple[Seed, bytes]]],
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    data: st.DataObject,
) -> None:
    seed, content = data.draw(st.sampled_from(corpus[fmt]), label="seed")
    ops = data.draw(OPS, label="ops")
    where = data.draw(st.integers(0, 1 << 16), label="where")
    ext = data.draw(st.integers(0, 1 << 16), label="ext")
    blob, suffix = mutated(seed, content, ops, where, ext)
    folder = fresh_folder(tmp_path_factory.getbasetemp() / "fuzz-input")
    outcome = run_one(seed, blob, suffix, folder)
    if outcome.kind == "foreign":
        assert outcome.error is not None
        detail = "".join(traceback.format_exception(outcome.error))
        pytest.fail(f"{seed.path.name} {ops}: not an fpmcoder error:\n{detail}")
    assert outcome.printed == ""


YAML_TOKENS = [
    "name: x\n", "activities:\n", "dilemmas:\n", "  - ", "{", "}", "[", "]", ",", ": ", "? ",
    "id: a", "name: A", "color: '#123'", "key: '1'", "group: g", "\n", "    ", "'", '"', "#",
    "&a ", "*a", "<<: *a", "!!float ", "!!int ", "!!bool ", "!!binary ", "!!timestamp ",
    "!!set ", "!!omap ", "!!pairs ", "!!str ", "!!null ", "!!map ", "!!seq ", "!x ", "---\n",
    "2026-13-45", "1e999", ".inf", "0o9", "~", "|\n", ">\n", "%YAML 1.1\n", "\ufeff", "\x85",
]  # fmt: skip


@settings(max_examples=400, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(YAML_TOKENS), min_size=1, max_size=30))
def test_codebook_token_soup_raises_only_codebook_errors(tokens: list[str]) -> None:
    """Byte mutations of one codebook rarely make YAML structure (tags, aliases, complex
    keys); this builds it from tokens. PyYAML's own constructors raised KeyError,
    IndexError, AttributeError, ValueError and TypeError on such input."""
    from fpmcoder.errors import CodebookError
    from fpmcoder.io.codebook_yaml import parse_codebook

    try:
        parse_codebook("".join(tokens), "cb.yaml")
    except CodebookError as exc:
        assert str(exc).startswith("cb.yaml")


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    st.lists(st.sampled_from(TEXT_TOKENS), min_size=1, max_size=60),
    st.sampled_from(TEXT_EXTENSIONS),
    st.booleans(),
)
def test_text_token_soup_raises_only_transcript_errors(
    tmp_path_factory: pytest.TempPathFactory, tokens: list[str], suffix: str, merge: bool
) -> None:
    """Captions, tables and labelled text assembled from their own tokens."""
    from fpmcoder.errors import TranscriptFormatError
    from fpmcoder.io.transcripts import ReadOptions, read_transcripts

    path = fresh_folder(tmp_path_factory.getbasetemp() / "soup") / f"t{suffix}"
    path.write_text("".join(tokens), encoding="utf-8")
    try:
        read_transcripts(path, ReadOptions(merge_cues=merge))
    except TranscriptFormatError as exc:
        assert str(exc).startswith(str(path))


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.randoms(use_true_random=False))
def test_refi_project_soup_raises_only_refi_errors(
    tmp_path_factory: pytest.TempPathFactory, r: random.Random
) -> None:
    """REFI-QDA projects of random elements and attribute values (positions, GUIDs,
    paths, variable values) in a valid archive."""
    from fpmcoder.errors import RefiError
    from fpmcoder.io.refi import read_qdpx

    path = fresh_folder(tmp_path_factory.getbasetemp() / "soup") / "p.qdpx"
    path.write_bytes(qdpx_soup(r))
    try:
        read_qdpx(path)
    except RefiError as exc:
        assert str(exc).startswith(str(path))

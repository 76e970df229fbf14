"""Damaged copies of a good transcript, shared by the readers' tests (ELAN, CHAT, TextGrid):
cut short and with junk spliced in, such a file must read, or fail with fpmcoder's error
naming the file, never with a traceback."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st

from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import read_transcripts

JUNK = st.text(alphabet=st.sampled_from(list('<>"=&:*%@\t\n\x15 ab1.[]')), max_size=8)


def _damage(text: str, cut: float, junk: str, at: float) -> str:
    """``text`` cut to 20 to 100 % of its length, then ``junk`` spliced in at ``at``."""
    text = text[: max(1, int(len(text) * (0.2 + 0.8 * cut)))]
    k = int(len(text) * at)
    return text[:k] + junk + text[k:]


def damaged(texts: Sequence[str]) -> st.SearchStrategy[str]:
    """Damaged copies of one of ``texts``."""
    return st.builds(_damage, st.sampled_from(texts), st.floats(0, 1), JUNK, st.floats(0, 1))


def assert_reads_or_names_the_file(text: str, name: str) -> None:
    """Write ``text`` to a file called ``name`` and read it: transcripts that all have
    turns, or a :class:`TranscriptFormatError` whose message starts with the file's path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            transcripts = read_transcripts(path)
        except TranscriptFormatError as exc:
            assert str(exc).startswith(str(path))
        else:
            assert all(t.turns for t in transcripts)

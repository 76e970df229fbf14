"""Property: a generated ``Name: text`` transcript parses back to its speakers and texts."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.io.transcripts import read_transcripts

NAMES = st.one_of(
    st.sampled_from(
        ["Nurse", "Mother", "Father", "Health Visitor", "Dr Jones", "Élodie", "P2", "Child"]
    ),
    st.from_regex(r"Speaker [1-9][0-9]?", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{3,8} [A-Z][a-z]{2,8}", fullmatch=True),
)
WORD = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJéàçüß0123456789.,!?'\"-():;“”…")
    ),
    min_size=1,
    max_size=12,
)
TEXT = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
TURNS = st.lists(st.tuples(NAMES, TEXT), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(turns=TURNS, crlf=st.booleans(), blank_lines=st.booleans())
def test_name_colon_transcripts_round_trip(
    turns: list[tuple[str, str]], crlf: bool, blank_lines: bool
) -> None:
    newline = "\r\n" if crlf else "\n"
    separator = newline * (2 if blank_lines else 1)
    content = separator.join(f"{name}: {text}" for name, text in turns) + newline
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        path.write_bytes(content.encode("utf-8"))
        [transcript] = read_transcripts(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == turns


CELL = st.text(
    alphabet=st.sampled_from(list("abcXYZ éü,;|\t\"'\n:0123456789")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
ROWS = st.lists(st.tuples(NAMES, CELL), min_size=1, max_size=20)


@settings(max_examples=100, deadline=None)
@given(rows=ROWS, delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_csv_rows_round_trip(rows: list[tuple[str, str]], delimiter: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["speaker", "text"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        [transcript] = read_transcripts(path)
    expected = [
        (name, "\n".join(x.rstrip() for x in text.split("\n")).strip()) for name, text in rows
    ]
    assert [(t.speaker, t.text) for t in transcript.turns] == expected


def _styled(name: str, text: str, style: int, seconds: int) -> str:
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return [
        f"{name}: {text}",
        f"{name} : {text}",
        f"[{clock}] {name}: {text}",
        f"{name} ({clock}): {text}",
        f"**{name}:** {text}",
    ][style]


@settings(max_examples=100, deadline=None)
@given(
    turns=TURNS,
    styles=st.lists(st.integers(0, 4), min_size=25, max_size=25),
    seconds=st.lists(st.integers(0, 36_000), min_size=25, max_size=25),
)
def test_label_styles_round_trip_with_times(
    turns: list[tuple[str, str]], styles: list[int], seconds: list[int]
) -> None:
    lines = [_styled(name, text, styles[i], seconds[i]) for i, (name, text) in enumerate(turns)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.md"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        [transcript] = read_transcripts(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == turns
    expected = [float(seconds[i]) if styles[i] in (2, 3) else None for i in range(len(turns))]
    assert [t.start for t in transcript.turns] == expected

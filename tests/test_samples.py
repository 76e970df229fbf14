"""The bundled sample project (sample_transcripts/): files, coding tables and coded flows.

Plain pytest: reads the coding tables with the csv module and counts turns in each
transcript with a small format-specific counter of its own (not fpmcoder's importers), so
these fixtures are checked independently of the code that reads them.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from itertools import groupby, pairwise
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_transcripts"
CODEBOOK = ROOT / "codebooks" / "fpm_partnership.yaml"

CODING_COLUMNS = ["transcript", "segment", "coder", "activity", "dilemmas", "memo"]
FILES = {
    "day_stay": "day_stay.txt",
    "home_visit": "home_visit.vtt",
    "ongoing_relationship": "ongoing_relationship.csv",
}
CODERS = {"day_stay": {"alex"}, "home_visit": {"alex", "sam"}, "ongoing_relationship": {"alex"}}

TXT_TURN = re.compile(r"^([A-Z][A-Za-z ]*): (\S.*)$")
VTT_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})$")


# --- counting turns, one small reader per format ---------------------------------------


def txt_turns(path: Path) -> list[tuple[str, str]]:
    """Header lines up to the first blank line; after it, every non-empty line is a turn."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blank = lines.index("")
    header, body = lines[:blank], lines[blank + 1 :]
    for line in header:
        assert ": " not in line, f"header line looks like a turn: {line!r}"
    turns = []
    for line in body:
        if not line.strip():
            continue
        match = TXT_TURN.match(line)
        assert match, f"not a 'Speaker: text' line: {line!r}"
        speaker, text = match.groups()
        assert ": " not in text, f"colon-space inside a turn: {line!r}"
        turns.append((speaker, text))
    return turns


def _seconds(h: str, m: str, s: str) -> float:
    return int(h) * 3600 + int(m) * 60 + float(s)


def vtt_turns(path: Path) -> list[tuple[str, str, float, float]]:
    """Each cue: id line, timing line, exactly one `<v Speaker>text` line."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    blocks = [b for b in text.split("\n\n")[1:] if b.strip()]
    cues = []
    for number, block in enumerate(blocks, 1):
        lines = block.strip("\n").split("\n")
        assert len(lines) == 3, f"cue {number} is not id/timing/one text line: {lines!r}"
        assert lines[0] == str(number)
        timing = VTT_TIME.match(lines[1])
        assert timing, lines[1]
        start, end = _seconds(*timing.groups()[:3]), _seconds(*timing.groups()[3:])
        voice = re.match(r"^<v ([^>]+)>(\S.*)$", lines[2])
        assert voice, lines[2]
        cues.append((voice.group(1), voice.group(2), start, end))
    # the count agrees with a plain count of timing lines
    assert len(cues) == sum(1 for line in text.splitlines() if "-->" in line)
    return cues


def csv_turns(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["speaker", "start", "end", "text"]
        return list(reader)


def count_turns(stem: str) -> int:
    path = SAMPLES / FILES[stem]
    if path.suffix == ".txt":
        return len(txt_turns(path))
    if path.suffix == ".vtt":
        return len(vtt_turns(path))
    return len(csv_turns(path))


# --- coding tables and flow measures -----------------------------------------------------


def read_codings(stem: str) -> list[dict[str, str]]:
    path = SAMPLES / "codings" / f"{stem}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == CODING_COLUMNS
        return list(reader)


def activities(stem: str, coder: str = "alex") -> list[str]:
    rows = sorted(
        (r for r in read_codings(stem) if r["coder"] == coder), key=lambda r: int(r["segment"])
    )
    return [r["activity"] for r in rows]


def runs(seq: list[str]) -> list[tuple[str, int]]:
    return [(key, len(list(group))) for key, group in groupby(seq)]


def mean_run_length(seq: list[str]) -> float:
    return len(seq) / len(runs(seq))


def major_blocks(seq: list[str], min_len: int = 3) -> list[str]:
    """The order of the long runs, brief interruptions dropped and neighbours merged."""
    return [key for key, _ in groupby(key for key, n in runs(seq) if n >= min_len)]


def test_flow_measures_on_toy_sequences() -> None:
    seq = list("LLLLMMAMMMPP")
    assert runs(seq) == [("L", 4), ("M", 2), ("A", 1), ("M", 3), ("P", 2)]
    assert mean_run_length(seq) == pytest.approx(12 / 5)
    assert major_blocks(seq) == ["L", "M"]
    assert major_blocks(seq, min_len=2) == ["L", "M", "P"]


# --- tests -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def codebook_ids() -> tuple[set[str], set[str]]:
    book = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    return {a["id"] for a in book["activities"]}, {d["id"] for d in book["dilemmas"]}


@pytest.mark.parametrize("stem", sorted(FILES))
def test_transcript_has_enough_turns(stem: str) -> None:
    assert count_turns(stem) >= 40


@pytest.mark.parametrize("stem", sorted(FILES))
def test_codings_cover_every_turn_once_per_coder(stem: str) -> None:
    n = count_turns(stem)
    by_coder: dict[str, list[int]] = defaultdict(list)
    for row in read_codings(stem):
        assert row["transcript"] == stem
        by_coder[row["coder"]].append(int(row["segment"]))
    assert set(by_coder) == CODERS[stem]
    for coder, segments in by_coder.items():
        assert sorted(segments) == list(range(1, n + 1)), (stem, coder)


@pytest.mark.parametrize("stem", sorted(FILES))
def test_codes_are_in_the_codebook(stem: str, codebook_ids: tuple[set[str], set[str]]) -> None:
    activity_ids, dilemma_ids = codebook_ids
    for row in read_codings(stem):
        assert row["activity"] in activity_ids, row
        if row["dilemmas"]:
            dilemmas = row["dilemmas"].split(";")
            assert set(dilemmas) <= dilemma_ids, row
            assert len(dilemmas) == len(set(dilemmas)), row


@pytest.mark.parametrize("stem", sorted(FILES))
def test_dilemmas_are_used_sparingly(stem: str) -> None:
    rows = [r for r in read_codings(stem) if r["coder"] == "alex"]
    share = sum(1 for r in rows if r["dilemmas"]) / len(rows)
    assert 0.05 <= share <= 0.25


def test_day_stay_sustains_each_activity_in_turn() -> None:
    seq = activities("day_stay")
    assert mean_run_length(seq) >= 8
    assert major_blocks(seq) == ["locating", "meaning", "live_action", "planning"]
    assert seq[0] == "locating"
    assert seq[-1] == "planning"


def test_home_visit_shifts_rapidly() -> None:
    seq = activities("home_visit")
    assert mean_run_length(seq) <= 3
    assert len(runs(seq)) - 1 >= 15  # transitions
    kinds = [key for key, _ in runs(seq)]
    assert kinds.count("live_action") >= 3  # several short bursts
    assert kinds.count("planning") >= 3  # repeated returns to planning
    pairs = list(pairwise(kinds))
    assert pairs.count(("locating", "meaning")) >= 3  # show the ball, then look again


def test_ongoing_relationship_is_in_between() -> None:
    seq = activities("ongoing_relationship")
    all_runs = runs(seq)
    assert all_runs[0][0] == "locating" and all_runs[0][1] <= 6  # a short update
    mean = mean_run_length(seq)
    assert (
        mean_run_length(activities("home_visit")) < mean < mean_run_length(activities("day_stay"))
    )
    kinds = [key for key, _ in all_runs]
    assert kinds.count("live_action") >= 4
    assert ("planning", "locating") in list(pairwise(kinds))
    assert seq.count("meaning") + seq.count("live_action") > len(seq) / 2


def test_second_coder_disagrees_plausibly() -> None:
    alex = activities("home_visit", "alex")
    sam = activities("home_visit", "sam")
    assert len(alex) == len(sam)
    differ = [i for i, (a, s) in enumerate(zip(alex, sam, strict=True)) if a != s]
    assert 0.10 <= len(differ) / len(alex) <= 0.25
    # mostly at boundaries: sam's code is one of alex's codes next door
    at_boundary = [
        i
        for i in differ
        if (i > 0 and sam[i] == alex[i - 1]) or (i + 1 < len(alex) and sam[i] == alex[i + 1])
    ]
    assert len(at_boundary) >= len(differ) / 2
    rows = read_codings("home_visit")
    dil = {(r["coder"], r["segment"]): r["dilemmas"] for r in rows}
    assert any(dil["alex", s] != dil["sam", s] for s in {r["segment"] for r in rows})


def test_timings_increase() -> None:
    cues = vtt_turns(SAMPLES / "home_visit.vtt")
    previous_end = 0.0
    for _speaker, _text, start, end in cues:
        assert start >= previous_end
        assert 3.0 <= end - start <= 25.0
        previous_end = end
    previous_end = 0.0
    for row in csv_turns(SAMPLES / "ongoing_relationship.csv"):
        start, end = float(row["start"]), float(row["end"])
        assert re.fullmatch(r"\d+\.\d", row["start"]) and re.fullmatch(r"\d+\.\d", row["end"])
        assert previous_end <= start < end
        previous_end = end


def test_manifest_describes_the_samples() -> None:
    manifest = yaml.safe_load((SAMPLES / "manifest.yaml").read_text(encoding="utf-8"))
    entries = manifest["transcripts"]
    assert [Path(e["file"]).stem for e in entries] == list(FILES)
    for entry in entries:
        assert (SAMPLES / entry["file"]).is_file()
        assert (SAMPLES / entry["codings"]).is_file()
        assert entry["title"] == Path(entry["file"]).stem
        assert isinstance(entry["date"], str) and re.fullmatch(r"\d{4}-\d\d-\d\d", entry["date"])
        assert entry["case"] in manifest["cases"]
    for attributes in manifest["cases"].values():
        assert 2 <= len(attributes) <= 4
        assert all(isinstance(v, str) for v in attributes.values())

"""A coded transcript as an ELAN annotation document (``.eaf``, EAF 3.0).

So that a team can check codings against the recording in ELAN::

    write_eaf(path, transcript, [project.sequence(title, coder) for coder in coders])

- one tier per speaker (named after the speaker, its participant too) with the turns;
- one tier per coder (named after the coder, its annotator too; ``"<coder> (coder)"`` if a
  speaker has that name) with the activity id of each coded segment, over the segment's
  time span, and a child tier ``"<coder tier> dilemmas"`` (symbolic association) with the
  dilemma ids of each segment that has any (a segment with dilemmas but no activity gets
  an empty annotation on the coder tier, so its dilemmas have a parent);
- the recording (``metadata["media"]`` or ``media=``) as the media descriptor;
- the codebook's activities (``activities=``) as the coder tiers' controlled vocabulary.

ELAN needs times: a transcript without any refuses with :class:`ExportError` (times that
were not there would be guesses, and the point of the export is checking codings against
the recording). Turns or segments without a time are left out and counted. A missing or
backward end becomes the next start on that tier (the last: start + 1 s); ELAN allows no
overlap on one tier, so an annotation that runs into the next one on its tier is
shortened to end where the next starts (overlapping speech of two speakers is on two
tiers and stays as it was). :class:`EafReport` says what was shortened or left out.

Coder tiers use the linguistic type ``fpmcoder-coding``, which fpmcoder's ELAN reader
never takes for speech, so an exported file imports again as the same turns.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.core.transcript import Transcript
from fpmcoder.errors import ExportError
from fpmcoder.io._files import local_path, write_atomic
from fpmcoder.io.refi._xml import clean

__all__ = [
    "ACTIVITY_VOCABULARY",
    "CODING_TYPE",
    "DILEMMA_TYPE",
    "SPEECH_TYPE",
    "EafReport",
    "write_eaf",
]

SPEECH_TYPE = "utterance"
CODING_TYPE = "fpmcoder-coding"
DILEMMA_TYPE = "fpmcoder-dilemmas"
ACTIVITY_VOCABULARY = "fpmcoder-activities"

_MIME = {
    ".wav": "audio/x-wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".flac": "audio/flac",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".mpg": "video/mpeg",
    ".mpeg": "video/mpeg",
    ".avi": "video/x-msvideo",
}
_CONSTRAINTS = (
    (
        "Time_Subdivision",
        "Time subdivision of parent annotation's time interval, "
        "no time gaps allowed within this interval",
    ),
    (
        "Symbolic_Subdivision",
        "Symbolic subdivision of a parent annotation. "
        "Annotations refering to the same parent are ordered",
    ),
    ("Symbolic_Association", "1-1 association with a parent annotation"),
    (
        "Included_In",
        "Time alignable annotations within the parent annotation's time interval, gaps are allowed",
    ),
)


@dataclass
class EafReport:
    """What the export did besides the obvious: counts the researcher should know."""

    tiers: list[str] = field(default_factory=list)
    annotations: int = 0
    untimed: int = 0  # turns and segments left out for want of a time
    shortened: int = 0  # annotations cut short so that none overlaps the next on its tier

    def lines(self) -> list[str]:
        out = []
        if self.untimed:
            out.append(f"{self.untimed} turn(s) or segment(s) without a time were left out")
        if self.shortened:
            out.append(
                f"{self.shortened} annotation(s) were shortened to end where the next one on "
                "their tier starts (ELAN allows no overlap on one tier)"
            )
        return out


@dataclass
class _Span:
    start: int  # ms
    end: int | None  # ms
    value: str
    dilemmas: str = ""


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _arrange(spans: list[_Span], report: EafReport) -> list[tuple[int, int, _Span]]:
    """Strictly increasing starts, ends after starts, no overlap on the tier."""
    spans = sorted(spans, key=lambda s: s.start)
    starts: list[int] = []
    for s in spans:
        starts.append(max(s.start, starts[-1] + 1) if starts else s.start)
    out = []
    for i, (s, start) in enumerate(zip(spans, starts, strict=True)):
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        end = s.end if s.end is not None and s.end > start else None
        if end is None:
            end = nxt if nxt is not None else start + 1000
        elif nxt is not None and end > nxt:
            end = nxt
            report.shortened += 1
        out.append((start, max(end, start + 1), s))
    return out


def _unique(name: str, taken: set[str], suffix: str) -> str:
    candidate = name
    n = 1
    while candidate in taken:
        candidate = f"{name} ({suffix})" if n == 1 else f"{name} ({suffix} {n})"
        n += 1
    taken.add(candidate)
    return candidate


def _media_descriptor(header: ET.Element, media: str, out: Path) -> None:
    written = Path(media)
    absolute = local_path(out, media) or (out.parent / written).resolve()
    attrs = {
        "MEDIA_URL": absolute.as_uri(),
        "MIME_TYPE": _MIME.get(written.suffix.lower(), "unknown"),
    }
    try:
        relative = os.path.relpath(absolute.resolve(), out.resolve().parent)
    except ValueError:  # another drive on Windows
        relative = ""
    if relative:
        relative = Path(relative).as_posix()
        attrs["RELATIVE_MEDIA_URL"] = relative if relative.startswith(".") else f"./{relative}"
    ET.SubElement(header, "MEDIA_DESCRIPTOR", attrs)


def write_eaf(
    path: str | Path,
    transcript: Transcript,
    sequences: Sequence[CodedSequence],
    *,
    media: str | None = None,
    activities: Mapping[str, str] | None = None,
    date: datetime | None = None,
) -> EafReport:
    """Write ``transcript`` and each coder's ``sequences`` to ``path``; see the module doc.

    ``activities`` (id to name, in legend order) becomes a controlled vocabulary of the
    coder tiers, so that ELAN offers the codebook's activities when a code is changed.
    """
    out = Path(path)
    if not transcript.has_times:
        raise ExportError(
            f"{transcript.title!r} has no times, and an ELAN file places every annotation in "
            "time: time the transcript first (or export it as a table: -o FILE.csv)"
        )
    report = EafReport()
    taken: set[str] = set()
    tiers: list[tuple[str, dict[str, str], list[tuple[int, int, _Span]], str | None]] = []
    by_speaker: dict[str, list[_Span]] = {}
    for turn in transcript.turns:
        start = _ms(turn.start)
        if start is None:
            report.untimed += 1
            continue
        by_speaker.setdefault(turn.speaker, []).append(_Span(start, _ms(turn.end), turn.text))
    for speaker, spans in by_speaker.items():
        tier_id = _unique(speaker or "(no speaker)", taken, "speaker")
        attrs = {"LINGUISTIC_TYPE_REF": SPEECH_TYPE, "PARTICIPANT": speaker, "TIER_ID": tier_id}
        tiers.append((tier_id, attrs, _arrange(spans, report), None))
    for sequence in sequences:
        coded: list[_Span] = []
        for seg in sequence.segments:
            if seg.activity is None and not seg.dilemmas:
                continue
            start = _ms(seg.start_time)
            if start is None:
                report.untimed += 1
                continue
            dilemmas = ", ".join(sorted(seg.dilemmas))
            coded.append(_Span(start, _ms(seg.end_time), seg.activity or "", dilemmas))
        coder = sequence.coder or "coder"
        tier_id = _unique(coder, taken, "coder")
        attrs = {"ANNOTATOR": coder, "LINGUISTIC_TYPE_REF": CODING_TYPE, "TIER_ID": tier_id}
        dilemma_tier = _unique(f"{tier_id} dilemmas", taken, "coder")
        tiers.append((tier_id, attrs, _arrange(coded, report), dilemma_tier))
    report.tiers = [t[0] for t in tiers]
    root = _document(out, transcript, tiers, media, date, report)
    if activities:
        _vocabulary(root, activities)
    ET.indent(root, space="    ")
    xml = ET.tostring(root, encoding="unicode")  # one string: much faster than bytes
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'.encode()
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise ExportError(f"{out}: cannot be written ({exc.strerror or exc})") from None
    return report


def _document(
    out: Path,
    transcript: Transcript,
    tiers: list[tuple[str, dict[str, str], list[tuple[int, int, _Span]], str | None]],
    media: str | None,
    date: datetime | None,
    report: EafReport,
) -> ET.Element:
    when = (date or datetime.now(UTC)).isoformat(timespec="seconds")
    root = ET.Element(
        "ANNOTATION_DOCUMENT",
        {
            "AUTHOR": "",
            "DATE": when,
            "FORMAT": "3.0",
            "VERSION": "3.0",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:noNamespaceSchemaLocation": "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
        },
    )
    header = ET.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    media = media or transcript.metadata.get("media")
    if media:
        _media_descriptor(header, media, out)
    times = sorted({t for _, _, spans, _ in tiers for s, e, _ in spans for t in (s, e)})
    slot = {t: f"ts{i}" for i, t in enumerate(times, start=1)}
    order = ET.SubElement(root, "TIME_ORDER")
    for t in times:
        ET.SubElement(order, "TIME_SLOT", {"TIME_SLOT_ID": slot[t], "TIME_VALUE": str(t)})
    next_id = 1
    children: list[ET.Element] = []
    for tier_id, attrs, spans, dilemma_tier in tiers:
        tier = ET.SubElement(root, "TIER", attrs)
        child = None
        if dilemma_tier is not None and any(s.dilemmas for _, _, s in spans):
            child = ET.Element(
                "TIER",
                {
                    "LINGUISTIC_TYPE_REF": DILEMMA_TYPE,
                    "PARENT_REF": tier_id,
                    "TIER_ID": dilemma_tier,
                    "ANNOTATOR": attrs.get("ANNOTATOR", ""),
                },
            )
            children.append(child)
            report.tiers.append(dilemma_tier)
        for start, end, span in spans:
            aid = f"a{next_id}"
            next_id += 1
            ann = ET.SubElement(
                ET.SubElement(tier, "ANNOTATION"),
                "ALIGNABLE_ANNOTATION",
                {"ANNOTATION_ID": aid, "TIME_SLOT_REF1": slot[start], "TIME_SLOT_REF2": slot[end]},
            )
            ET.SubElement(ann, "ANNOTATION_VALUE").text = clean(span.value)
            report.annotations += 1
            if child is not None and span.dilemmas:
                ref = ET.SubElement(
                    ET.SubElement(child, "ANNOTATION"),
                    "REF_ANNOTATION",
                    {"ANNOTATION_ID": f"a{next_id}", "ANNOTATION_REF": aid},
                )
                next_id += 1
                ET.SubElement(ref, "ANNOTATION_VALUE").text = clean(span.dilemmas)
                report.annotations += 1
    root.extend(children)
    ET.SubElement(header, "PROPERTY", {"NAME": "lastUsedAnnotationId"}).text = str(next_id - 1)
    for type_id, extra in (
        (SPEECH_TYPE, {"TIME_ALIGNABLE": "true"}),
        (CODING_TYPE, {"TIME_ALIGNABLE": "true"}),
        (DILEMMA_TYPE, {"CONSTRAINTS": "Symbolic_Association", "TIME_ALIGNABLE": "false"}),
    ):
        ET.SubElement(
            root,
            "LINGUISTIC_TYPE",
            {"GRAPHIC_REFERENCES": "false", "LINGUISTIC_TYPE_ID": type_id, **extra},
        )
    for stereotype, description in _CONSTRAINTS:
        ET.SubElement(root, "CONSTRAINT", {"DESCRIPTION": description, "STEREOTYPE": stereotype})
    return root


def _vocabulary(root: ET.Element, activities: Mapping[str, str]) -> None:
    """The activities as a controlled vocabulary of the coding type (EAF 3.0 layout)."""
    for lt in root.iter("LINGUISTIC_TYPE"):
        if lt.get("LINGUISTIC_TYPE_ID") == CODING_TYPE:
            lt.set("CONTROLLED_VOCABULARY_REF", ACTIVITY_VOCABULARY)
    first_constraint = next(i for i, e in enumerate(root) if e.tag == "CONSTRAINT")
    language = ET.Element(
        "LANGUAGE",
        {
            "LANG_DEF": "http://cdb.iso.org/lg/CDB-00130975-001",
            "LANG_ID": "und",
            "LANG_LABEL": "undetermined (und)",
        },
    )
    root.insert(first_constraint, language)
    cv = ET.SubElement(root, "CONTROLLED_VOCABULARY", {"CV_ID": ACTIVITY_VOCABULARY})
    ET.SubElement(cv, "DESCRIPTION", {"LANG_REF": "und"}).text = "fpmcoder activities"
    for n, (activity, name) in enumerate(activities.items(), start=1):
        entry = ET.SubElement(cv, "CV_ENTRY_ML", {"CVE_ID": f"cveid{n}"})
        value = ET.SubElement(entry, "CVE_VALUE", {"DESCRIPTION": clean(name), "LANG_REF": "und"})
        value.text = clean(activity)

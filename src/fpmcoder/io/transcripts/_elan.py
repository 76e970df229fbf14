"""ELAN annotation documents (``.eaf``): time-aligned tiers to turns.

One turn per non-empty annotation on the chosen tiers (``ReadOptions.tiers``; default:
every top-level, time-aligned tier that is not a coding tier), the speaker being the
tier's participant (else its name), times from the time slots; turns are put in start
order, so overlapping speech is kept. Child and reference tiers (translations, glosses,
comments) are not turns: their annotations are kept as notes of the turn they belong to
(``metadata["notes"]``, one line per turn and tier). A *coding tier* is one whose
linguistic type uses a controlled vocabulary (codes, not words) or is the type fpmcoder
writes for codings (:data:`fpmcoder.io.elan.CODING_TYPE`). The first media descriptor
becomes ``metadata["media"]``.

Our own reader over defusedxml rather than pympi-ling's: pympi parses with the plain
standard-library parser (no protection against entity tricks) and reports a damaged file
as a ``KeyError``; this one refuses DTDs and entities and names the tier, annotation or
time slot that is wrong. The tests check it against files pympi-ling writes.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.elan import CODING_TYPE
from fpmcoder.io.transcripts._common import clean, error, make_transcript
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._tiers import choose_tiers, find_media, in_start_order, notes_text

__all__ = ["read_eaf"]

_RESAVE = "the file is damaged: open it in ELAN, save it again and import that file"


def _parse(data: bytes, path: Path) -> ET.Element:
    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (
        defusedxml.DTDForbidden,
        defusedxml.EntitiesForbidden,
        defusedxml.ExternalReferenceForbidden,
    ) as exc:
        raise error(
            f"the file declares a DTD or XML entities ({type(exc).__name__}); ELAN never "
            "writes them and they can be used to attack the reader, so the file is refused",
            path,
        ) from None
    except LookupError as exc:  # <?xml ... encoding="nonsense"?>
        raise error(
            f"the XML declaration names an encoding Python does not know ({exc}); "
            'write encoding="UTF-8" in the first line, or save the file again from ELAN',
            path,
            1,
        ) from None
    except (ET.ParseError, ValueError) as exc:
        line, column = exc.position if isinstance(exc, ET.ParseError) else (1, 0)
        raise error(
            f"this is not well-formed XML ({exc}); {_RESAVE}", path, line, column + 1
        ) from None
    if root.tag != "ANNOTATION_DOCUMENT":
        raise error(
            f"this XML file is not an ELAN annotation document (its root is <{root.tag}>, "
            "not <ANNOTATION_DOCUMENT>)",
            path,
        )
    return root


@dataclass(frozen=True)
class _Tier:
    id: str
    participant: str
    parent: str | None
    type_id: str
    element: ET.Element


def _slots(root: ET.Element, path: Path) -> dict[str, float | None]:
    header = root.find("HEADER")
    units = header.get("TIME_UNITS", "milliseconds") if header is not None else "milliseconds"
    if units != "milliseconds":
        raise error(
            f"the file counts time in {units!r}; fpmcoder reads ELAN files in milliseconds "
            "(ELAN's default): change the time units in ELAN and save again",
            path,
        )
    slots: dict[str, float | None] = {}
    for slot in root.iter("TIME_SLOT"):
        sid = slot.get("TIME_SLOT_ID")
        if not sid:
            raise error(f"a TIME_SLOT has no TIME_SLOT_ID; {_RESAVE}", path)
        value = slot.get("TIME_VALUE")
        try:
            seconds = float(value) / 1000 if value is not None else None
        except ValueError:
            seconds = math.nan
        if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
            raise error(
                f"time slot {sid!r} has the time {value!r}, not a number of milliseconds; "
                f"{_RESAVE}",
                path,
            )
        slots[sid] = seconds
    return slots


def _tiers(root: ET.Element, path: Path) -> list[_Tier]:
    tiers = []
    for element in root.findall("TIER"):
        tid = element.get("TIER_ID")
        if not tid:
            raise error(f"a TIER has no TIER_ID; {_RESAVE}", path)
        tiers.append(
            _Tier(
                tid,
                (element.get("PARTICIPANT") or "").strip(),
                element.get("PARENT_REF"),
                element.get("LINGUISTIC_TYPE_REF", ""),
                element,
            )
        )
    return tiers


def _value(annotation: ET.Element) -> str:
    value = annotation.find("ANNOTATION_VALUE")
    return clean("".join(value.itertext())) if value is not None else ""


def _time(slots: dict[str, float | None], ref: str | None, where: str, path: Path) -> float | None:
    if ref is None or ref not in slots:
        raise error(
            f"{where} refers to the time slot {ref!r}, which the file does not define; {_RESAVE}",
            path,
        )
    return slots[ref]


def read_eaf(data: bytes, path: Path, options: ReadOptions) -> list[Transcript]:
    root = _parse(data, path)
    slots = _slots(root, path)
    tiers = _tiers(root, path)
    types = {lt.get("LINGUISTIC_TYPE_ID", ""): lt for lt in root.iter("LINGUISTIC_TYPE")}

    def time_aligned(tier: _Tier) -> bool:
        lt = types.get(tier.type_id)
        return lt is None or lt.get("TIME_ALIGNABLE", "true") != "false"

    def coding(tier: _Tier) -> bool:
        lt = types.get(tier.type_id)
        return tier.type_id == CODING_TYPE or (
            lt is not None and bool(lt.get("CONTROLLED_VOCABULARY_REF"))
        )

    top = [t.id for t in tiers if t.parent is None and time_aligned(t)]
    by_id = {t.id: t for t in tiers}
    for name in options.tiers:
        tier = by_id.get(name)
        if tier is not None and tier.id not in top:
            raise error(
                f"{name!r} is a child or reference tier of {tier.parent!r} (its annotations "
                f"belong to another tier's): choose top-level tiers: "
                f"{', '.join(repr(t) for t in top) or 'none'}",
                path,
            )
    default = [t for t in top if not coding(by_id[t])]
    if not options.tiers and not default:
        listed = ", ".join(repr(t.id) for t in tiers) or "none"
        raise error(
            f"no speech tier found: this file's tiers are {listed}, and none is a "
            "top-level time-aligned tier outside a controlled vocabulary; name the tiers "
            "to import with --tier",
            path,
        )
    chosen = choose_tiers(top, options.tiers, default, path)
    drafts: list[tuple[int, Turn]] = []
    turn_of: dict[str, int] = {}  # annotation id -> index in drafts
    tier_of: list[str] = []  # draft index -> tier id
    untimed = 0
    for name in chosen:
        tier = by_id[name]
        for ann in tier.element.iter("ALIGNABLE_ANNOTATION"):
            aid = ann.get("ANNOTATION_ID", "")
            where = f"annotation {aid!r} of tier {name!r}"
            start = _time(slots, ann.get("TIME_SLOT_REF1"), where, path)
            end = _time(slots, ann.get("TIME_SLOT_REF2"), where, path)
            text = _value(ann)
            if not text:
                continue
            untimed += start is None
            turn_of[aid] = len(drafts)
            tier_of.append(name)
            drafts.append((len(drafts), Turn(tier.participant or name, text, start, end)))
    if not drafts:
        raise error(
            f"the tier(s) {', '.join(repr(n) for n in chosen)} hold no annotation with text",
            path,
        )
    turns = in_start_order(drafts)
    position = {id(turn): i for i, turn in enumerate(turns)}
    final = {aid: position[id(drafts[k][1])] for aid, k in turn_of.items()}
    placed = [(tier_of[k], position[id(turn)]) for k, turn in drafts]
    notes, lost = _notes(tiers, set(chosen), slots, final, turns, placed)
    warnings = []
    if untimed:
        warnings.append(f"{untimed} annotation(s) have no time: they are kept without times")
    if lost:
        warnings.append(
            f"{lost} annotation(s) of child tiers could not be placed in a turn and were left out"
        )
    media, missing = find_media(path, _media_candidates(root))
    if missing:
        warnings.append(missing)
    metadata = {"tiers": ", ".join(chosen)}
    if media:
        metadata["media"] = media
    if notes:
        metadata["notes"] = notes_text(notes)
    return [
        make_transcript(
            title=options.title or path.stem,
            turns=turns,
            path=path,
            fmt="eaf",
            warnings=warnings,
            metadata=metadata,
        )
    ]


def _notes(
    tiers: list[_Tier],
    chosen: set[str],
    slots: dict[str, float | None],
    turn_index: dict[str, int],
    turns: list[Turn],
    placed: list[tuple[str, int]],
) -> tuple[list[tuple[int, str]], int]:
    """Annotations of the chosen tiers' descendants, as ``(turn index, "tier: text")``."""
    parent = {t.id: t.parent for t in tiers}

    def root_of(tier_id: str) -> str | None:
        seen = set()
        current: str | None = tier_id
        while current is not None and parent.get(current) is not None:
            if current in seen:
                return None
            seen.add(current)
            current = parent[current]
        return current

    # turns of each chosen tier in time order, to place time-aligned child annotations
    timeline: dict[str, list[tuple[float, float, int]]] = {}
    for tier_id, index in placed:
        turn = turns[index]
        if turn.start is not None:
            end = turn.end if turn.end is not None else turn.start
            timeline.setdefault(tier_id, []).append((turn.start, end, index))
    for spans in timeline.values():
        spans.sort()

    def depth(tier: _Tier) -> int:
        n, current = 0, tier.parent
        while current is not None and n < len(tiers):
            n, current = n + 1, parent.get(current)
        return n

    owner_of: dict[str, int] = dict(turn_index)  # annotation id -> turn index
    grouped: dict[tuple[int, str], list[str]] = {}
    lost = 0
    children = [t for t in tiers if t.parent is not None and root_of(t.id) in chosen]
    for tier in sorted(children, key=depth):  # parents first: references resolve
        spans = timeline.get(root_of(tier.id) or "", [])
        by_end_slot: dict[str, int] = {}  # a time subdivision's unaligned slots
        for ann in tier.element.iter():
            if ann.tag == "REF_ANNOTATION":
                owner = owner_of.get(ann.get("ANNOTATION_REF", ""))
            elif ann.tag == "ALIGNABLE_ANNOTATION":
                ref1 = ann.get("TIME_SLOT_REF1", "")
                start = slots.get(ref1)
                owner = _at_time(start, spans) if start is not None else by_end_slot.get(ref1)
                if owner is not None:
                    by_end_slot[ann.get("TIME_SLOT_REF2", "")] = owner
            else:
                continue
            if owner is not None:
                owner_of[ann.get("ANNOTATION_ID", "")] = owner
            text = _value(ann)
            if not text:
                continue
            if owner is None:
                lost += 1
            else:
                grouped.setdefault((owner, tier.id), []).append(text)
    notes = [
        (owner, f"{tier_id}: {' '.join(values)}") for (owner, tier_id), values in grouped.items()
    ]
    return notes, lost


def _at_time(start: float, spans: list[tuple[float, float, int]]) -> int | None:
    """The turn (of one tier, sorted by time) whose time holds ``start``."""
    k = bisect_right(spans, (start, math.inf, math.inf)) - 1
    if k >= 0 and spans[k][0] <= start <= spans[k][1]:
        return spans[k][2]
    return None


def _media_candidates(root: ET.Element) -> list[str]:
    """Each media descriptor's relative URL, then its absolute one, in file order."""
    out = []
    for media in root.iter("MEDIA_DESCRIPTOR"):
        for key in ("RELATIVE_MEDIA_URL", "MEDIA_URL"):
            value = (media.get(key) or "").strip()
            if value:
                out.append(value)
    return out

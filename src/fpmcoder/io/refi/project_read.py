"""Read a REFI-QDA project (.qdpx) into an :class:`ImportBundle`.

Codes become the codebook (:mod:`._mapping`), plain-text sources become transcripts
(:mod:`._textmap`), selections become segments and codings per coder (:mod:`._segments`),
notes referenced from selections become memos, cases and variables become cases,
settings and dates. Pictures, audio, video and sources without a plain text are skipped
and reported. Nothing is returned for a refused file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.transcript import Transcript
from fpmcoder.errors import RefiError
from fpmcoder.io.refi._archive import SafeArchive
from fpmcoder.io.refi._codetree import parse_codes
from fpmcoder.io.refi._guid import norm_guid
from fpmcoder.io.refi._layout import LAYOUT_MEMBER, Layout, load_layout
from fpmcoder.io.refi._mapping import build_codebook
from fpmcoder.io.refi._segments import Selection, map_selections
from fpmcoder.io.refi._sources import source_text
from fpmcoder.io.refi._textmap import OffsetMap, parse_source
from fpmcoder.io.refi._xml import child, children, items, local, parse_xml, text_of

__all__ = ["read_qdpx"]

_VALUE_TAGS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)


def _find_qde(archive: SafeArchive) -> str:
    found = archive.find("project.qde")
    if found is not None:
        return found
    qdes = sorted(
        (n for n in archive.names() if n.lower().endswith(".qde")), key=lambda n: (n.count("/"), n)
    )
    if not qdes:
        raise RefiError(
            "not a REFI-QDA project: the archive holds no project document (project.qde)",
            path=archive.path,
        )
    return qdes[0]


class _Reader:
    def __init__(
        self,
        archive: SafeArchive,
        root: ET.Element,
        layout: Layout | None,
        activities_parent: str | None,
    ) -> None:
        self.archive, self.root, self.layout, self.path = archive, root, layout, archive.path
        self.report: list[str] = []
        self.users = {
            norm_guid(u.get("guid")): (u.get("name") or u.get("id") or "").strip()
            for u in items(root, "Users", "User")
        }
        self.default_user = norm_guid(root.get("creatingUserGUID"))
        self.coder_names: dict[str, str] = {}
        self.codebook, self.codes = self._codebook(activities_parent)
        self.variables = {
            norm_guid(v.get("guid")): (v.get("name") or "").strip()
            for v in items(root, "Variables", "Variable")
        }
        self.notes = self._notes()
        self.cases: dict[str, dict[str, str]] = {}
        self.case_of: dict[str, str] = {}
        self.counts: Counter[str] = Counter()

    # -- codes, users, notes, cases ------------------------------------------------------

    def _codebook(self, wanted: str | None) -> tuple[Codebook | None, dict[str, tuple[str, str]]]:
        nodes = parse_codes(next(items(self.root, "CodeBook", "Codes"), None), path=self.path)
        codable = {n.guid for top in nodes for n in top.walk() if n.codable}
        lay = self.layout
        if (
            wanted is None
            and lay is not None
            and lay.codebook is not None
            and codable
            and (set(lay.codes) == codable)
        ):
            cb = lay.codebook
            self.report.append("codebook: as fpmcoder wrote it (ids, keys and groups kept)")
            return cb, {
                g: ("activity" if cb.has_activity(i) else "dilemma", i)
                for g, i in lay.codes.items()
            }
        if not nodes:
            return None, {}
        name = (self.root.get("name") or "").strip() or self.path.stem
        cm = build_codebook(nodes, name=name, activities_parent=wanted, path=self.path)
        self.report.extend(cm.report)
        return cm.codebook, cm.by_guid

    def coder(self, *guids: str | None) -> str:
        guid = next((norm_guid(g) for g in guids if g), self.default_user)
        if guid not in self.coder_names:
            name = self.users.get(guid) or (f"user {guid[:8]}" if guid else "imported")
            taken = set(self.coder_names.values())
            base, n = name, 2
            while name in taken:
                name, n = f"{base} ({n})", n + 1
            self.coder_names[guid] = name
        return self.coder_names[guid]

    def _notes(self) -> dict[str, tuple[str, str | None]]:
        out: dict[str, tuple[str, str | None]] = {}
        for note in items(self.root, "Notes", "Note"):
            st = source_text(self.archive, note)
            if st.text is not None and st.text.strip():
                out[norm_guid(note.get("guid"))] = (st.text, note.get("creatingUser"))
        return out

    def _values(self, element: ET.Element) -> dict[str, str]:
        out: dict[str, str] = {}
        for vv in children(element, "VariableValue"):
            ref = child(vv, "VariableRef")
            name = self.variables.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
            value = next((text_of(vv, t) for t in _VALUE_TAGS if child(vv, t) is not None), None)
            if name and value is not None:
                out[name] = value
        return out

    def _cases(self) -> None:
        for case in items(self.root, "Cases", "Case"):
            name = (case.get("name") or "").strip() or f"case {norm_guid(case.get('guid'))[:8]}"
            self.cases[name] = self._values(case)
            for ref in children(case, "SourceRef"):
                guid = norm_guid(ref.get("targetGUID"))
                if guid in self.case_of and self.case_of[guid] != name:
                    self.counts["sources in several cases (first case kept)"] += 1
                    continue
                self.case_of[guid] = name

    # -- sources --------------------------------------------------------------------------

    def _selection(
        self, el: ET.Element, om: OffsetMap, source_user: str | None
    ) -> Selection | None:
        try:
            a, b = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
        except ValueError:
            self.counts["selections with unreadable positions (skipped)"] += 1
            return None
        a, b = sorted((min(max(a, 0), om.source_length), min(max(b, 0), om.source_length)))
        sel = Selection(om.to_text(a), om.to_text(b))
        user = el.get("creatingUser") or source_user
        for coding in children(el, "Coding"):
            ref = child(coding, "CodeRef")
            code = self.codes.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
            coder = self.coder(coding.get("creatingUser"), user)
            if code is None:
                self.counts["codings of codes missing from the codebook (skipped)"] += 1
            else:
                sel.codes.append((coder, *code))
            self._memos(sel, coding, coder)
        fallback = self.coder(user) if user or not sel.codes else sel.codes[0][0]
        self._memos(sel, el, fallback)
        description = (text_of(el, "Description") or "").strip()
        if description:
            sel.memos.append((fallback, description))
        return sel

    def _memos(self, sel: Selection, el: ET.Element, coder: str) -> None:
        for ref in children(el, "NoteRef"):
            note = self.notes.get(norm_guid(ref.get("targetGUID")))
            if note is not None:
                sel.memos.append((self.coder(note[1]) if note[1] else coder, note[0]))

    def _text_source(self, el: ET.Element, name: str, titles: set[str]) -> CodedTranscript | None:
        st = source_text(self.archive, el)
        guid = norm_guid(el.get("guid"))
        sl = None
        if st.text is not None and self.layout is not None:
            sl = self.layout.source(guid, st.text)
        if st.text is None or not (sl.turns if sl is not None else st.text.strip()):
            self.report.append(f'skipped source "{name}": {st.problem or "its text is empty"}')
            return None
        if st.note:
            self.report.append(f'source "{name}": {st.note}')
        if sl is not None:
            turns, om, fixed = sl.turns, sl.map, sl.spans
        else:
            (turns, om), fixed = parse_source(st.text), None
        title, n = name, 2
        while title in titles:
            title, n = f"{name} ({n})", n + 1
        titles.add(title)
        values = self._values(el)
        lowered = {k.lower(): v for k, v in values.items()}
        transcript = Transcript(
            title=title,
            turns=turns,
            header=sl.header if sl else (),
            source=sl.source if sl else None,
            setting=lowered.get("setting"),
            date=lowered.get("date"),
            case=self.case_of.get(guid),
            metadata=sl.metadata
            if sl
            else {k: v for k, v in values.items() if k.lower() not in ("setting", "date")},
        )
        if child(el, "Coding") is not None:
            self.counts["whole-document codings (skipped)"] += 1
        sels = [
            s
            for s in (
                self._selection(x, om, el.get("creatingUser"))
                for x in children(el, "PlainTextSelection")
            )
            if s is not None
        ]
        order = self.codebook.activity_ids if self.codebook else ()
        m = map_selections(transcript.text, transcript.turn_starts, sels, order, fixed)
        n_codings = sum(len(per) for per in m.codings.values())
        self.report.append(
            f'"{title}": {len(turns)} turns, {len(m.spans)} segments from {len(sels)} '
            f"selections, {n_codings} coded segment(s) by {len(m.codings)} coder(s); "
            f"{m.overlaps_resolved} overlaps resolved, {m.uncoded} segments left uncoded"
            + (
                f", {m.empty_selections} selections with no text skipped"
                if m.empty_selections
                else ""
            )
        )
        return CodedTranscript(transcript, m.spans, m.codings)

    def bundle(self) -> ImportBundle:
        self._cases()
        out: list[CodedTranscript] = []
        titles: set[str] = set()
        skipped: Counter[str] = Counter()
        sources = child(self.root, "Sources")
        for el in list(sources) if sources is not None else []:
            kind = local(el.tag) if isinstance(el.tag, str) else ""
            name = (
                (el.get("name") or "").strip()
                or Path(el.get("plainTextPath") or "").stem
                or norm_guid(el.get("guid"))
            )
            target = el if kind == "TextSource" else child(el, "Representation")
            if kind in ("TextSource", "PDFSource") and target is not None:
                ct = self._text_source(target, name, titles)
                if ct is not None:
                    out.append(ct)
            elif kind:
                skipped[kind] += 1
        for kind, n in sorted(skipped.items()):
            self.report.append(f"skipped {n} {kind} source(s): fpmcoder codes text only")
        for what, n in sorted(self.counts.items()):
            self.report.append(f"{n} {what}")
        if not out and self.codebook is None:
            raise RefiError(
                "nothing fpmcoder can import: the project has no codes and no text sources",
                path=self.path,
            )
        if self.codebook is None:
            self.report.append("the file has no codes: only transcripts are imported")
        elif not out:
            self.report.append("the file has no text to import: only the codebook is imported")
        coders = sorted({c for ct in out for c in ct.codings})
        self.report.append(
            f"imported {len(out)} transcript(s), {sum(len(ct.spans or ()) for ct in out)} "
            f"segments, coders: {', '.join(coders) or 'none'}"
        )
        return ImportBundle(tuple(out), self.codebook, self.cases, tuple(self.report))


def read_qdpx(path: Path, *, activities_parent: str | None = None) -> ImportBundle:
    """Read a .qdpx project; ``activities_parent`` names the code holding the activities."""
    path = Path(path)
    with SafeArchive(path) as archive:
        qde = _find_qde(archive)
        root = parse_xml(archive.read(qde), path=path, what=qde)
        if local(root.tag) != "Project":
            raise RefiError(
                f"not a REFI-QDA project: {qde} starts with <{local(root.tag)}>, not <Project>",
                path=path,
            )
        member = archive.find(LAYOUT_MEMBER)
        layout = load_layout(archive.read(member)) if member is not None else None
        return _Reader(archive, root, layout, activities_parent).bundle()

"""Write a REFI-QDA project (.qdpx): users, codebook, cases, variables, sources, notes.

Each transcript becomes a plain-text source ``sources/<GUID>.txt`` (UTF-8) with one
``Speaker: text`` line per turn, so speakers stay visible in other programs. Each segment
that a coder coded becomes one ``PlainTextSelection`` whose positions are code points into
that labelled text; it carries one ``Coding`` per coder per code (the activity and each
dilemma) with ``creatingUser`` set to the coder, and a ``NoteRef`` to a ``Note`` per coder
memo. The setting and date of a transcript are source variables; cases list their
transcripts with ``SourceRef`` and carry their attributes as variables. Nothing
time-dependent is written, so the same project gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fpmcoder import __version__
from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.codebook import Codebook
from fpmcoder.errors import RefiError
from fpmcoder.io.refi._archive import write_archive
from fpmcoder.io.refi._codetree import code_guids, write_codes
from fpmcoder.io.refi._guid import GuidFor, checked, norm_guid
from fpmcoder.io.refi._layout import LAYOUT_MEMBER, dump_layout, source_entry
from fpmcoder.io.refi._textmap import labelled_source
from fpmcoder.io.refi._xml import PROJECT_NS, sub, to_bytes

__all__ = ["write_qdpx"]

NS = PROJECT_NS


def _coders(bundle: ImportBundle) -> list[str]:
    seen: dict[str, None] = {}
    for ct in bundle.transcripts:
        for coder, per in ct.codings.items():
            if any(not c.is_empty for c in per.values()):
                seen.setdefault(coder)
    return list(seen)


def _source_keys(bundle: ImportBundle) -> list[str]:
    titles = [ct.transcript.title for ct in bundle.transcripts]
    return [t if titles.count(t) == 1 else f"{t}\x1f{i}" for i, t in enumerate(titles)]


class _Writer:
    def __init__(self, bundle: ImportBundle, codebook: Codebook, guid: GuidFor) -> None:
        self.bundle, self.codebook, self.guid = bundle, codebook, guid
        self.code_guid = code_guids(codebook, guid)
        self.coders = _coders(bundle)
        self.user = {c: guid("user", c) for c in self.coders}
        self.variables: dict[str, str] = {}
        self.notes: list[tuple[str, str, str]] = []  # (guid, coder, memo)
        self.members: list[tuple[str, bytes]] = []
        self.layout: dict[str, Any] = {}

    def variable(self, name: str) -> str:
        return self.variables.setdefault(name, self.guid("variable", name))

    def value(self, parent: ET.Element, name: str, value: str) -> None:
        vv = sub(parent, "VariableValue")
        sub(vv, "VariableRef", {"targetGUID": self.variable(name)})
        sub(vv, "TextValue", text=value)

    def source(self, parent: ET.Element, ct: CodedTranscript, key: str) -> str:
        t = ct.transcript
        guid = self.guid("source", key)
        text, om = labelled_source(t.turns)
        if ct.spans is not None:
            spans = tuple(ct.spans)
        else:
            spans = tuple(t.turn_spans()) if t.turns else ()
        self.members.append((f"sources/{guid}.txt", text.encode("utf-8")))
        self.layout[norm_guid(guid)] = source_entry(t, text, om, spans)
        el = sub(
            parent,
            "TextSource",
            {"guid": guid, "name": t.title, "plainTextPath": f"internal://{guid}.txt"},
        )
        for i, (a, b) in enumerate(spans):
            per = {c: ct.codings.get(c, {}).get(i) for c in self.coders}
            per = {c: v for c, v in per.items() if v is not None and not v.is_empty}
            if per:
                self.selection(
                    el, ct, key, i, (a, b), (om.start_in_source(a), om.end_in_source(b)), per
                )
        if t.setting:
            self.value(el, "setting", t.setting)
        if t.date:
            self.value(el, "date", t.date)
        return guid

    def selection(
        self,
        parent: ET.Element,
        ct: CodedTranscript,
        key: str,
        index: int,
        span: tuple[int, int],
        pos: tuple[int, int],
        per: Mapping[str, Any],
    ) -> None:
        base = f"{key}\x1f{span[0]}\x1f{span[1]}"
        first = next(iter(per))
        el = sub(
            parent,
            "PlainTextSelection",
            {
                "guid": self.guid("selection", base),
                "name": f"segment {index + 1}",
                "startPosition": str(pos[0]),
                "endPosition": str(pos[1]),
                "creatingUser": self.user[first],
            },
        )
        note_refs: list[str] = []
        for coder, coding in per.items():
            codes = [coding.activity] if coding.activity else []
            codes += [d for d in self.codebook.dilemma_ids if d in coding.dilemmas]
            unknown = ({coding.activity} | set(coding.dilemmas)) - set(self.code_guid) - {None}
            if unknown:
                raise RefiError(
                    f"{ct.transcript.title!r}, segment {index + 1}: {coder} used "
                    f"{', '.join(sorted(c for c in unknown if c))}, not in the codebook",
                )
            for code in codes:
                c = sub(
                    el,
                    "Coding",
                    {
                        "guid": self.guid("coding", f"{base}\x1f{coder}\x1f{code}"),
                        "creatingUser": self.user[coder],
                    },
                )
                sub(c, "CodeRef", {"targetGUID": self.code_guid[code]})
            if coding.memo:
                note = self.guid("note", f"{base}\x1f{coder}")
                self.notes.append((note, coder, coding.memo))
                note_refs.append(note)
        for note in note_refs:
            sub(el, "NoteRef", {"targetGUID": note})

    def project(self, name: str) -> bytes:
        root = ET.Element(
            "Project", {"xmlns": NS, "name": name, "origin": f"fpmcoder {__version__}"}
        )
        if self.coders:
            users = sub(root, "Users")
            for coder in self.coders:
                sub(users, "User", {"guid": self.user[coder], "name": coder})
        write_codes(sub(sub(root, "CodeBook"), "Codes"), self.codebook, self.guid)
        variables = sub(root, "Variables")
        cases_el = sub(root, "Cases")
        sources = sub(root, "Sources") if self.bundle.transcripts else None
        cases: dict[str, list[str]] = {c: [] for c in self.bundle.cases}
        for ct, key in zip(self.bundle.transcripts, _source_keys(self.bundle), strict=True):
            assert sources is not None
            guid = self.source(sources, ct, key)
            if ct.transcript.case:
                cases.setdefault(ct.transcript.case, []).append(guid)
        for case, refs in cases.items():
            el = sub(cases_el, "Case", {"guid": self.guid("case", case), "name": case})
            for attr, value in self.bundle.cases.get(case, {}).items():
                self.value(el, attr, value)
            for ref in refs:
                sub(el, "SourceRef", {"targetGUID": ref})
        for var, guid in self.variables.items():
            sub(variables, "Variable", {"guid": guid, "name": var, "typeOfVariable": "Text"})
        for empty in (variables, cases_el):
            if not len(empty):
                root.remove(empty)
        if self.notes:
            notes = sub(root, "Notes")
            for guid, coder, memo in self.notes:
                n = sub(
                    notes,
                    "Note",
                    {"guid": guid, "name": f"Memo by {coder}", "creatingUser": self.user[coder]},
                )
                sub(n, "PlainTextContent", text=memo)
        return to_bytes(root)


def write_qdpx(
    path: Path, bundle: ImportBundle, codebook: Codebook, guid: GuidFor, *, project_name: str
) -> None:
    """Write ``bundle`` (transcripts, segments, codings, cases) and ``codebook`` as a .qdpx."""
    w = _Writer(bundle, codebook, checked(guid))
    qde = w.project(project_name)
    codes = {norm_guid(g): i for i, g in w.code_guid.items()}
    layout = dump_layout(codebook, codes, w.layout)
    write_archive(Path(path), [("project.qde", qde), *w.members, (LAYOUT_MEMBER, layout)])

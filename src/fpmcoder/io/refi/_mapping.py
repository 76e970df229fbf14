"""Turn a REFI-QDA code tree into an fpmcoder codebook.

Rules (see docs/refi-qda.md):

* The codable children of one parent code are the mutually exclusive **activities**. That
  parent is the one the researcher names (``activities_parent``); otherwise a parent named
  like "Activities" ("Partnership activities"); otherwise the first top-level parent with
  at least two codable children; otherwise, in a flat code list, the top-level codes.
  With fewer than two candidate codes the file is refused with a message naming
  ``--activities-parent``.
* Every other codable code becomes a **dilemma** (secondary code); its group is its parent
  code's name (none for top-level codes and for children of a code named "Dilemmas").
* Ids are slugs of the names (``[a-z][a-z0-9_-]*``, unique); colours come from the file,
  or from a palette when missing or repeated among activities; activities get keys 1-9.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from fpmcoder.core.codebook import Activity, Codebook, Dilemma, normalise_colour
from fpmcoder.errors import RefiError
from fpmcoder.io.refi._codetree import CodeNode

__all__ = ["PALETTE", "CodeMap", "build_codebook", "slugify"]

# Okabe-Ito first (colour-blind safe), then Tableau 10 tints.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#0072B2",
    "#D55E00",
    "#F0E442",
    "#999999",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#B07AA1",
    "#76B7B2",
    "#EDC948",
)
_ACTIVITY_NAME = re.compile(r"(^|\W)activit(y|ies)$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeMap:
    """What the file's code GUIDs became: ``("activity" | "dilemma", id)``."""

    codebook: Codebook
    by_guid: dict[str, tuple[str, str]]
    report: tuple[str, ...]


def slugify(name: str, taken: set[str]) -> str:
    """A unique id for ``name``: ASCII, lower case, ``_`` between words, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:40].rstrip("_")
    if not slug:
        slug = "code"
    elif not slug[0].isalpha():
        slug = f"c_{slug}"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _all(nodes: list[CodeNode]) -> list[CodeNode]:
    return [n for top in nodes for n in top.walk()]


def _choose_parent(
    nodes: list[CodeNode], wanted: str | None, path: Path
) -> tuple[CodeNode | None, str]:
    """The parent whose codable children are the activities (``None``: the top level)."""
    everything = _all(nodes)
    parents = [n for n in everything if len(n.codable_children()) >= 2]
    if wanted is not None:
        match = [n for n in everything if n.name.casefold() == wanted.strip().casefold()]
        if not match:
            names = ", ".join(f'"{n.name}"' for n in parents[:12]) or "none"
            raise RefiError(
                f'there is no code called "{wanted}" to hold the activities; parent codes '
                f"with at least two codes under them: {names}",
                path=path,
                field="--activities-parent",
            )
        if len(match[0].codable_children()) < 2:
            raise RefiError(
                f'the code "{wanted}" has {len(match[0].codable_children())} codable code(s) '
                "under it; fpmcoder needs at least two mutually exclusive activities",
                path=path,
                field="--activities-parent",
            )
        return match[0], f'activities: the codes under "{match[0].name}" (as asked)'
    named = [n for n in parents if _ACTIVITY_NAME.search(n.name)]
    if named:
        return named[0], f'activities: the codes under "{named[0].name}"'
    top_parents = [n for n in nodes if len(n.codable_children()) >= 2]
    if top_parents:
        chosen = top_parents[0]
        return chosen, (
            f'activities: no code is named "Activities", so the codes under "{chosen.name}" '
            "(the first parent code with two or more codes) are used; choose another with "
            "--activities-parent NAME"
        )
    if sum(n.codable for n in nodes) >= 2:
        return None, "activities: the codes have no parent codes, so the top-level codes are used"
    raise RefiError(
        f"fpmcoder needs at least two codes to use as mutually exclusive activities, and this "
        f"file has {sum(n.codable for n in everything)} codable code(s) in no usable "
        "structure; add the activities as codes under one parent code in the other program, "
        "or name the parent with --activities-parent NAME",
        path=path,
    )


def build_codebook(
    nodes: list[CodeNode], *, name: str, activities_parent: str | None, path: Path
) -> CodeMap:
    parent, how = _choose_parent(nodes, activities_parent, path)
    report = [how]
    chosen = parent.codable_children() if parent is not None else [n for n in nodes if n.codable]
    chosen_ids = {id(n) for n in chosen}
    taken: set[str] = set()
    by_guid: dict[str, tuple[str, str]] = {}
    activities: list[Activity] = []
    used_colours: set[str] = set()
    repainted = 0
    for i, node in enumerate(chosen):
        colour = _colour(node.colour)
        if colour is None or colour in used_colours:
            repainted += colour is not None
            colour = next((c for c in PALETTE if c not in used_colours), PALETTE[i % len(PALETTE)])
        used_colours.add(colour)
        code_id = slugify(node.name, taken)
        activities.append(
            Activity(
                id=code_id,
                name=node.name,
                description=node.description,
                color=colour,
                key=str(i + 1) if i < 9 else None,
            )
        )
        by_guid[node.guid] = ("activity", code_id)
    if repainted:
        report.append(f"activities: {repainted} repeated colour(s) replaced from a palette")
    dilemmas: list[Dilemma] = []
    for node in _all(nodes):
        if not node.codable or id(node) in chosen_ids:
            continue
        up = node.parent
        group = None if up is None or up.name.casefold() == "dilemmas" else up.name
        code_id = slugify(node.name, taken)
        dilemmas.append(
            Dilemma(id=code_id, name=node.name, group=group, description=node.description)
        )
        by_guid.setdefault(node.guid, ("dilemma", code_id))
    report.append(f"codebook: {len(activities)} activities, {len(dilemmas)} dilemmas")
    try:
        codebook = Codebook(name=name, activities=tuple(activities), dilemmas=tuple(dilemmas))
    except ValidationError as exc:  # pragma: no cover - slugs and keys are made valid above
        raise RefiError(f"the codes do not make a valid codebook: {exc}", path=path) from None
    return CodeMap(codebook, by_guid, tuple(report))


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalise_colour(value)
    except ValueError:
        return None

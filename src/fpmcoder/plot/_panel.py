"""One grid panel: squares, marks, numbers and its title, shared by grids and comparisons."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot.geometry import grid_origins, stamp, template, triangle
from fpmcoder.plot.handle import GridHandle, style_number
from fpmcoder.plot.key import KeyEntry, activity_entries
from fpmcoder.plot.options import FigureOptionError, GridOptions
from fpmcoder.plot.palette import Palette, Swatch, palette_for
from fpmcoder.plot.text import Frame, Line, font
from fpmcoder.plot.weighting import Units, units_for

MARK = "#111111"
HIGHLIGHT = "#000000"


@dataclass(frozen=True)
class Prepared:
    """A sequence checked against the codebook and cut into squares."""

    sequence: CodedSequence
    units: Units

    @property
    def n(self) -> int:
        return len(self.units)

    def rows(self, columns: int) -> int:
        return max(1, math.ceil(self.n / columns))


def check_codes(sequences: list[CodedSequence], codebook: Codebook) -> None:
    unknown = sorted(
        {s.activity for seq in sequences for s in seq.segments}
        - set(codebook.activity_ids)
        - {None},
        key=str,
    )
    if unknown:
        raise FigureOptionError(
            f"activity code(s) not in the codebook {codebook.name!r}: "
            f"{', '.join(str(u) for u in unknown)} (the codebook has "
            f"{', '.join(codebook.activity_ids)}); give the right codebook with --codebook"
        )


def prepare(
    sequences: list[CodedSequence], codebook: Codebook, options: GridOptions
) -> list[Prepared]:
    check_codes(sequences, codebook)
    weight = options.weighting
    out = [Prepared(seq, units_for(seq, weight)) for seq in sequences]
    if options.highlight_speaker is not None:
        speakers = {s.speaker for seq in sequences for s in seq.segments}
        if options.highlight_speaker not in speakers:
            raise FigureOptionError(
                f"no segment is spoken by {options.highlight_speaker!r}; speakers are "
                f"{', '.join(sorted(repr(s) for s in speakers if s)) or 'not recorded'}",
                field="highlight speaker",
            )
    return out


def title_lines(seq: CodedSequence, options: GridOptions, size: float) -> list[Line]:
    """Name (bold), then setting, number of segments, coder and the weighting."""
    meta = []
    if seq.setting:
        meta.append(seq.setting)
    meta.append(f"{len(seq):,} segment{'s' if len(seq) != 1 else ''}")
    if seq.coder:
        meta.append(f"coder: {seq.coder}")
    w = options.weighting
    if w.kind == "time":
        meta.append(f"1 square = {w.unit:g} s")
    elif w.kind == "words":
        meta.append(f"1 square ≈ {w.unit:g} words")
    return [Line(seq.transcript, size * 1.1, "bold"), Line(" · ".join(meta), size * 0.9)]


def key_entries(
    codebook: Codebook, palette: Palette, preps: list[Prepared], options: GridOptions
) -> list[KeyEntry]:
    acts = [p.sequence.activities for p in preps]
    uncoded = any(a is None for seq in acts for a in seq)
    out = activity_entries(codebook, palette, short=options.short_labels, uncoded=uncoded)
    if options.mark_dilemmas and any(s.dilemmas for p in preps for s in p.sequence.segments):
        out.append(KeyEntry("carries a dilemma", Swatch(MARK), "corner", key=""))
    if options.highlight_speaker is not None:
        out.append(
            KeyEntry(f"spoken by {options.highlight_speaker}", Swatch(HIGHLIGHT), "outline", key="")
        )
    return out


def get_palette(codebook: Codebook, options: GridOptions) -> Palette:
    font(options.font_family, options.font_size)  # refuse a missing font early
    return palette_for(codebook, options.palette)


def paint(
    frame: Frame,
    prep: Prepared,
    palette: Palette,
    options: GridOptions,
    *,
    columns: int,
    left: float,
    top: float,
    square: float,
    origins: np.ndarray | None = None,
    height_units: float | None = None,
    name: str = "grid",
) -> GridHandle:
    """Draw ``prep``'s squares with their top-left at (left, top) inches; ``square`` in inches."""
    gap = options.gap
    pitch = square * (1 + gap)
    side = 1 / (1 + gap)
    if origins is None:
        origins = grid_origins(prep.n, columns)
    w_units = columns - (1 - side)
    h_units = height_units if height_units is not None else prep.rows(columns) - (1 - side)
    ax = frame.axes(left, top, w_units * pitch, h_units * pitch, (0, w_units), (h_units, 0))
    side_pt = square * 72
    handle = GridHandle(
        ax,
        palette,
        prep.units,
        prep.sequence.activities,
        origins,
        side,
        rounded=options.rounded,
        side_pt=side_pt,
        left_in=left,
        top_in=top,
        pitch_in=pitch,
        name=name,
    )
    _decorate(handle, prep, options, side_pt)
    return handle


def _decorate(handle: GridHandle, prep: Prepared, options: GridOptions, side_pt: float) -> None:
    ax, units, segs = handle.ax, prep.units, prep.sequence.segments
    firsts = [handle.units_of(i)[0] for i in range(len(segs)) if handle.units_of(i)]
    if options.highlight_speaker is not None:
        sel = [
            u
            for u in range(len(units))
            if segs[units.dominant[u]].speaker == options.highlight_speaker
        ]
        if sel:
            inset = 0.06 * handle.side
            coll = stamp(
                ax,
                template() * (handle.side - 2 * inset),
                handle.origins[sel] + inset,
                facecolors="none",
                edgecolors=HIGHLIGHT,
                linewidths=max(0.6, 0.1 * side_pt),
                zorder=2,
                clip_on=False,
            )
            coll.set_gid(f"{handle.name}-speaker")
    if options.mark_dilemmas:
        sel = [
            handle.units_of(i)[0] for i, s in enumerate(segs) if s.dilemmas and handle.units_of(i)
        ]
        if sel:
            coll = stamp(
                ax,
                triangle(0.42, options.rounded) * handle.side,
                handle.origins[sel],
                facecolors=MARK,
                edgecolors="#FFFFFF",
                linewidths=min(0.4, 0.03 * side_pt),
                zorder=3,
                clip_on=False,
            )
            coll.set_gid(f"{handle.name}-dilemmas")
    if options.show_numbers:
        size = min(options.font_size * 0.85, side_pt * 0.42)
        prop = font(options.font_family, size)
        for u in firsts:
            x, y = handle.origins[u] + handle.side / 2
            number = segs[units.dominant[u]].number
            handle.numbers[u] = ax.text(
                x,
                y,
                str(number),
                fontproperties=prop,
                ha="center",
                va="center_baseline",
                zorder=4,
            )
            style_number(handle.numbers[u], handle.palette.swatch(handle.activity_of_square(u)))

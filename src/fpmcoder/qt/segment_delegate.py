"""Paints the activity of a segment as a coloured chip (its key, then its name, elided),
readable in light and dark themes, and text wrapped to the height of its row."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fpmcoder.qt.segment_model import (
    AcceptedRole,
    ColourRole,
    KeyRole,
    ShownSuggestion,
    SuggestionRole,
)

__all__ = [
    "PADDING",
    "ActivityChipDelegate",
    "WrappedTextDelegate",
    "chip_label",
    "text_colour_on",
    "wrap_lines",
]

LINE_BREAK = "\u2028"  # what QTextLayout breaks a line at (same length as "\n")
PADDING = (4, 3)  # the text's horizontal and vertical margin inside its cell


_WRAPPED: OrderedDict[tuple[str, str, int, int | None], tuple[tuple[int, int], ...]] = OrderedDict()
WRAP_CACHE_SIZE = 2048  # line breaks of the rows painted lately (a screenful is ~100 cells)


def wrap_lines(
    text: str, font: QFont, width: int, limit: int | None = None
) -> list[tuple[int, int]]:
    """(start, length) of each line of ``text`` wrapped to ``width`` pixels; stops after
    ``limit + 1`` lines when a limit is given (enough to know that more follows).

    Remembered for the last few thousand (text, font, width, limit): a key press repaints
    the rows on screen, whose line breaks have not changed.
    """
    key = (text, font.key(), width, limit)
    hit = _WRAPPED.get(key)
    if hit is not None:
        _WRAPPED.move_to_end(key)
        return list(hit)
    lines = _wrap(text, font, width, limit)
    _WRAPPED[key] = tuple(lines)
    if len(_WRAPPED) > WRAP_CACHE_SIZE:
        _WRAPPED.popitem(last=False)
    return lines


def _wrap(text: str, font: QFont, width: int, limit: int | None) -> list[tuple[int, int]]:
    layout = QTextLayout(text.replace("\n", LINE_BREAK), font)  # a newline starts a line
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while limit is None or len(lines) <= limit:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(width, 1))
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return lines


def chip_label(key: str, name: str) -> str:
    """What a chip says: the key, then the name ("1 · Locating and orienting change")."""
    return f"{key} · {name}" if key and name else name


def text_colour_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = colour.redF(), colour.greenF(), colour.blueF()
    return QColor("#000000") if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else QColor("#FFFFFF")


def _draw_item_without_text(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> tuple[QStyleOptionViewItem, str]:
    """Paint the cell's background and selection as the style does; return the text to draw."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    text = opt.text
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget is not None else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    return opt, text


class ActivityChipDelegate(QStyledItemDelegate):
    """A chip of the activity's colour saying "key · name"; a compact chip says only the key
    (the name is in the tooltip). An empty dashed chip: not coded."""

    def __init__(self, parent: QObject | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.compact = compact

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt, text = _draw_item_without_text(self, painter, option, index)
        colour = index.data(ColourRole)
        key = index.data(KeyRole)
        if isinstance(key, str) and key and text:
            marker = "≠ " if text.startswith("≠ ") else ""  # the other coder disagrees
            text = marker + (key if self.compact else chip_label(key, text[len(marker) :]))
        fm = opt.fontMetrics
        h = fm.height() + 6
        rect = QRectF(opt.rect).adjusted(4, 4, -4, 0)
        rect.setHeight(min(h, rect.height()))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = None if self.compact else index.data(SuggestionRole)
        if isinstance(colour, QColor):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text_colour_on(colour))
            accepted = not self.compact and bool(index.data(AcceptedRole))
            room = int(rect.width()) - (22 if accepted else 10)
            label = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignVCenter, label)
            if accepted:
                _accepted_mark(painter, rect, colour)
        elif isinstance(shown, ShownSuggestion):
            _suggestion_chip(painter, opt, rect, shown)
        else:
            group = (
                QPalette.ColorGroup.Active
                if opt.state & QStyle.StateFlag.State_Active
                else QPalette.ColorGroup.Inactive
            )
            pen = QPen(opt.palette.color(group, QPalette.ColorRole.PlaceholderText))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            label = "–" if self.compact else "not coded"
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignVCenter, label)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = option.fontMetrics
        return QSize(fm.horizontalAdvance("1 · Locating and orienting") + 20, fm.height() + 10)


def _suggestion_chip(
    painter: QPainter, opt: QStyleOptionViewItem, rect: QRectF, shown: ShownSuggestion
) -> None:
    """A suggested code: a pale chip with a dashed border of the activity's colour and
    italic text (a coding is a filled chip), the runner-up on the line below; the
    probabilities are never elided."""
    colour = QColor(shown.colour)
    fill = opt.palette.color(QPalette.ColorRole.Base)
    tint = QColor(colour)
    tint.setAlpha(55)
    pen = QPen(colour.darker(125), 1.6)
    pen.setStyle(Qt.PenStyle.DashLine)
    chip = rect.adjusted(0.8, 0.8, -0.8, -0.8)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(chip, 4, 4)
    painter.setBrush(tint)
    painter.setPen(pen)
    painter.drawRoundedRect(chip, 4, 4)
    font = QFont(opt.font)
    font.setItalic(True)
    painter.setFont(font)
    fm = QFontMetrics(font)
    painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
    _name_and_share(
        painter, fm, rect.adjusted(5, 0, -5, 0), f"Tab · {shown.name}", shown.probability
    )
    if shown.runner_up is None:
        return
    below = QRectF(rect.left() + 5, rect.bottom() + 2, rect.width() - 10, fm.height())
    if below.bottom() > opt.rect.bottom():
        return
    selected = bool(opt.state & QStyle.StateFlag.State_Selected)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
    painter.setPen(opt.palette.color(role))
    _name_and_share(painter, fm, below, f"or {shown.runner_up_name}", shown.runner_up_probability)


def share_text(share: float) -> str:
    """A probability as a percentage that never rounds to certainty: 0.997 is ">99%"."""
    if share >= 0.995:
        return ">99%"
    if share < 0.005:
        return "<1%"
    return f"{share:.0%}"


def _name_and_share(
    painter: QPainter, fm: QFontMetrics, rect: QRectF, name: str, share: float
) -> None:
    """``name`` elided on the left, the share (a percentage) whole on the right."""
    pct = share_text(share)
    room = int(rect.width()) - fm.horizontalAdvance(pct) - 6
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(rect, left, fm.elidedText(name, Qt.TextElideMode.ElideRight, room))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(rect, right, pct)


def _accepted_mark(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A small ring at the chip's right end: this activity was an accepted suggestion."""
    r = 3.0
    centre = rect.topRight() + QPointF(-r - 4, rect.height() / 2)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(text_colour_on(colour), 1.4))
    painter.drawEllipse(centre, r, r)


class WrappedTextDelegate(QStyledItemDelegate):
    """Text wrapped to the lines that fit the row; the last one ends in "…" if more follows."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt, text = _draw_item_without_text(self, painter, option, index)
        if not text:
            return
        px, py = PADDING
        rect = opt.rect.adjusted(px, py, -px, -py)
        fm = opt.fontMetrics
        line_h = fm.lineSpacing()
        max_lines = max(1, rect.height() // line_h)
        lines = wrap_lines(text, opt.font, rect.width(), max_lines)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        for i, (start, length) in enumerate(lines[:max_lines]):
            piece = text[start : start + length].rstrip("\n" + LINE_BREAK)
            if i == max_lines - 1 and len(lines) > max_lines:
                piece = fm.elidedText(
                    text[start:].replace("\n", " "), Qt.TextElideMode.ElideRight, rect.width()
                )
            y = rect.top() + i * line_h
            painter.drawText(
                QRectF(rect.left(), y, rect.width(), line_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                piece,
            )
        painter.restore()

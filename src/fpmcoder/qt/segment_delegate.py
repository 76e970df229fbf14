"""Paints the activity of a segment as a coloured chip (its key, then its name, elided),
readable in light and dark themes, and text wrapped to the height of its row."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fpmcoder.qt.segment_model import ColourRole, KeyRole

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
        if isinstance(colour, QColor):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text_colour_on(colour))
            label = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()) - 10)
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignVCenter, label)
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

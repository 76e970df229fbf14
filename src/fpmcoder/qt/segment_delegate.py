"""Paints the activity of a segment as a coloured chip, readable in light and dark themes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextLayout
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fpmcoder.qt.segment_model import ColourRole

__all__ = ["ActivityChipDelegate", "WrappedTextDelegate", "text_colour_on"]


def text_colour_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = colour.redF(), colour.greenF(), colour.blueF()
    return QColor("#000000") if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else QColor("#FFFFFF")


class ActivityChipDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        colour = index.data(ColourRole)
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
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignVCenter, "not coded")
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = option.fontMetrics
        return QSize(fm.horizontalAdvance("Locating and orienting") + 20, fm.height() + 10)


class WrappedTextDelegate(QStyledItemDelegate):
    """Text wrapped to the lines that fit the row; the last one ends in "…" if more follows."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        if not text:
            return
        rect = opt.rect.adjusted(4, 3, -4, -3)
        fm = opt.fontMetrics
        line_h = fm.lineSpacing()
        max_lines = max(1, rect.height() // line_h)
        layout = QTextLayout(text, opt.font)
        layout.beginLayout()
        lines: list[tuple[int, int]] = []
        while len(lines) <= max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            lines.append((line.textStart(), line.textLength()))
        layout.endLayout()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        for i, (start, length) in enumerate(lines[:max_lines]):
            piece = text[start : start + length].rstrip("\n")
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

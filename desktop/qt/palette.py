"""The label palette: every label with its colour, name and hotkey."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolButton, QVBoxLayout, QWidget

from desktop.core.model import Label
from desktop.i18n import language, number, tr
from desktop.qt.plain import tooltip


def swatch(color: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class LabelPalette(QWidget):
    """One button per label; clicking one asks for the selection to be labelled."""

    label_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.setSpacing(2)
        self._buttons: dict[str, QToolButton] = {}

    def set_labels(self, labels: list[Label]) -> None:
        """Show these labels, in this order (again after every scheme change)."""
        while self._layout.count():  # buttons and the stretch: a rebuild must not pile stretches up
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._buttons.clear()
        for label in labels:
            button = self._button(label)
            self._layout.addWidget(button)
            self._buttons[label.key] = button
        self._layout.addStretch(1)

    def _button(self, label: Label) -> QToolButton:
        button = QToolButton(self)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setIcon(swatch(label.color))
        name = label.name_fa if language() == "fa" else label.name_en
        hotkey = f"  [{number(label.hotkey)}]" if label.hotkey else ""
        button.setText(f"{name}{hotkey}")
        button.setToolTip(tooltip(tr(label.description)))  # the shipped schemes' are translated
        button.setAutoRaise(True)
        button.clicked.connect(lambda _=False, key=label.key: self.label_requested.emit(key))
        return button

    def button(self, key: str) -> QToolButton:
        return self._buttons[key]

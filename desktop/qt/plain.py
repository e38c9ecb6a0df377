"""Showing user text literally: Qt guesses rich text in labels, tooltips and
message boxes, so every place that shows document text or names goes here."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """Document words for a one-line place (a list row, the status bar): each run of line
    breaks shown as one space (a span may run over a line end); all else as it is."""
    return _LINE_BREAKS.sub(" ", text)


def tooltip(text: str) -> str:
    """A tooltip string that Qt renders literally (tooltips auto-detect HTML)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


def message(parent: QWidget | None, title: str, text: str, icon=QMessageBox.Icon.Warning) -> None:
    """A message box whose text is never interpreted as HTML, and shown whole
    (long paths wrap, long lists go under Details: see `message_box`)."""
    from desktop.qt.message_box import MessageBox

    MessageBox(parent, title, text, icon).exec()


def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
    """A yes/no question with our own (translated) buttons, its text shown literally.
    True only for `yes`; `no` is the default (Enter) and what Escape means."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is accept

"""Review mode's details list: the attribute values and entity links the current
candidate's layers give differently, one row per layer's value; activating a row
(Enter, A or a double click) takes that value into the candidate's gold span.
A choice shows by its name in the interface's language (the key when it has none)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.core.choices import Choice
from desktop.core.review import Candidate
from desktop.core.review_details import ENTITY_LINK, DetailDifference
from desktop.i18n import language, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.workspace.relations import SpanAttributes
from desktop.workspace.review.details import ReviewDetails


class DetailsList(QListWidget):
    """The current candidate's differing details; `take_requested(name, layer)` on a row."""

    take_requested = Signal(str, str)

    def __init__(self, bridge: WorkspaceBridge, details: ReviewDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.details = bridge, details
        self.candidate: Candidate | None = None
        self._choices: dict[tuple[str, str], Choice] = {}
        self.itemActivated.connect(self._on_activated)

    def show_candidate(self, candidate: Candidate | None) -> None:
        """List the candidate's differences (keeping the highlighted row where it was)."""
        row = self.currentRow()
        self.candidate = candidate
        self.clear()
        found = (self.bridge.attempt(self.details.differences, candidate) or []) if candidate else []
        self._choices = self._choice_names(candidate) if found else {}
        for difference in found:
            for layer, value in difference.values:
                mark = "✓ " if difference.gold is not None and value == difference.gold else ""
                item = QListWidgetItem(f"{mark}{self._name(difference)} — {layer}: {self._value(value, difference)}")
                item.setData(Qt.ItemDataRole.UserRole, (difference.name, layer))
                self.addItem(item)
        if self.count():
            self.setCurrentRow(min(max(row, 0), self.count() - 1))

    def take_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            self._on_activated(item)

    def _on_activated(self, item: QListWidgetItem) -> None:
        name, layer = item.data(Qt.ItemDataRole.UserRole)
        self.take_requested.emit(name, layer)

    def _name(self, difference: DetailDifference) -> str:
        return tr("entity") if difference.name == ENTITY_LINK else difference.name

    def _value(self, value: object, difference: DetailDifference) -> str:
        """A value as the reviewer reads it: an entity or a choice by its name, a structured value as JSON."""
        if value is None:
            return "—"
        if difference.is_entity and isinstance(value, int):
            return self.details.entity_name(value) or f"#{value}"
        if isinstance(value, bool | dict):
            return json.dumps(value, ensure_ascii=False)
        choice = self._choices.get((difference.name, value)) if isinstance(value, str) else None
        return choice.name(language()) if choice else str(value)

    def _choice_names(self, candidate: Candidate | None) -> dict[tuple[str, str], Choice]:
        """The choices of the candidate label's fields, by (field name, key)."""
        fields = self.bridge.attempt(SpanAttributes(self.bridge.workspace).fields, candidate.label) if candidate else []
        return {(f.name, c.key): c for f in fields or [] for c in f.choices}

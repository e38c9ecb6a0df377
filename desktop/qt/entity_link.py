"""The entity link of the chosen span, under its attributes in the span details panel.

It shows the entity the span (a mention) is linked to, or proposes the entity whose
canonical name or alias is the span's words, Persian-folded (`Entities.suggest`:
letter forms, digits, ZWNJ and spacing do not matter). K links the proposal,
Shift+K makes a new entity from the span (named by its words, of its label), both
window actions; each is one undoable step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from desktop.core.model import Span
from desktop.core.relations import Entity
from desktop.i18n import tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.plain import label as plain_label
from desktop.workspace.relations import Entities
from desktop.workspace.relations.entity_names import NameIndex

Attempt = Callable[[Callable[[], object]], None]  # runs an edit, shows its refusal


class EntityLinkBox(QWidget):
    """What the span is linked to, what is proposed, and the buttons that change it.
    `attempt(action)` runs an edit and shows its refusal (the panel's)."""

    def __init__(
        self, bridge: WorkspaceBridge, attempt: Callable[[Callable[[], object]], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.bridge, self._attempt = bridge, attempt
        self.entity = plain_label("", self)
        self.suggestion = plain_label("", self)
        self.link_button = QPushButton(tr("Link the suggested entity (K)"), self)
        self.new_button = QPushButton(tr("New entity from the span (Shift+K)"), self)
        self.unlink_button = QPushButton(tr("Unlink"), self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        # One above the other and the lines wrapped: the panel fits its dock's width.
        for widget in (self.entity, self.suggestion, self.link_button, self.new_button, self.unlink_button):
            column.addWidget(widget)
        for line in (self.entity, self.suggestion):
            line.setWordWrap(True)
        self.span: Span | None = None
        self.suggested: Entity | None = None
        self._names: NameIndex | None = None  # the registry's names, folded once
        self.link_button.clicked.connect(self.link_suggested)
        self.new_button.clicked.connect(self.new_entity)
        self.unlink_button.clicked.connect(self.unlink)

    @property
    def entities(self) -> Entities:
        return Entities(self.bridge.workspace)

    def show_span(self, span: Span | None) -> None:
        self.span = span
        self.setVisible(span is not None)
        if span is None:
            self.suggested = None
            return
        linked = self.entities.linked(span.id or 0)
        self.entity.setText(tr("Entity: {name}", name=linked.name) if linked else tr("No entity linked"))
        if linked is None and self._names is None:
            self._names = self.entities.name_index()
        proposed = self.entities.suggest(span.id or 0, self._names) if linked is None else []
        self.suggested = proposed[0] if proposed else None
        if self.suggested is not None:
            self.suggestion.setText(tr("Suggested: {name}", name=self.suggested.name))
        else:
            self.suggestion.setText(tr("No entity has these words as its name or alias") if linked is None else "")
        self.link_button.setEnabled(self.suggested is not None)
        self.unlink_button.setEnabled(linked is not None)

    def forget_names(self) -> None:
        """The registry changed: fold its names again when next asked."""
        self._names = None

    def link_suggested(self) -> bool:
        """Link the span to the proposed entity; False when there is none to link."""
        span, entity = self.span, self.suggested
        if span is None or entity is None:
            return False
        self._attempt(lambda: self.entities.link(span.id or 0, entity.id))
        return True

    def new_entity(self) -> None:
        span = self.span
        if span is not None:
            self._attempt(lambda: self.entities.create_from_span(span.id or 0))

    def unlink(self) -> None:
        span = self.span
        if span is not None:
            self._attempt(lambda: self.entities.unlink(span.id or 0))

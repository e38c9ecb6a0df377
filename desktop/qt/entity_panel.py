"""The entities panel: the project's registry, each entity's mentions across the project,
and the edits of identity: rename and aliases, merge two entities, split one in two.

A filter narrows the list the way the project folds Persian (`علي` finds `علی`).
Activating a mention asks the window to show it (`mention_activated`). Every edit is
one undoable step of `Entities`; the panel follows `bridge.changed` like the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.relations import Entity
from desktop.i18n import isolate, language, number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.entity_forms import EntityForm, MergeForm
from desktop.qt.plain import ask
from desktop.qt.plain import label as plain_label
from desktop.workspace import Changes
from desktop.workspace.relations import Entities, name_key

ROLE = Qt.ItemDataRole.UserRole
WORDS = Qt.ItemDataRole.UserRole + 1  # a mention's words


class EntityPanel(QWidget):
    """Registry list with a filter, the chosen entity's mentions, and its edits."""

    mention_activated = Signal(int, int)  # document id, span id

    def __init__(self, bridge: WorkspaceBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.query = QLineEdit(self)
        self.query.setObjectName("entity_filter")
        self.query.setPlaceholderText(tr("Filter entities…"))
        self.query.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("entity_list")
        self.about = plain_label("", self)
        self.about.setWordWrap(True)
        self.mentions = QListWidget(self)
        self.mentions.setObjectName("entity_mentions")
        self.mentions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (
            ("edit", tr("Edit…"), self.edit_entity),
            ("merge", tr("Merge into…"), self.merge_entity),
            ("split", tr("Split…"), self.split_entity),
            ("delete", tr("Delete…"), self.delete_entity),
        ):
            button = self.buttons[name] = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.query, self.list, self.about):
            column.addWidget(widget)
        column.addWidget(plain_label(tr("Mentions (Enter shows one; choose some and Split moves them)"), self))
        column.addWidget(self.mentions, 1)
        column.addLayout(row)
        self._all: list[Entity] = []
        self._counts: dict[int, int] = {}
        self.query.textChanged.connect(lambda _: self._fill())
        self.list.currentItemChanged.connect(lambda *_: self._show_entity())
        self.mentions.itemActivated.connect(self._on_mention_activated)
        bridge.changed.connect(self._on_changed)
        self.refresh()

    @property
    def entities(self) -> Entities:
        return Entities(self.bridge.workspace)

    def refresh(self) -> None:
        self._all = self.entities.all()
        self._counts = self.entities.mention_counts()  # one grouped query, however many entities
        self._fill()

    def current(self) -> Entity | None:
        item = self.list.currentItem()
        wanted = None if item is None else item.data(ROLE)
        return next((e for e in self._all if e.id == wanted), None)

    def shown_names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _fill(self) -> None:
        kept = self.current()
        key = name_key(self.query.text())
        self.list.blockSignals(True)
        self.list.clear()
        for entity in self._all:
            if not key or any(key in name_key(name) for name in entity.names):
                item = QListWidgetItem(self._row_text(entity))
                item.setData(ROLE, entity.id)
                self.list.addItem(item)
                if kept is not None and entity.id == kept.id:
                    self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._show_entity()

    def _row_text(self, entity: Entity) -> str:
        label = self.bridge.workspace.labels().get(entity.type)
        kind = entity.type if label is None else (label.name_fa if language() == "fa" else label.name_en)
        mentions = tr("{n} mentions", n=number(self._counts.get(entity.id or 0, 0)))
        return f"{entity.name} — {kind} — {mentions}"

    def _show_entity(self) -> None:
        entity = self.current()
        self.mentions.clear()
        for name in ("edit", "merge", "split", "delete"):
            self.buttons[name].setEnabled(entity is not None)
        if entity is None:
            self.about.setText(tr("No entities yet: choose a span and press Shift+K to make one"))
            return
        aliases = "، ".join(entity.aliases) if entity.aliases else "—"
        about = tr("Aliases: {aliases}", aliases=aliases)
        if entity.external_id:
            about += "\n" + tr("External id: {id}", id=entity.external_id)
        self.about.setText(about)
        texts: dict[int, str] = {}
        workspace = self.bridge.workspace
        for span in self.entities.mentions(entity.id or 0):
            if span.document_id not in texts:
                texts[span.document_id] = workspace.document_text(span.document_id)
            words = texts[span.document_id][span.start : span.end]
            item = QListWidgetItem(f"{words} — {isolate(workspace.document_name(span.document_id))}")
            item.setData(ROLE, (span.document_id, span.id))
            item.setData(WORDS, words)
            self.mentions.addItem(item)

    def _chosen_mentions(self) -> list[int]:
        return [item.data(ROLE)[1] for item in self.mentions.selectedItems()]

    def _on_changed(self, changes: Changes) -> None:
        if changes.entities_changed or changes.span_details_changed or changes.spans_removed or changes.labels_changed:
            self.refresh()

    def _on_mention_activated(self, item: QListWidgetItem) -> None:
        document_id, span_id = item.data(ROLE)
        self.mention_activated.emit(document_id, span_id)

    # --- edits ------------------------------------------------------------------------

    def edit_entity(self) -> None:
        entity = self.current()
        if entity is None:
            return
        entities, eid = self.entities, entity.id or 0

        def submit(name: str, aliases: tuple[str, ...], external_id: str) -> None:
            entities.update(eid, name=name.strip(), aliases=aliases, external_id=external_id)

        EntityForm(tr("Edit entity"), submit, entity, parent=self).exec()

    def merge_entity(self) -> None:
        entity = self.current()
        others = [e for e in self._all if entity is not None and e.id != entity.id]
        if entity is None or not others:
            return
        entities, eid = self.entities, entity.id or 0
        MergeForm(entity, others, lambda keep: entities.merge(keep, eid), self).exec()

    def split_entity(self) -> None:
        entity, chosen = self.current(), self._chosen_mentions()
        if entity is None:
            return
        if not chosen:
            self.about.setText(tr("Choose the mentions to move first (Ctrl+click or Shift+arrows)"))
            return
        first = str(self.mentions.selectedItems()[0].data(WORDS))
        entities, eid = self.entities, entity.id or 0

        def submit(name: str, aliases: tuple[str, ...], _external: str) -> None:
            entities.split(eid, chosen, name, aliases)

        EntityForm(tr("Split entity"), submit, name=first, parent=self, external=False).exec()

    def delete_entity(self) -> None:
        entity = self.current()
        if entity is None:
            return
        text = tr(
            "Delete the entity «{name}»? Its {n} mentions are unlinked (the spans stay). Undo (Ctrl+Z) brings it back.",
            name=entity.name,
            n=number(self._counts.get(entity.id or 0, 0)),
        )
        if ask(self, tr("Delete entity"), text, tr("Delete"), tr("Cancel")):
            self.bridge.attempt(self.entities.delete, entity.id or 0)

"""The small forms of the entities panel: an entity's names (edit, or the new entity of a
split) and the entity another one is merged into.

OK runs the change at once through `submit`; when the workspace refuses it the
reason shows in the form, which stays open (like the label form).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.core.relations import Entity
from desktop.i18n import tr
from desktop.qt.plain import label as plain_label
from desktop.qt.submit_form import SubmitForm

_ALIAS_SEPARATORS = re.compile(r"[,،;؛]")


def split_aliases(text: str) -> tuple[str, ...]:
    """Aliases as typed on one line, separated by commas (Persian or Latin) or semicolons."""
    return tuple(a.strip() for a in _ALIAS_SEPARATORS.split(text) if a.strip())


class EntityForm(SubmitForm):
    """Name, aliases and external id; `submit(name, aliases, external_id)` on OK."""

    def __init__(
        self,
        title: str,
        submit: Callable[[str, tuple[str, ...], str], object],
        entity: Entity | None = None,
        name: str = "",
        parent: QWidget | None = None,
        *,
        external: bool = True,
    ) -> None:
        super().__init__(title, parent)
        self._send = submit
        self.name_edit = QLineEdit(entity.name if entity else name, self)
        self.aliases_edit = QLineEdit("، ".join(entity.aliases) if entity else "", self)
        self.aliases_edit.setPlaceholderText(tr("Separated by commas"))
        self.external_edit = QLineEdit(entity.external_id if entity else "", self)
        self.form.addRow(tr("Name"), self.name_edit)
        self.form.addRow(tr("Aliases"), self.aliases_edit)
        if external:  # a split's new entity has none yet
            self.form.addRow(tr("External id"), self.external_edit)
        else:
            self.external_edit.hide()
        self.name_edit.setFocus()

    def _submit(self) -> None:
        self._send(self.name_edit.text(), split_aliases(self.aliases_edit.text()), self.external_edit.text().strip())


class MergeForm(SubmitForm):
    """Which entity `other` is merged into; `submit(keep_id)` on OK."""

    def __init__(
        self, other: Entity, choices: list[Entity], submit: Callable[[int], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("Merge entities"), parent)
        self._send = submit
        self.target = QComboBox(self)
        self.target.setObjectName("merge_target")
        for entity in choices:
            self.target.addItem(entity.name, entity.id)
        self.form.addRow(plain_label(tr("Merge «{name}» into:", name=other.name), self), self.target)
        self.form.addRow(plain_label(tr("Its names become aliases and its mentions move; Ctrl+Z undoes it."), self))
        self.target.setFocus()

    def _submit(self) -> None:
        self._send(int(self.target.currentData()))

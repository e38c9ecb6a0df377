"""The small menu that asks a relation's type: the types allowed between two labels.

The choice is acted on (`on_pick`) before the menu closes, so the repaint its
closing causes already shows the new or retyped relation: one paint, not two.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu, QWidget

from desktop.core.relations import RelationType
from desktop.i18n import language


def type_name(rtype: RelationType) -> str:
    return rtype.name_fa if language() == "fa" else rtype.name_en


class TypeChooser(QMenu):
    """The relation types allowed between two spans; a type's hotkey picks it."""

    def __init__(
        self, types: list[RelationType], parent: QWidget | None = None, on_pick: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relation_type_chooser")
        self.chosen: str | None = None
        self._on_pick = on_pick
        self._by_key: dict[str, str] = {}
        for rtype in types:
            action = self.addAction(f"{type_name(rtype)}\t{rtype.hotkey}" if rtype.hotkey else type_name(rtype))
            action.triggered.connect(lambda _=False, key=rtype.key: self._pick(key))
            if rtype.hotkey:
                self._by_key[rtype.hotkey.upper()] = rtype.key

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = self._by_key.get(event.text().upper())
        if key is None:
            super().keyPressEvent(event)
            return
        self._pick(key)
        self.close()

    def _pick(self, key: str) -> None:
        self.chosen = key
        if self._on_pick is not None:
            self._on_pick(key)

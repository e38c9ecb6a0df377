"""Help: the keyboard shortcuts, generated from the action table the menus are built from,
and a short "About".

The rows come from `ACTIONS` (translated the way the menus translate them)
and from the window's label actions (the project's labels, their hotkeys on
Latin and Persian digits and their modified variants), so a shortcut added
to either shows here without anyone remembering to document it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop import __version__
from desktop.i18n import is_rtl, isolate, language, number, tr
from desktop.qt.actions import ACTIONS, MENUS

Row = tuple[str, str, str]  # menu, action, shortcuts (all as shown)


def keys_text(sequences: Iterable[QKeySequence]) -> str:
    """Shortcuts as the keys are printed (Qt's Persian catalogue would call Alt «دگرساز»,
    a word on no keyboard), each isolated so `Alt+۱` keeps its order in RTL."""
    shown = [isolate(s.toString(QKeySequence.SequenceFormat.PortableText)) for s in sequences if not s.isEmpty()]
    return ("، " if language() == "fa" else ", ").join(shown)


def shortcut_rows(label_actions: Sequence[QAction]) -> list[Row]:
    """Every action of the table, then every label action, in the UI's language."""
    rows = [
        (tr(spec.menu), tr(spec.text), keys_text(QKeySequence(s) for s in spec.shortcuts))
        for spec in sorted(ACTIONS, key=lambda spec: MENUS.index(spec.menu))
    ]
    rows += [(tr("Labels"), action.text(), keys_text(action.shortcuts())) for action in label_actions]
    return rows


class ShortcutsDialog(QDialog):
    """The shortcuts grouped by menu: one branch per menu, one row per action."""

    def __init__(self, label_actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
        self.resize(560, 640)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([tr("Action"), tr("Shortcut")])
        self.tree.setColumnWidth(0, 300)
        self.rows = shortcut_rows(label_actions)
        self._fill()
        buttons = QDialogButtonBox(self)
        buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, text, keys in self.rows:
            if menu not in groups:
                groups[menu] = QTreeWidgetItem(self.tree, [menu])
                groups[menu].setFirstColumnSpanned(True)
            QTreeWidgetItem(groups[menu], [text, keys])
        self.tree.expandAll()

    def shown_rows(self) -> list[Row]:
        """What the tree shows, read back from it (for tests and accessibility checks)."""
        rows = []
        for group in filter(None, map(self.tree.topLevelItem, range(self.tree.topLevelItemCount()))):
            children = filter(None, map(group.child, range(group.childCount())))
            rows += [(group.text(0), child.text(0), child.text(1)) for child in children]
        return rows


def show_about(parent: QWidget | None) -> None:
    """The program's name, version and what it is for (plain text, our own button)."""
    box = QMessageBox(
        QMessageBox.Icon.Information, tr("About Barchasb"), "", QMessageBox.StandardButton.NoButton, parent
    )
    box.setObjectName("about")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(tr("Barchasb {version}: labelling spans in Persian text, right to left.", version=number(__version__)))
    box.addButton(tr("Close"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()

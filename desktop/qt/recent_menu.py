"""File → Open recent: the last projects opened, newest first.

Rebuilt each time it opens, so a project opened in another window, or a file
moved away since, shows as it is now: a missing project stays listed but
disabled (it may be on a drive not plugged in), with where it was in its tip.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from desktop.i18n import isolate, tr
from desktop.qt.plain import tooltip
from desktop.settings import Settings


class RecentMenu(QMenu):
    """Lists `settings`' recent projects; choosing one asks for it to be opened."""

    project_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(tr("Open recent"), parent)
        self.settings = settings
        self.setObjectName("recent_projects")
        self.setToolTipsVisible(True)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        recent = Settings(self.settings.path).get("recent_projects")  # another window may have added one
        names = [os.path.basename(path) for path in recent]
        for path, name in zip(recent, names):
            self._add_project(path, name, names.count(name) > 1)
        if not recent:
            self.addAction(tr("No recent projects")).setEnabled(False)
        self.addSeparator()
        clear = self.addAction(tr("Clear list"))
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self._on_clear)

    def _add_project(self, path: str, name: str, ambiguous: bool) -> None:
        there = os.path.isfile(path)
        text = isolate(name)
        if ambiguous:  # two projects of one name: their folders tell them apart
            text += f" — {isolate(os.path.dirname(path))}"
        if not there:
            text += " " + tr("(not found)")
        action = self.addAction(text.replace("&", "&&"))  # a file name's & is no shortcut key
        action.setToolTip(tooltip(path))
        action.setEnabled(there)
        action.triggered.connect(lambda _=False, chosen=path: self.project_chosen.emit(chosen))

    def _on_clear(self) -> None:
        self.settings.set("recent_projects", [])
        self.rebuild()

"""A dock whose panel is built the first time it is seen.

Start-up pays for every widget built before the first paint, and for every
query a panel runs to fill itself. A dock that starts hidden (tabbed behind
another dock, or closed) need not: `LazyDock` builds its panel when the dock
first becomes visible, or when code asks for `panel()` (a shortcut that
focuses it, a test). The panel builds and fills itself in its constructor,
and anything that talks to it is wired in the factory, so nothing outside
holds a panel that does not exist yet; refreshes from outside check `built`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock[P: QWidget](QDockWidget):
    """A dock named `name` that calls `build()` for its panel once, when first shown or asked."""

    def __init__(self, title: str, name: str, build: Callable[[], P], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        self._build = build
        self._panel: P | None = None
        self.visibilityChanged.connect(self._on_visibility_changed)

    @property
    def built(self) -> bool:
        """Whether the panel exists (it is then kept, shown or not)."""
        return self._panel is not None

    def panel(self) -> P:
        """The panel, built now if it was not yet."""
        if self._panel is None:
            self._panel = self._build()
            self.setWidget(self._panel)
        return self._panel

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.panel()

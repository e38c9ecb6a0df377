"""A dock tabbed behind another costs nothing until it is seen: its panel is built when its
tab is raised, or when code asks for it, and only once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from desktop.qt.lazy_dock import LazyDock

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    """A shown window with two docks tabbed together, the first raised; counts builds."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("text", window))
    window.builds = []

    def factory(name: str):
        def build() -> QLabel:
            window.builds.append(name)
            return QLabel(name)

        return build

    window.front = LazyDock("Front", "front", factory("front"), window)
    window.back = LazyDock("Back", "back", factory("back"), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.front)
    window.tabifyDockWidget(window.front, window.back)
    window.front.raise_()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_only_the_visible_dock_is_built_at_show(window, qtbot):
    qtbot.waitUntil(lambda: window.front.built)
    assert window.builds == ["front"]
    assert not window.back.built
    assert window.back.widget() is None


def test_raising_the_tab_builds_the_panel_once(window, qtbot):
    window.back.raise_()
    qtbot.waitUntil(lambda: window.back.built)
    assert window.back.widget().text() == "back"
    window.front.raise_()
    window.back.raise_()
    qtbot.waitUntil(lambda: window.back.isVisible())
    assert window.builds == ["front", "back"]


def test_asking_for_the_panel_builds_it_before_it_is_seen(window):
    panel = window.back.panel()
    assert panel.text() == "back"
    assert window.back.panel() is panel
    assert window.back.widget() is panel
    assert window.builds == ["front", "back"]

"""Choosing a span must not move the text: the span details panel beside it shows the
chosen span's fields and entity buttons, and were its dock to widen for them, the text
would wrap again under the analyst's mouse (a drag just after would cover other words)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from journey import press, select_text, stored_spans

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری، معاون اول، به باکو رفت. در باکو با وزیر دیدار کرد."


@pytest.fixture
def project(documents_project):
    return documents_project(TEXT)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_choosing_and_leaving_a_span_keeps_the_text_where_it_is(open_window, project, qtbot, language):
    window = open_window(project, language)
    width = window.view.viewport().width()
    select_text(qtbot, window, "علی")
    press(qtbot, window, Qt.Key.Key_1)  # labelled and chosen: the panel shows its entity buttons
    qtbot.wait(100)
    assert window.details_panel.link.isVisible()
    assert window.view.viewport().width() == width
    press(qtbot, window, Qt.Key.Key_Escape)  # nothing chosen: the panel shows its hint again
    qtbot.wait(100)
    assert window.view.viewport().width() == width
    assert select_text(qtbot, window, "باکو", 1) == window.view.selected_range()
    press(qtbot, window, Qt.Key.Key_4)
    assert [row[1:4] for row in stored_spans(project)] == [(0, 3, "official"), (41, 45, "place")]

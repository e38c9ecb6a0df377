"""A window on a server project, live: another person's span shows within a second, keeping the
analyst's selection, scroll position and undo; a server restart is said, retried, and survived."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import Workspace

from helpers import add_document
from journey import press, select_text

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

LINE = "بانک مرکزی در تهران نرخ را اعلام کرد و وزیر اقتصاد از آن سخن گفت."
TEXT = "\n".join([LINE] * 60)


@pytest.fixture
def project(postgres_url):
    workspace = Workspace.create(postgres_url)
    add_document(workspace, TEXT, "long.txt")
    workspace.close()
    return postgres_url


def _stored(url: str) -> list[tuple[int, int, str]]:
    with Workspace.open(url) as workspace:
        return sorted((s.start, s.end, s.label) for s in workspace.repo.spans(1))


def test_a_span_from_another_connection_shows_within_a_second_keeping_selection_scroll_and_undo(
    project, open_window, qtbot
):
    window = open_window(project)
    start, end = select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)  # organisation: the analyst's own step, on the undo stack
    qtbot.wait(300)  # what the window does after a label (suggestions propagate) is done
    window.view.select_range(14, 19)  # what the analyst has selected meanwhile
    scrollbar = window.view.verticalScrollBar()
    scrollbar.setValue(scrollbar.maximum() // 2)  # and where they have scrolled since
    scrolled = scrollbar.value()
    assert scrolled > 0
    other = Workspace.open(project, "sara")  # the same analyst at a second machine
    try:
        span = other.add_span(1, 30, 35, "place")
        began = time.monotonic()  # committed: from here, a second at most
        qtbot.waitUntil(lambda: span.id in window.editor.spans, timeout=1000)
        assert time.monotonic() - began <= 1.0
    finally:
        other.close()
    assert window.view.mark(span.id) is not None
    assert window.view.selected_range() == (14, 19) and scrollbar.value() == scrolled
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo is still the analyst's
    assert _stored(project) == [(30, 35, "place")]
    assert (start, end) != (30, 35)


def test_a_server_restart_is_said_and_the_window_goes_on_after_it(project, open_window, qtbot, postgres_cluster):
    window = open_window(project)
    select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)
    shown = window.view.text()
    postgres_cluster.stop_server()
    try:
        qtbot.waitUntil(lambda: window.offline_label.isVisible(), timeout=3000)
        assert window.view.text() == shown and len(window.editor.spans) == 1  # what the analyst sees stays
        window.view.select_range(14, 19)
        press(qtbot, window, Qt.Key.Key_4)  # place: cannot be stored now
        assert window.save_label.text() == "Not saved" and len(window.editor.spans) == 1
    finally:
        postgres_cluster.start_server()
    qtbot.waitUntil(lambda: not window.offline_label.isVisible(), timeout=20_000)
    window.view.select_range(14, 19)
    press(qtbot, window, Qt.Key.Key_4)
    assert len(window.editor.spans) == 2 and window.save_label.text() == "Saved"
    assert [label for _, _, label in _stored(project)] == ["organisation", "place"]


def test_a_curator_watches_an_annotators_layer_arrive_in_the_review_window(project, open_window, qtbot):
    window = open_window(project)  # the curator's window
    window.commands.review_mode()
    review = window.review_window
    assert review is not None and review.units == []
    annotator = Workspace.open(project, "reza")
    try:
        annotator.add_span(1, 0, 4, "organisation")
        qtbot.waitUntil(lambda: len(review.units) == 1, timeout=1000)
    finally:
        annotator.close()
    assert review.units[0].candidates[0].layers == ("reza",)
    review.close()

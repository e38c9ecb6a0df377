"""The real window, driven like an analyst would: select, press a hotkey, undo, restart."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from desktop.core.model import Status
from desktop.qt.app import Application, create_qt_app
from desktop.settings import Settings
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui

TEXT = "😀 خبر: علی جهانگیری، معاون استاندار آذربایجان شرقی، به باکو رفت.\nپاراگراف دوم <b>نه پررنگ</b> است."


@pytest.fixture
def project(project_path):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    doc = add_document(ws, TEXT, "one.txt")
    add_document(ws, "سند دوم درباره تهران است.", "two.txt")
    ws.close()
    return project_path, doc


@pytest.fixture
def app(project, open_app):
    return open_app(project[0])


def spans_in_db(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute('SELECT start, "end", label FROM spans ORDER BY start').fetchall()
    finally:
        conn.close()


def test_select_and_press_hotkey_stores_code_point_offsets(app, project, qtbot):
    path, _ = project
    window = app.window
    start = TEXT.index("علی")
    window.view.select_range(start + 1, start + 5)  # inside the name: snapping takes whole words
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    expected = (start, start + len("علی جهانگیری"))
    assert spans_in_db(path) == [(*expected, "official")]
    assert TEXT[expected[0] : expected[1]] == "علی جهانگیری"
    assert [(m.start, m.end) for m in map(window.view.mark, window.editor.spans)] == [expected]
    qtbot.waitUntil(lambda: window.span_panel.model.rowCount() == 1)
    assert window.documents.model.document_at(0).span_count == 1


def test_alt_hotkey_takes_exact_characters(app, project, qtbot):
    path, _ = project
    start = TEXT.index("جهانگیری")
    app.window.view.select_range(start, start + 4)
    qtbot.keyClick(app.window.view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert spans_in_db(path) == [(start, start + 4, "official")]


def test_undo_removes_from_screen_and_database_and_restart_shows_it(app, project, qtbot):
    path, doc = project
    window = app.window
    start = TEXT.index("باکو")
    window.view.select_range(start, start + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert spans_in_db(path) == [(start, start + 4, "place")]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in_db(path) == []
    assert window.editor.spans == {} and window.view.mark_at(start) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans_in_db(path) == [(start, start + 4, "place")]
    # A new window on the same file shows it: nothing lived only in memory.
    window.close()
    app.workspace.close()
    assert app.open(path, annotator="sara")
    qtbot.addWidget(app.window)
    assert [(s.start, s.end) for s in app.window.editor.spans.values()] == [(start, start + 4)]
    assert app.window.view.mark_at(start + 1)


def test_overlapping_spans_both_render(app, project, qtbot):
    window = app.window
    title = TEXT.index("معاون")
    place = TEXT.index("آذربایجان")
    window.view.select_range(title, place + len("آذربایجان شرقی"))
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    window.view.select_range(place, place + len("آذربایجان شرقی"))
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    ids = list(window.editor.spans)
    assert len(ids) == 2
    assert sorted(window.view.mark_at(place + 2)) == sorted(ids)
    for span_id in ids:
        assert window.view.mark_rects(span_id), "each span has boxes on screen"
        assert window.view.chip_rect(span_id) is not None


def test_html_looking_text_shows_literally(app):
    window = app.window
    assert window.view.toPlainText() == TEXT
    assert "<b>" in window.view.toPlainText()
    assert window.view.document().toHtml().count("font-weight:700") == 0


def test_mark_done_next_not_done_and_reopen(app, project, qtbot):
    path, doc = project
    window = app.window
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert app.workspace.status(doc) == Status.DONE
    assert window.documents.model.document_at(0).status == Status.DONE
    qtbot.keyClick(
        window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.editor.document_id != doc
    window.open_document(doc)
    qtbot.keyClick(
        window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert app.workspace.status(doc) == Status.IN_PROGRESS


def test_keyboard_selects_relabels_resizes_and_deletes_a_span(app, project, qtbot):
    path, _ = project
    window = app.window
    start = TEXT.index("علی")
    window.view.select_range(start, start + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.view.clear_selection()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.editor.current is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # RTL: left = later, end grows
    assert spans_in_db(path) == [(start, start + len("علی جهانگیری"), "official")]
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # no selection: relabel the current span
    assert spans_in_db(path)[0][2] == "title"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert spans_in_db(path) == []


def test_filter_documents_by_persian_aware_text(app, qtbot):
    panel = app.window.documents
    panel.query.setText("تهران")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.document_at(0).name == "two.txt"
    panel.query.setText("")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)


def test_first_start_asks_for_the_annotator_and_remembers_it(qtbot, project, monkeypatch):
    import desktop.qt.app as app_module
    from desktop.qt.dialogs import AnnotatorDialog

    asked = []

    class Answering(AnnotatorDialog):
        def exec(self):
            asked.append(self.buttons.button(self.buttons.StandardButton.Ok).isEnabled())
            self.name_edit.setText("  مریم ")
            return 1

    monkeypatch.setattr(app_module, "AnnotatorDialog", Answering)
    path, _ = project
    settings = Settings()
    application = Application(create_qt_app(settings), settings)
    assert application.open(path)
    qtbot.addWidget(application.window)
    assert asked == [False]  # OK stays disabled until a name is typed
    assert application.workspace.annotator.name == "مریم"
    assert Settings().get("annotator") == "مریم"
    assert "مریم" in application.window.annotator_label.text()
    application.window.close()
    application.workspace.close()


def test_persian_ui_lays_the_window_out_right_to_left(qtbot, project):
    path, _ = project
    settings = Settings()
    settings.set("language", "fa")
    application = Application(create_qt_app(settings), settings)
    try:
        assert application.open(path, annotator="sara")
        qtbot.addWidget(application.window)
        window = application.window
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.menuBar().actions()[0].text() == "پرونده"
        application.change_language("en")
        qtbot.addWidget(application.window)
        assert application.window.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert Settings().get("language") == "en"
    finally:
        application.window.close()
        application.workspace.close()
        from desktop import i18n

        i18n.set_language("en")
        create_qt_app(Settings())


def test_label_all_occurrences_previews_then_applies_as_one_undo_step(app, project, qtbot, monkeypatch):
    from desktop.qt import label_all

    path, doc = project
    window = app.window
    other = window.documents.model.document_at(1).id
    shown = []

    def fake_exec(dialog):
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.everywhere.setChecked(True)  # whole project: both documents
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.apply()
        return 1

    monkeypatch.setattr(label_all.LabelAllDialog, "exec", fake_exec)
    start = TEXT.index("خبر")
    window.view.select_range(start, start + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    # Persian-aware: سند دوم has "خبر"? no -- the second document matches "است" below instead.
    assert len(shown[0]) == 1 and "【خبر】" in shown[0][0]
    spans = spans_in_db(path)
    assert spans == [(start, start + 3, "official")]  # the palette's first label by default
    window.view.select_range(TEXT.index("است."), TEXT.index("است.") + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(shown[3]) == 2  # "است" once here and once in the other document
    assert len(spans_in_db(path)) == 3
    assert app.workspace.spans(other)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans_in_db(path) == spans


def test_undo_travels_to_the_document_it_changes(app, project, qtbot):
    path, doc = project
    window = app.window
    start = TEXT.index("باکو")
    window.view.select_range(start, start + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id != doc
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.document_id == doc and spans_in_db(path) == []

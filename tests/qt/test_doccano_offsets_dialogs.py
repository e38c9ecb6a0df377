"""The window offers doccano's offset unit where the format is doccano: File → Import…
asks it when a chosen file is a doccano file, the Export dialog when the format is
doccano. Judged by the spans stored and the offsets written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop import i18n
from desktop.qt.export_dialog import ExportDialog
from desktop.qt.import_dialog import ImportOptionsDialog
from desktop.workspace import Workspace

from helpers import add_document
from journey import import_with_options

pytestmark = pytest.mark.gui

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "doccano-1.8.4-export.jsonl"
TEXT = "😀 رئیس‌جمهور فرانسه در پاریس گفت."
PARIS = TEXT.index("پاریس")


def stored_words(project) -> list[str]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            'SELECT d.text, s.start, s."end" FROM spans s JOIN documents d ON d.id = s.document_id ORDER BY s.id'
        ).fetchall()
    finally:
        conn.close()
    return [text[start:end] for text, start, end in rows]


def import_through_the_window(qtbot, window, monkeypatch, path, act) -> list:
    """File → Import… (Ctrl+I) on `path`; `act(dialog)` on the options dialog.
    Returns what the dialog showed: (offset choice visible, its value)."""

    def look(dialog) -> tuple:
        box = dialog.offsets
        return box is not None and box.isVisible(), box.currentData() if box else None

    return import_with_options(qtbot, window, monkeypatch, path, act, look)


def accept(qtbot, dialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


@pytest.fixture
def app(empty_app):
    return empty_app


def test_importing_a_doccano_file_asks_its_unit_and_utf16_puts_spans_on_the_drawn_words(app, monkeypatch, qtbot):
    window = app.window
    shown = import_through_the_window(qtbot, window, monkeypatch, FIXTURE, lambda dialog: accept(qtbot, dialog))
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3, timeout=20000)
    assert shown == [(True, "utf16")]
    assert sorted(stored_words(app.workspace.path)) == sorted(["پاریس", "۳ بهمن", "تهران", "ژاپن", "مسکو"])
    # Stated in the dialog, so nothing to warn about: the outcome goes to the status bar.
    assert window.statusBar().currentMessage() == (
        "3 documents imported, 0 already present, 0 skipped; 5 spans added, 0 already there"
    )


def test_code_points_are_chosen_with_the_keyboard_for_a_file_that_counts_them(app, tmp_path, monkeypatch, qtbot):
    window = app.window
    path = tmp_path / "points.jsonl"
    path.write_text(
        json.dumps({"text": TEXT, "label": [[PARIS, PARIS + 5, "place"]]}, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    def code_points(dialog) -> None:
        dialog.offsets.setFocus()
        qtbot.keyClick(dialog.offsets, Qt.Key.Key_Down)
        assert dialog.offsets.currentData() == "codepoints"
        accept(qtbot, dialog)

    import_through_the_window(qtbot, window, monkeypatch, path, code_points)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 1, timeout=20000)
    assert stored_words(app.workspace.path) == ["پاریس"]


def test_plain_text_import_does_not_ask_about_offsets(app, tmp_path, monkeypatch, qtbot):
    path = tmp_path / "a.txt"
    path.write_text("علی به باکو رفت.\n", encoding="utf-8")
    shown = import_through_the_window(
        qtbot, app.window, monkeypatch, path, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    )
    assert shown == [(False, None)]


def test_the_persian_dialog_names_the_units_in_persian(qtbot):
    i18n.set_language("fa")
    try:
        dialog = ImportOptionsDialog({}, None, doccano=True)
        qtbot.addWidget(dialog)
        items = [dialog.offsets.itemText(i) for i in range(dialog.offsets.count())]
    finally:
        i18n.set_language("en")
    assert items[0].startswith("واحد UTF-16") and "doccano" in items[0]
    assert items[1].startswith("نقطه‌کد یونیکد")


def test_an_unstated_unit_is_reported_in_the_window_too(tmp_path):
    from desktop.qt.import_problems import import_message
    from desktop.workspace.imports.everything import import_everything

    project = tmp_path / "p.barchasb"
    Workspace.create(project).close()
    with Workspace.open(project) as workspace:
        summary = import_everything(workspace, "sara", [FIXTURE])  # no unit given
    _, problems = import_message(summary)
    assert summary.unit_notes == 2 and problems == [
        "2 doccano records have emoji or other characters outside the BMP before their spans: "
        "their offsets were read as UTF-16 units, as doccano's web UI counts them."
    ]


@pytest.fixture
def workspace(project_path):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    doc = add_document(ws, TEXT, "one.txt")
    ws.add_span(doc, PARIS, PARIS + 5, "place")
    yield ws
    ws.close()


def export(qtbot, dialog, out: Path) -> list:
    dialog.output.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.task.isRunning() and dialog.export_button.isEnabled(), timeout=20000)
    return json.loads(out.read_text(encoding="utf-8"))["label"]


def test_export_dialog_offers_the_unit_for_doccano_only(workspace, tmp_path, qtbot):
    dialog = ExportDialog(workspace)
    qtbot.addWidget(dialog)
    assert not dialog.offsets.isEnabled() and dialog.options().offsets is None  # jsonl
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    assert dialog.offsets.isEnabled() and dialog.offsets.currentData() == "utf16"
    assert export(qtbot, dialog, tmp_path / "u.jsonl") == [[PARIS + 1, PARIS + 6, "place"]]
    dialog.offsets.setCurrentIndex(dialog.offsets.findData("codepoints"))
    assert export(qtbot, dialog, tmp_path / "c.jsonl") == [[PARIS, PARIS + 5, "place"]]

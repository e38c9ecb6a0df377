"""Export and import from the window: background work, progress, the user's choice."""

from __future__ import annotations

import json

import pytest

from desktop.qt.export_dialog import ExportDialog
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری به باکو رفت و ۵۰ درصد رشد داشت."


@pytest.fixture
def workspace_with_spans(project_path):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    doc = add_document(ws, TEXT, "one.txt")
    ws.add_span(doc, 0, 12, "official")
    ws.add_span(doc, 16, 20, "place")
    ws.add_span(doc, 16, 18, "event")  # half a token: token formats must ask
    yield ws
    ws.close()


def test_jsonl_export_writes_the_file_with_progress(workspace_with_spans, tmp_path, qtbot):
    dialog = ExportDialog(workspace_with_spans)
    qtbot.addWidget(dialog)
    out = tmp_path / "out.jsonl"
    dialog.output.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.task.isRunning() and dialog.export_button.isEnabled(), timeout=20000)
    record = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [
        (0, 12, "official"),
        (16, 18, "event"),
        (16, 20, "place"),
    ]
    assert dialog.progress.value() == dialog.progress.maximum()
    assert "Wrote 1 documents, 3 spans" in dialog.message.text()


def test_conll_export_asks_about_misaligned_spans_then_skips(workspace_with_spans, tmp_path, qtbot):
    dialog = ExportDialog(workspace_with_spans)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    out = tmp_path / "out.conll"
    dialog.output.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.problems.isHidden(), timeout=20000)
    assert not out.exists()  # nothing written before the user chooses
    assert "باکو" in dialog.problems.toPlainText() or "با" in dialog.problems.toPlainText()
    dialog.misaligned.setCurrentIndex(dialog.misaligned.findData("skip"))
    dialog.overlapping.setCurrentIndex(dialog.overlapping.findData("skip"))
    dialog.start()
    qtbot.waitUntil(lambda: out.exists() and dialog.export_button.isEnabled(), timeout=20000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "علی\tB-official" in lines and "جهانگیری\tI-official" in lines
    assert "skipped" in dialog.message.text()


def test_window_import_runs_in_the_background_and_reloads(project_path, tmp_path, qtbot):
    from desktop.qt.app import Application, create_qt_app
    from desktop.settings import Settings

    Workspace.create(project_path).close()
    doccano = tmp_path / "d.jsonl"
    doccano.write_text(
        json.dumps({"text": TEXT, "label": [[16, 20, "place"]]}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    plain = tmp_path / "p.txt"
    plain.write_text("متن ساده", encoding="utf-8")
    settings = Settings()
    application = Application(create_qt_app(settings), settings)
    assert application.open(project_path, annotator="sara")
    window = application.window
    qtbot.addWidget(window)
    task = window.files.import_paths([str(doccano), str(plain)])
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 2, timeout=20000)
    assert task is not None
    names = sorted(window.documents.model.document_at(i).name for i in range(2))
    assert names == ["d.jsonl:1", "p.txt"]
    doc = next(r.id for r in window.documents.model.all_rows() if r.name == "d.jsonl:1")
    assert [(s.start, s.end, s.label) for s in application.workspace.spans(doc, all_layers=True)] == [(16, 20, "place")]
    window.close()
    application.workspace.close()

"""The window's spaCy export says how many overlapping spans left the entities (issue 13, item 3)."""

from __future__ import annotations

import pytest

from desktop.qt.export_dialog import ExportDialog
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui

TEXT = "رئیس دانشگاه تهران در تهران گفت."


@pytest.fixture
def nested(project_path):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    doc = add_document(ws, TEXT, "one.txt")
    org = TEXT.index("دانشگاه تهران")
    ws.add_span(doc, org, org + len("دانشگاه تهران"), "title")
    ws.add_span(doc, org + len("دانشگاه "), org + len("دانشگاه تهران"), "place")
    ws.add_span(doc, TEXT.rindex("تهران"), TEXT.rindex("تهران") + 5, "place")
    yield ws
    ws.close()


def test_spacy_export_reports_the_spans_whose_words_are_missing_in_the_entities(nested, tmp_path, qtbot):
    pytest.importorskip("spacy")
    dialog = ExportDialog(nested)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("spacy"))
    out = tmp_path / "out.spacy"
    dialog.output.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: out.exists() and dialog.export_button.isEnabled(), timeout=20000)
    text = dialog.message.text()
    assert "Wrote 1 documents, 3 spans" in text
    assert "2 overlapping spans are in the span group only" in text and "skipped" not in text

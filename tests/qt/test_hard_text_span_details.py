"""The span details panel where emoji (astral), ZWNJ and CRLF come before and inside the spans:
labelling by mouse and keys fills the values the words say (read from exactly those words),
the panel shows the span's exact words, and the entity link is proposed from a folded alias."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from journey import press, select_text
from journey import stored_rows as rows

pytestmark = pytest.mark.gui

TEXT = (
    "🇮🇷😀 خبر\r\nجهانگيري می‌گوید:\r\nقرارداد سازمان‌ها به ارزش یک میلیارد و\r\n۸۰۰ میلیون دلار 😀 در"
    " سال ۲۰۱۶ میلادی امضا شد.\r\n👍🏽"
)
FIGURE, DATE, NAME = "یک میلیارد و\r\n۸۰۰ میلیون دلار", "سال ۲۰۱۶ میلادی", "جهانگيري"


def stored_spans(path) -> list[tuple[str, str, dict]]:
    """(the span's words, its label, {attribute: value}) of every span, from the file."""
    found = rows(
        path,
        'SELECT d.text, s.start, s."end", s.label, a.name, a.value FROM spans s JOIN documents d'
        " ON d.id = s.document_id LEFT JOIN span_attributes a ON a.span_id = s.id ORDER BY s.start",
    )
    return [(t[s:e], label, {name: json.loads(value)} if name else {}) for t, s, e, label, name, value in found]


@pytest.fixture
def project(documents_project):
    from desktop.workspace import Workspace
    from desktop.workspace.relations import Entities

    path = documents_project(TEXT)
    ws = Workspace.open(path)
    ws.set_annotator("sara")
    Entities(ws).create("اسحاق جهانگیری", "official", ("جهانگیری",))
    ws.close()
    return path


def test_values_panel_text_and_entity_proposal_read_exactly_the_spans_words(project, open_window, qtbot):
    window = open_window(project)
    panel = window.details_panel
    select_text(qtbot, window, FIGURE)
    press(qtbot, window, Qt.Key.Key_5)
    usd = {"kind": "amount", "value": "1800000000", "unit": "USD"}
    assert stored_spans(project) == [(FIGURE, "figure", {"value": usd})]
    assert panel.title.text() == f"{FIGURE} — Figure"
    select_text(qtbot, window, DATE)
    press(qtbot, window, Qt.Key.Key_6)
    [_, (words, label, values)] = stored_spans(project)
    assert (words, label, values["iso"]["iso"]) == (DATE, "date", "2016")
    assert panel.title.text() == f"{DATE} — Date"
    select_text(qtbot, window, NAME)
    press(qtbot, window, Qt.Key.Key_1)
    assert panel.title.text() == f"{NAME} — Official"
    assert panel.link.suggestion.text() == "Suggested: اسحاق جهانگیری"
    press(qtbot, window, Qt.Key.Key_K)
    linked = rows(
        project,
        'SELECT d.text, s.start, s."end", e.name FROM span_entities m JOIN spans s ON s.id = m.span_id'
        " JOIN documents d ON d.id = s.document_id JOIN entities e ON e.id = m.entity_id",
    )
    assert [(t[s:e], name) for t, s, e, name in linked] == [(NAME, "اسحاق جهانگیری")]

"""The agreement dialog, opened from the real window with its shortcut: clicking a pair's cell
shows that pair's relation F1 per type, attribute agreement and entity-link rows."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import Choice
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import TEXT, add_document
from journey import press, ready

pytestmark = pytest.mark.gui

KIND = AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country"), name_fa="گونه", name_en="Kind")


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path):
    """sara and reza: the same official and city, titles ending apart; holds, the city's kind, one entity."""
    path = tmp_path / "team.barchasb"
    ws = Workspace.create(path)
    doc = add_document(ws, TEXT)
    ws.set_annotator("lead")
    RelationSchemeEditor(ws).save_field(KIND)
    [entity] = Entities(ws).create("اسحاق جهانگیری", "official").entities_added
    for name, title, kind in (("sara", "معاون استاندار آذربایجان شرقی", "city"), ("reza", "معاون استاندار", "country")):
        ws.set_annotator(name)
        official = ws.add_span(doc, *at("علی جهانگیری"), "official").id
        title_id = ws.add_span(doc, *at(title), "title").id
        city = ws.add_span(doc, *at("باکو"), "place").id
        Relations(ws).add(official, title_id, "holds")
        SpanAttributes(ws).set(city, "kind", kind)
        Entities(ws).link(official, entity)
    ws.close()
    return path


def open_agreement(qtbot, window):
    """Ctrl+Shift+G, wait for the figures, click the sara/reza cell of the matrix."""
    ready(qtbot, window)
    press(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.agreement_dialog is not None and window.agreement_dialog.report is not None)
    dialog = window.agreement_dialog
    qtbot.waitExposed(dialog)
    layers = dialog.report.layers
    cell = dialog.matrix.item(layers.index("sara"), layers.index("reza"))
    qtbot.mouseClick(
        dialog.matrix.viewport(), Qt.MouseButton.LeftButton, pos=dialog.matrix.visualItemRect(cell).center()
    )
    return dialog


def rows(dialog) -> list[list[str]]:
    table = dialog.facts
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_chosen_pair_shows_relation_attribute_and_link_rows(project, open_app, qtbot):
    window = open_app(project).window
    dialog = open_agreement(qtbot, window)
    assert rows(dialog) == [
        ["Relation F1: holds", "0.000", "1.000"],  # the titles end apart: only overlap matches them
        ["Relation F1: all types", "0.000", "1.000"],
        ["Same value: Place › Kind", "0.000", "—"],  # city against country
        ["Cohen's kappa: Place › Kind", "0.000", "—"],
        ["Linked to the same entity", "1.000", "1.000"],
    ]
    header = [dialog.facts.horizontalHeaderItem(c).text() for c in range(3)]
    assert header == ["Measure", "Exact match", "Overlap match"]
    listed = [dialog.mismatches.item(i).text() for i in range(dialog.mismatches.count())]
    unmatched = [t for t in listed if "—holds→" in t]
    assert len(unmatched) == 2 and all(t.endswith(": no match") for t in unmatched)  # exact: each side's
    assert any("\u2068sara\u2069" in t and "«\u2068معاون استاندار آذربایجان شرقی\u2069»" in t for t in unmatched)


def test_in_persian_the_rows_are_persian_with_persian_digits(project, open_app, qtbot):
    window = open_app(project, language="fa").window
    dialog = open_agreement(qtbot, window)
    found = rows(dialog)
    assert found[0] == ["امتیاز F1 رابطه: دارای سمت", "۰٫۰۰۰", "۱٫۰۰۰"]
    assert found[2] == ["مقدار یکسان: مکان › گونه", "۰٫۰۰۰", "—"]
    assert found[-1][0] == "پیوند به موجودیت یکسان"
    listed = [dialog.mismatches.item(i).text() for i in range(dialog.mismatches.count())]
    assert sum("—دارای سمت←" in t and t.endswith(": بی‌همتا") for t in listed) == 2


@pytest.mark.parametrize(
    "language, tip",
    [("en", "\u2068City\u2069 ↔ \u2068Country\u2069: 1"), ("fa", "\u2068شهر\u2069 ↔ \u2068کشور\u2069: ۱")],
)
def test_the_choices_the_pair_told_apart_are_shown_by_name(project, open_app, qtbot, language, tip):
    ws = Workspace.open(project)
    ws.set_annotator("lead")
    named = (Choice("city", "شهر", "City"), Choice("country", "کشور", "Country"))
    RelationSchemeEditor(ws).save_field(dataclasses.replace(KIND, choices=named))
    ws.close()
    dialog = open_agreement(qtbot, open_app(project, language=language).window)
    same_value = dialog.facts.item(2, 0)  # sara said city, reza country
    assert same_value.text() in ("Same value: Place › Kind", "مقدار یکسان: مکان › گونه")
    assert same_value.toolTip() == tip
    assert dialog.facts.item(3, 0).toolTip() == ""  # the kappa row: the figure only

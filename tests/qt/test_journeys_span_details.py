"""Journeys of the span details panel: a span's attributes typed with the keyboard, a wrong
value refused, an entity made from a span and proposed for the same name elsewhere;
judged by the project file's span_attributes, entities and span_entities tables."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from journey import press, ready, select_text, type_text
from journey import stored_rows as rows

pytestmark = pytest.mark.gui

ONE = "اسحاق جهانگیری گفت قرارداد یک میلیارد دلار ارزش دارد و روز ۲۱ آبان ۱۴۰۴ امضا شد."
TWO = "جهانگيري در باكو بود."  # Arabic ي and ك: the same name, Persian-folded
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def project(documents_project):
    return documents_project(ONE, TWO)


@pytest.fixture
def window(project, open_window):
    return open_window(project)


def stored_attributes(path) -> list[tuple[str, str, object]]:
    """(span's words, attribute name, value) for every stored attribute."""
    found = rows(
        path,
        'SELECT d.text, s.start, s."end", a.name, a.value FROM span_attributes a '
        "JOIN spans s ON s.id = a.span_id JOIN documents d ON d.id = s.document_id ORDER BY s.start, a.name",
    )
    return [(text[start:end], name, json.loads(value)) for text, start, end, name, value in found]


def stored_links(path) -> list[tuple[str, str]]:
    """(span's words, entity name) for every mention link."""
    found = rows(
        path,
        'SELECT d.text, s.start, s."end", e.name FROM span_entities m JOIN spans s ON s.id = m.span_id '
        "JOIN documents d ON d.id = s.document_id JOIN entities e ON e.id = m.entity_id ORDER BY d.id, s.start",
    )
    return [(text[start:end], name) for text, start, end, name in found]


def label(qtbot, window, words: str, key) -> None:
    select_text(qtbot, window, words)
    press(qtbot, window, key)
    assert window.editor.current is not None


def focused() -> object:
    return QApplication.focusWidget()


def test_a_figure_value_typed_in_the_panel_is_stored_and_escape_returns_to_the_text(window, project, qtbot):
    label(qtbot, window, "یک میلیارد دلار", Qt.Key.Key_5)
    press(qtbot, window, Qt.Key.Key_A)  # the keyboard goes to the panel's first field
    line = focused()
    assert isinstance(line, QLineEdit) and line.objectName() == "attribute_value"
    type_text(qtbot, line, "۱۲ میلیون تومان")
    press(qtbot, window, Qt.Key.Key_Return)
    assert stored_attributes(project) == [
        ("یک میلیارد دلار", "value", {"kind": "amount", "value": "12000000", "unit": "IRT"})
    ]
    assert line.text() == "12000000 IRT" and focused() is line  # shown as stored, the keyboard stays
    press(qtbot, window, Qt.Key.Key_Escape)
    assert focused() is window.view
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # one undo step takes the value back to the one read
    assert stored_attributes(project) == [
        ("یک میلیارد دلار", "value", {"kind": "amount", "value": "1000000000", "unit": "USD"})
    ]
    qtbot.waitUntil(lambda: line.text() == "1000000000 USD")


def test_labelling_five_percent_as_a_figure_stores_its_value_and_undo_takes_both(documents_project, open_window, qtbot):
    project = documents_project("۵ درصد کاهش تورم را بانک گزارش داد.")  # at the start: a clear edge
    window = open_window(project)
    label(qtbot, window, "۵ درصد", Qt.Key.Key_5)
    assert stored_attributes(project) == [("۵ درصد", "value", {"kind": "amount", "value": "0.05", "unit": "percent"})]
    assert window.details_panel.editors[0].line.text() == "5%"  # shown in the panel, editable there
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # one step: the span and its value
    assert stored_attributes(project) == [] and rows(project, "SELECT count(*) FROM spans") == [(0,)]


def test_a_wrong_value_is_refused_with_a_message_and_nothing_is_stored(window, project, qtbot):
    label(qtbot, window, "آبان", Qt.Key.Key_6)  # digits at a drag's edge are ambiguous
    press(qtbot, window, Qt.Key.Key_A)
    line = focused()
    type_text(qtbot, line, "فردا")
    press(qtbot, window, Qt.Key.Key_Return)
    assert "«فردا» is not a date" in window.details_panel.error.text()
    assert stored_attributes(project) == []
    qtbot.keyClick(line, Qt.Key.Key_A, CTRL)
    type_text(qtbot, line, "1404/08/21")
    press(qtbot, window, Qt.Key.Key_Return)
    [(_, name, value)] = stored_attributes(project)
    assert name == "iso" and value["iso"] == "2025-11-12" and value["calendar"] == "solar_hijri"
    assert window.details_panel.error.text() == "" and window.details_panel.editors[0].hint.text() == "= 2025-11-12"


def test_keys_typed_in_a_choice_are_the_fields_not_the_windows(window, project, qtbot):
    label(qtbot, window, "قرارداد", Qt.Key.Key_7)
    press(qtbot, window, Qt.Key.Key_A)
    combo = focused()
    assert isinstance(combo, QComboBox) and combo.objectName() == "attribute_status"
    press(qtbot, window, Qt.Key.Key_Down)  # the first choice, stored at once
    assert stored_attributes(project) == [("قرارداد", "status", "proposed")]
    press(qtbot, window, Qt.Key.Key_1)  # a label's hotkey elsewhere: here it must not relabel the span
    assert rows(project, "SELECT label FROM spans") == [("agreement",)]


def test_a_new_entity_from_a_span_is_proposed_for_the_same_name_in_another_document(window, project, qtbot):
    label(qtbot, window, "جهانگیری", Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)  # a new entity from the span
    assert stored_links(project) == [("جهانگیری", "جهانگیری")]
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    label(qtbot, window, "جهانگيري", Qt.Key.Key_1)
    panel = window.details_panel
    assert panel.link.suggestion.text() == "Suggested: جهانگیری" and panel.link.entity.text() == "No entity linked"
    press(qtbot, window, Qt.Key.Key_K)  # confirm the proposal with one key
    assert stored_links(project) == [("جهانگیری", "جهانگیری"), ("جهانگيري", "جهانگیری")]
    assert panel.link.entity.text() == "Entity: جهانگیری"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored_links(project) == [("جهانگیری", "جهانگیری")]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the second span
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # the entity and its first link were one step
    assert stored_links(project) == [] and rows(project, "SELECT name FROM entities") == []
    assert rows(project, "SELECT count(*) FROM spans") == [(1,)]


def test_the_panel_speaks_persian_right_to_left(project, open_app, qtbot):
    window = open_app(project, "fa").window
    ready(qtbot, window)
    label(qtbot, window, "یک میلیارد دلار", Qt.Key.Key_5)
    panel = window.details_panel
    assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.link.entity.text() == "به موجودیتی پیوند نخورده"
    press(qtbot, window, Qt.Key.Key_A)
    type_text(qtbot, focused(), "۵٪")
    press(qtbot, window, Qt.Key.Key_Return)
    assert stored_attributes(project)[0][2] == {"kind": "amount", "value": "0.05", "unit": "percent"}
    assert panel.editors[0].line.text() == "۵%"  # Persian digits in the Persian window


@pytest.fixture
def typed_fields_project(documents_project):
    """The first document, with three more fields on officials: a number, a yes/no, an entity."""
    from desktop.core.attributes import AttributeField
    from desktop.workspace import Workspace
    from desktop.workspace.relations import Entities, RelationSchemeEditor

    path = documents_project(ONE)
    with Workspace.open(path, "sara") as workspace:
        editor = RelationSchemeEditor(workspace)
        for name, kind in (("age", "number"), ("in_office", "boolean"), ("party", "entity")):
            editor.save_field(AttributeField("official", name, kind, name_en=name.replace("_", " ")))
        Entities(workspace).create("اعتدال و توسعه", "organisation")
    return path


def test_a_number_a_yes_or_no_and_an_entity_field_are_stored_by_keys_alone(typed_fields_project, open_window, qtbot):
    project = typed_fields_project
    window = open_window(project)
    label(qtbot, window, "اسحاق جهانگیری", Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_A)
    type_text(qtbot, focused(), "۶۷")  # Persian digits
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Space)  # the box: yes
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Down)  # the registry's first entity
    [(eid,)] = rows(project, "SELECT id FROM entities")
    assert stored_attributes(project) == [
        ("اسحاق جهانگیری", "age", 67),
        ("اسحاق جهانگیری", "in_office", True),
        ("اسحاق جهانگیری", "party", eid),
    ]
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # each field was its own step: the last one goes
    assert [name for _, name, _ in stored_attributes(project)] == ["age", "in_office"]

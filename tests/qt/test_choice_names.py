"""Choice attributes by their display names: the span details panel's choice list shows the
names of the UI's language and stores the key; the scheme editor's line `key=فارسی=English`
is stored with the names and shown back the same way. Judged by what the widgets show and the
project file's rows."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from qt.test_journeys_relation_scheme import click, in_editor_then_close, page

from desktop import i18n
from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import Choice
from desktop.core.model import Label
from desktop.qt.attribute_editors import ChoiceEditor
from desktop.qt.relation_scheme_forms import AttributeFieldForm

from journey import press, select_text, type_text
from journey import stored_rows as rows

pytestmark = pytest.mark.gui

CHOICES = ({"key": "proposed", "fa": "پیشنهادی", "en": "Proposed"}, "draft", {"key": "signed", "fa": "امضاشده"})
STATUS = AttributeField("agreement", "status", AttributeKind.CHOICE, CHOICES)  # type: ignore[arg-type]
TEXT = "وزیر گفت قرارداد گاز با ترکیه هفته پیش امضا شد."


def items(combo: QComboBox) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


@pytest.mark.parametrize(
    "language, shown",
    [
        ("fa", [("—", None), ("پیشنهادی", "proposed"), ("draft", "draft"), ("امضاشده", "signed")]),
        ("en", [("—", None), ("Proposed", "proposed"), ("draft", "draft"), ("signed", "signed")]),  # no name: the key
    ],
)
def test_the_choice_list_shows_names_in_the_ui_language_and_gives_the_key(qtbot, language, shown):
    i18n.set_language(language)
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        editor = ChoiceEditor(STATUS, [], parent)
    finally:
        i18n.set_language("en")
    assert items(editor.combo) == shown  # a choice without names shows its key
    editor.show_value("signed")
    assert editor.combo.currentText() == shown[3][0] and not editor.changed()
    editor.combo.setCurrentIndex(1)
    assert editor.changed() and editor.value() == "proposed"


def stored_status(path) -> list[tuple[str, object]]:
    found = rows(path, "SELECT a.name, a.value FROM span_attributes a")
    return [(name, json.loads(value)) for name, value in found]


def test_in_the_persian_window_a_status_is_chosen_by_its_persian_name_and_stored_by_key(
    documents_project, open_window, qtbot
):
    project = documents_project(TEXT)
    window = open_window(project, "fa")
    select_text(qtbot, window, "قرارداد")
    press(qtbot, window, Qt.Key.Key_7)  # agreement
    press(qtbot, window, Qt.Key.Key_A)  # the keyboard goes to the span's details
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox) and combo.objectName() == "attribute_status"
    assert combo.itemText(3) == "امضاشده"
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Down)
    assert combo.currentText() == "امضاشده"
    assert stored_status(project)[-1] == ("status", "signed")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view


def test_the_field_form_shows_names_as_typed_and_reads_them_back(qtbot):
    submitted: list[AttributeField] = []
    labels = [Label("agreement", "توافق", "Agreement", "#123456")]
    form = AttributeFieldForm(submitted.append, labels, STATUS)
    qtbot.addWidget(form)
    assert form.choices_edit.text() == "proposed=پیشنهادی=Proposed، draft، signed=امضاشده"
    form.choices_edit.setText("proposed=پیشنهادی=Proposed، draft=پیش‌نویس=Draft، signed=امضاشده")
    click(qtbot, form.ok_button)
    [field] = submitted
    assert field.choices[1] == Choice("draft", "پیش‌نویس", "Draft")
    again = AttributeFieldForm(submitted.append, labels, field)
    qtbot.addWidget(again)
    assert again.choices_edit.text() == "proposed=پیشنهادی=Proposed، draft=پیش‌نویس=Draft، signed=امضاشده"
    again.choices_edit.setText("a=b=c=d")
    click(qtbot, again.ok_button)
    assert "should be written key=Persian name=English name" in again.error.text() and len(submitted) == 1


def test_choices_typed_in_the_scheme_editor_are_stored_with_their_names(documents_project, open_window, qtbot):
    project = documents_project(TEXT)
    window = open_window(project)

    def add(dialog) -> None:
        click(qtbot, page(qtbot, dialog, 2).buttons["add"])

    def form(form) -> None:
        form.label_box.setFocus()
        while form.label_box.currentData() != "agreement":
            qtbot.keyClick(form.label_box, Qt.Key.Key_Down)
        form.name_edit.setFocus()
        type_text(qtbot, form.name_edit, "kind")
        form.kind_box.setFocus()
        qtbot.keyClick(form.kind_box, Qt.Key.Key_Down)  # Text → Choice
        assert form.kind_box.currentData() == "choice"
        form.choices_edit.setFocus()
        type_text(qtbot, form.choices_edit, "gas=گاز=Gas، oil=نفت=Oil، other")
        click(qtbot, form.ok_button)

    def close(dialog) -> None:
        table = page(qtbot, dialog, 2)
        shown = [table.table.item(r, 3).text() for r in range(table.table.rowCount())]
        assert "gas=گاز=Gas، oil=نفت=Oil، other" in shown
        click(qtbot, dialog.close_button)

    in_editor_then_close(qtbot, window, [add, form], close)
    [(choices,)] = rows(project, "SELECT choices FROM attribute_fields WHERE name = 'kind'")
    assert json.loads(choices) == [{"key": "gas", "fa": "گاز", "en": "Gas"}, {"key": "oil", "fa": "نفت", "en": "Oil"},
                                   "other"]  # fmt: skip

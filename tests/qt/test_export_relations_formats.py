"""brat and the relation table in the window's export dialog: listed (the table's name
translated), and a brat export writes a folder of .txt/.ann files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.i18n import set_language
from desktop.qt.export_dialog import ExportDialog
from desktop.workspace.relations import Relations

from helpers import TEXT, add_document

pytestmark = pytest.mark.gui


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def test_brat_exports_a_folder_with_the_relation(workspace, tmp_path, qtbot):
    doc = add_document(workspace)
    official = workspace.add_span(doc, *at("علی جهانگیری"), "official").id
    title = workspace.add_span(doc, *at("معاون استاندار"), "title").id
    Relations(workspace).add(official, title, "holds")
    dialog = ExportDialog(workspace)
    qtbot.addWidget(dialog)
    assert dialog.format.findData("rel-table") >= 0
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    assert dialog.output.text().endswith("-brat")  # a folder, not a file with an extension
    out = tmp_path / "collection"
    dialog.output.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (out / "annotation.conf").exists() and dialog.export_button.isEnabled(), timeout=20000)
    [ann] = list(out.glob("*.ann"))
    assert "holds Arg1:T1 Arg2:T2" in ann.read_text(encoding="utf-8")


def test_the_relation_tables_name_is_persian_in_the_persian_window(workspace, qtbot):
    set_language("fa")
    try:
        dialog = ExportDialog(workspace)
        qtbot.addWidget(dialog)
        assert dialog.format.itemText(dialog.format.findData("rel-table")) == "جدول رابطه‌ها (JSONL)"
    finally:
        set_language("en")

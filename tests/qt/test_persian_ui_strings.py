"""Every string the Persian window shows is Persian: found by walking the widgets
(menus, actions, tooltips, labels, buttons, headers, cells, chips, dialogs,
message boxes, the status bar), not by a list of translation keys.

A string fails when it has a Latin word that is not a key name, a product or
format name, or data the analyst brought (file and annotator names), or when it
mixes Latin digits into Persian text.
"""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QAbstractProxyModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileSystemModel,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from journey import press, select_text

pytestmark = pytest.mark.gui

TEXT = "😀 علی جهانگیری، معاون اول، به باکو رفت. در باکو با وزیر دیدار کرد و ۲۵ درصد گفت."
DATA = {"one.txt", "two.txt", "sara", "project.barchasb"}  # what the analyst named
ALLOWED = {
    "Ctrl",
    "Shift",
    "Alt",
    "Tab",
    "Enter",
    "Return",
    "Esc",
    "Escape",
    "Del",
    "Delete",
    "Backspace",
    "PgUp",
    "PgDown",
    "PgDn",
    "Up",
    "Down",
    "Left",
    "Right",
    "Space",
    "Home",
    "End",
    "English",
    "JSONL",
    "jsonl",
    "CoNLL",
    "conll",
    "BIO",
    "BIOES",
    "IOB",
    "doccano",
    "brat",  # a tool's name, like doccano (its files are .ann)
    "ann",
    "Label",
    "Studio",
    "spaCy",
    "spacy",
    "Prodigy",
    "Hugging",
    "Face",
    "hf",
    "datasets",
    "CRF",
    "ZWNJ",
    "UTF",
    "Qt",
    "PySide",
    "txt",
    "json",
    "tsv",
    "barchasb",
    "Barchasb",
    "SQLite",
    "PostgreSQL",
    "Krippendorff",
    "kappa",
    "F1",
    "F3",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
PERSIAN = re.compile(r"[\u0600-\u06ff]")


def offending(text: str, data: tuple[str, ...] = ()) -> str | None:
    """The part of `text` a Persian user should not see, or None."""
    if text.startswith("<"):  # a rich-text tooltip (see desktop.qt.plain.tooltip): what it renders
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = text.replace("&", "")
    for name in sorted({*DATA, *data}, key=len, reverse=True):
        text = text.replace(name, "")
    text = re.sub("\u2068[^\u2069]*\u2069", "", text)  # isolated on purpose: a name, a key, literal data
    text = re.sub(r"#[0-9a-fA-F]{6}\b", "", text)  # a colour code
    stripped = re.sub(r"(?:(?:Ctrl|Shift|Alt|Meta)\+)+[^\s,،)]+|\bF\d+\b|UTF-\d+", "", text)
    for word in LATIN_WORD.findall(stripped):
        if word not in ALLOWED and not re.fullmatch(r"[A-Z]", word):  # a key: Y, X, S, N
            return word
    if PERSIAN.search(stripped) and re.search(r"[0-9]", stripped):
        return "Latin digits in Persian text"
    return None


def shown_strings(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything `widget` and its children show."""
    found: list[tuple[str, str]] = []

    def add(where: str, text) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    for w in [widget, *widget.findChildren(QWidget)]:
        name = type(w).__name__
        if w.objectName() == "sidebar":  # a file dialog's places: the disk's names
            continue
        if not w.isVisibleTo(widget) and w is not widget and not isinstance(w, QMenu):
            continue
        add(f"{name}.windowTitle", w.windowTitle() if w.isWindow() else "")
        add(f"{name}.toolTip", w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            add(f"{name}.text", w.text())
        if isinstance(w, QLineEdit):
            add(f"{name}.placeholder", w.placeholderText())
        if isinstance(w, QGroupBox):
            add(f"{name}.title", w.title())
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{name}.item", "" if w.itemText(i).startswith("/") else w.itemText(i))  # a folder
        if isinstance(w, QMenu):
            add(f"{name}.title", w.title())
        for action in w.actions():
            add(f"{name}.action", action.text())
            add(f"{name}.action.toolTip", action.toolTip() if action.toolTip() != action.text() else "")
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            found += _model_strings(name, w.model(), cells=not _lists_files(w.model()))
    return found


def _lists_files(model) -> bool:
    """A file dialog's listing: its cells are the disk's names, not ours."""
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return isinstance(model, QFileSystemModel)


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def _model_strings(name: str, model, cells: bool = True) -> list[tuple[str, str]]:
    found = []
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = _columns(model, QModelIndex()) if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                found.append((f"{name}.header", value))

    def walk(parent: QModelIndex, depth: int = 0) -> None:
        for row in range(min(model.rowCount(parent), 50)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        found.append((f"{name}.cell", value))
                if column == 0 and depth < 3:
                    walk(index, depth + 1)

    if cells:
        walk(QModelIndex())
    return found


def assert_persian(strings: list[tuple[str, str]], data: tuple[str, ...] = ()) -> None:
    bad = sorted({(where, text, why) for where, text in strings if (why := offending(text, data))})
    assert not bad, "English in the Persian UI:\n" + "\n".join(f"{w}: {t!r} ({why})" for w, t, why in bad)


@pytest.fixture
def persian_window(documents_project, open_window):
    return open_window(documents_project(TEXT, "سند دوم درباره باکو است."), language="fa")


def test_the_offending_rule_itself():
    assert offending("واگرد: Add title") == "Add"
    assert offending("گام ۳ از 5") == "Latin digits in Persian text"
    assert offending("یافتن (Ctrl+F)") is None
    assert offending("one.txt: ۳ سند") is None
    assert offending("English") is None


def test_the_persian_main_window_after_an_everyday_loop_shows_only_persian(persian_window, qtbot):
    window = persian_window
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)  # a label, a propagated suggestion, an undo text
    qtbot.waitUntil(lambda: any(window.view.mark(-i) for i in range(1, 20)))  # a suggestion shows
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.span_panel.model.rowCount() == 1)
    strings = shown_strings(window)
    strings += [("status", window.statusBar().currentMessage())]
    strings += [
        ("chip", window.view.mark(i).caption)
        for i in [*window.editor.spans, *(-s for s in window.suggestions.items)]
        if window.view.mark(i) is not None
    ]
    assert any("واگرد" in text for _, text in strings)  # the walk does see the menus
    assert any(where == "chip" and "·" in text for where, text in strings)  # and a suggestion chip
    assert_persian(strings, (str(window.bridge.workspace.path),))


DIALOG_ACTIONS = [
    "export",
    "import_files",
    "label_all",
    "note_span",
    "gazetteers",
    "agreement",
    "keyboard_shortcuts",
    "about",
    "edit_labels",
    "switch_annotator",
    "open_project",
    "new_project",
    "merge",
]


@pytest.mark.parametrize("action", DIALOG_ACTIONS)
def test_every_dialog_of_the_persian_window_is_persian(persian_window, qtbot, action):
    window = persian_window
    if action not in window.actions_by_id:
        pytest.skip(f"no action {action} in this build")
    select_text(qtbot, window, "باکو")
    press(qtbot, window, Qt.Key.Key_4)  # a chosen span, for the span dialogs
    seen: list[tuple[str, str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()), None
        )
        if dialog is None:
            QTimer.singleShot(50, look)
            return
        try:
            seen.extend(shown_strings(dialog))
            seen.append(("dialog", dialog.windowTitle() or "<untitled>"))
        finally:  # a failing look must not leave the dialog's event loop running
            dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    QTimer.singleShot(50, look)
    window.actions_by_id[action].trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    labels = window.bridge.workspace.labels().values()  # the scheme editor shows keys and English names too
    names = (*(label.key for label in labels), *(label.name_en for label in labels))
    assert_persian(seen, (str(window.bridge.workspace.path), str(window.bridge.workspace.path.parent), *names))


def test_the_persian_export_dialog_lists_the_spans_that_do_not_fit_in_persian(project_path, tmp_path, qtbot):
    from desktop import i18n
    from desktop.qt.export_dialog import ExportDialog
    from desktop.workspace import Workspace

    from helpers import add_document

    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    doc = add_document(ws, "علی جهانگیری به باکو رفت و ۵۰ درصد رشد داشت.", "one.txt")
    ws.add_span(doc, 0, 12, "official")
    ws.add_span(doc, 0, 3, "title")  # overlaps the official
    ws.add_span(doc, 16, 18, "event")  # half a token
    i18n.set_language("fa")
    try:
        dialog = ExportDialog(ws)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("conll"))
        dialog.output.setText(str(tmp_path / "out.conll"))
        dialog.start()
        qtbot.waitUntil(lambda: not dialog.problems.isHidden(), timeout=20000)
        lines = dialog.problems.toPlainText().splitlines()
    finally:
        i18n.set_language("en")
        ws.close()
    assert len(lines) == 2
    assert any("هم‌پوشانی" in line and "\u2068official\u2069" in line for line in lines)  # the overlap, from data
    assert any("مرز واژه‌ها" in line and "۱۶ تا ۱۸" in line for line in lines)  # offsets in Persian digits
    assert all("\u2068one.txt\u2069" in line and "\u2068sara\u2069" in line for line in lines)
    assert_persian([("export problems", line) for line in lines])

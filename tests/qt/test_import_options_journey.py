"""Journey: File → Import… asks what `barchasb import` asks (normalise Persian text,
make digits Persian), keeps digits by default, and remembers the choice for the
session. Driven with keys and the mouse; judged by the text stored in the project."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.workspace import Workspace

from journey import import_with_options, ready

pytestmark = pytest.mark.gui

RAW = "تاريخ 2025-11-12 ساعت 14:30 تلفن +98-21-1234 و COVID-19"
KEPT = "تاریخ 2025-11-12 ساعت 14:30 تلفن +98-21-1234 و COVID-19"  # only the yeh changes
UNIFIED = "تاریخ ۲۰۲۵-۱۱-۱۲ ساعت ۱۴:۳۰ تلفن +۹۸-۲۱-۱۲۳۴ و COVID-19"


def stored_texts(project) -> list[str]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT text FROM documents ORDER BY id")]
    finally:
        conn.close()


def article(tmp_path, name: str, text: str = RAW):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def tick(qtbot, box) -> None:
    # On the indicator: at the check box's left edge in an English (LTR) window.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def import_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def import_with(qtbot, window, monkeypatch, path, act) -> list:
    """Ctrl+I on `path`, `act(dialog)` on the import options; what the dialog showed on opening."""

    def look(dialog) -> tuple[bool, bool, bool]:
        return dialog.normalize_box.isChecked(), dialog.unify_box.isChecked(), dialog.unify_box.isEnabled()

    return import_with_options(qtbot, window, monkeypatch, path, act, look)


@pytest.fixture
def app(empty_app):
    return empty_app


def test_import_keeps_digits_by_default(app, tmp_path, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    buttons: list = []

    def accept(dialog):
        buttons.extend(b.text() for b in dialog.buttons.buttons())
        click(qtbot, import_button(dialog))

    shown = import_with(qtbot, window, monkeypatch, article(tmp_path, "a.txt"), accept)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 1, timeout=20000)
    assert shown == [(True, False, True)]  # normalise on, unify off (the project's default)
    assert sorted(buttons) == ["Cancel", "Import"]  # ours, translated
    assert stored_texts(project) == [KEPT]


def test_unifying_digits_is_chosen_with_the_mouse_and_remembered(app, tmp_path, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path

    def unify(dialog):
        tick(qtbot, dialog.unify_box)
        assert dialog.unify_box.isChecked()
        click(qtbot, import_button(dialog))

    import_with(qtbot, window, monkeypatch, article(tmp_path, "a.txt"), unify)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 1, timeout=20000)
    assert stored_texts(project) == [UNIFIED]
    # The next import in this session starts from that choice; Enter accepts it.
    ready(qtbot, window)
    shown = import_with(
        qtbot,
        window,
        monkeypatch,
        article(tmp_path, "b.txt", RAW + " دوم"),
        lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Return),
    )
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 2, timeout=20000)
    assert shown == [(True, True, True)]
    assert stored_texts(project) == [UNIFIED, UNIFIED + " دوم"]


def test_without_normalising_the_text_is_verbatim_and_digits_cannot_be_unified(app, tmp_path, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path

    def verbatim(dialog):
        tick(qtbot, dialog.normalize_box)
        assert not dialog.unify_box.isEnabled()
        click(qtbot, import_button(dialog))

    import_with(qtbot, window, monkeypatch, article(tmp_path, "a.txt"), verbatim)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 1, timeout=20000)
    assert stored_texts(project) == [RAW + "\n"]


def test_cancel_imports_nothing(app, tmp_path, monkeypatch, qtbot):
    window, project = app.window, app.workspace.path
    import_with(
        qtbot, window, monkeypatch, article(tmp_path, "a.txt"), lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    )
    qtbot.wait(300)
    assert stored_texts(project) == [] and window.documents.model.rowCount() == 0


def test_a_project_that_unifies_digits_starts_the_dialog_with_it(project_path, open_app, tmp_path, monkeypatch, qtbot):
    Workspace.create(project_path, unify_digits=True).close()
    application = open_app(project_path)
    ready(qtbot, application.window)
    shown = import_with(
        qtbot,
        application.window,
        monkeypatch,
        article(tmp_path, "a.txt"),
        lambda dialog: click(qtbot, import_button(dialog)),
    )
    qtbot.waitUntil(lambda: application.window.documents.model.rowCount() == 1, timeout=20000)
    assert shown == [(True, True, True)]
    assert stored_texts(project_path) == [UNIFIED]


def test_our_own_import_is_not_reported_as_a_change_made_elsewhere(app, tmp_path, monkeypatch, qtbot):
    window = app.window
    import_with(
        qtbot, window, monkeypatch, article(tmp_path, "a.txt"), lambda dialog: click(qtbot, import_button(dialog))
    )
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 1, timeout=20000)
    assert window.statusBar().currentMessage() == "1 documents imported, 0 already present, 0 skipped"
    qtbot.wait(2 * 1500)  # two looks of the watch for other writers
    assert "elsewhere" not in window.statusBar().currentMessage()
    # A real change made elsewhere is still reported.
    other = Workspace.open(app.workspace.path, "omid")
    other.set_status(1, "done")
    other.close()
    qtbot.waitUntil(lambda: "elsewhere" in window.statusBar().currentMessage(), timeout=5000)

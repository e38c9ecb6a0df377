"""Drive the real main window as an analyst does: mouse and keys only, judged
by what the project file holds and what the window shows.

Positions are found the way an eye finds them (where a character is drawn),
then clicked; nothing here calls the editor or the workspace.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


def _u16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def caret_point(view, cp: int) -> QPoint:
    """Viewport point of the caret before code point `cp`, mid-line (scrolled into view)."""
    view.viewport().repaint()  # lines are spaced out for chips as they are painted ...
    QApplication.processEvents()  # ... and moved in the event after: measure what is shown
    cursor = QTextCursor(view.document())
    cursor.setPosition(_u16(view.text(), cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.center().x(), rect.center().y())


def _scroll_to(view, qtbot: QtBot, cp: int) -> None:
    """Scroll with the keyboard's PageDown/PageUp until `cp` is on screen (as a reader would)."""
    for _ in range(200):
        y = caret_point(view, cp).y()
        if 0 <= y < view.viewport().height():
            return
        qtbot.keyClick(view.viewport(), Qt.Key.Key_PageDown if y >= 0 else Qt.Key.Key_PageUp)
    raise AssertionError(f"could not scroll code point {cp} into view")


def _inward(view, edge: int, towards: int) -> QPoint:
    """The caret point of boundary `edge`, moved a pixel into the character towards
    boundary `towards`: exactly on a boundary a narrow glyph (و) can round either way."""
    point, other = caret_point(view, edge), caret_point(view, towards)
    step = (other.x() > point.x()) - (other.x() < point.x()) if other.y() == point.y() else 0
    return QPoint(point.x() + step, point.y())


def drag_select(qtbot: QtBot, view, start: int, end: int) -> None:
    """Press at the boundary before `start`, drag to the one before `end`, release."""
    _scroll_to(view, qtbot, start)
    a, b = _inward(view, start, start + 1), _inward(view, end, end - 1)
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    qtbot.mouseMove(port, b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def select_text(qtbot: QtBot, window, words: str, occurrence: int = 0) -> tuple[int, int]:
    """Drag over the `occurrence`-th appearance of `words` in the shown text; its range."""
    text = window.view.text()
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    end = start + len(words)
    drag_select(qtbot, window.view, start, end)
    return start, end


def click_text(qtbot: QtBot, window, cp: int) -> None:
    """Click on the character at code point `cp` (the middle of its glyph)."""
    view = window.view
    _scroll_to(view, qtbot, cp)
    a, b = caret_point(view, cp), caret_point(view, cp + 1)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint((a.x() + b.x()) // 2, a.y())
    )


def press(qtbot: QtBot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is (the window's shortcuts answer it)."""
    qtbot.keyClick(QApplication.focusWidget() or window.view, key, modifiers)


def type_text(qtbot: QtBot, widget, text: str) -> None:
    """Type `text` into `widget` key by key; Persian too (QTest's keyClicks knows only ASCII)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:  # a key the layout produces with this text, as a Persian keyboard does
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def stored_rows(path: Path, sql: str) -> list[tuple]:
    """What `sql` reads from the project file, opened read-only (the judge of a journey)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def stored_spans(path: Path) -> list[tuple[str, int, int, str, str]]:
    """Every span in the project file: (document name, start, end, label, annotator)."""
    return stored_rows(
        path,
        'SELECT d.name, s.start, s."end", s.label, a.name FROM spans s '
        "JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id "
        'ORDER BY d.name, s.start, s."end", s.label',
    )


def shown_spans(window) -> list[tuple[int, int, str]]:
    """What the view draws for the open document: (start, end, caption), in reading order."""
    view = window.view
    marks = [view.mark(i) for i in window.editor.spans]
    return sorted((m.start, m.end, m.caption) for m in marks if m is not None)


def ready(qtbot: QtBot, window) -> None:
    """The window on screen, active, the text focused: where an analyst starts."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)


def choose_menu(qtbot: QtBot, window, *path: str) -> None:
    """Click through the menu bar: `choose_menu(qtbot, window, "View", "English")`
    (texts as shown, so Persian in a Persian window). Submenus are hovered."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "") == path[0])
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible)
    for step in path[1:]:
        action = next(a for a in menu.actions() if a.text().replace("&", "") == step)
        point = menu.actionGeometry(action).center()
        if action.menu() is not None:
            qtbot.mouseMove(menu, point)
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
            menu = action.menu()
            qtbot.waitUntil(menu.isVisible)
        else:
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def on_modal(qtbot: QtBot, act, seconds: float = 10.0, wanted=lambda dialog: True) -> list:
    """Run `act(dialog)` on the next modal dialog that is `wanted`, once it is up (inside
    its exec()); a failing `act` rejects the dialog so the test fails instead of hanging."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    handled: list = []
    deadline = time.monotonic() + seconds

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or not wanted(dialog):
            if time.monotonic() < deadline:
                QTimer.singleShot(20, poll)
            return
        handled.append(dialog)
        try:
            act(dialog)
        except BaseException:
            if isinstance(dialog, QDialog):
                dialog.reject()
            raise

    QTimer.singleShot(0, poll)
    return handled


def double_click_text(qtbot: QtBot, window, cp: int) -> None:
    """Double-click the character at code point `cp`: Qt selects its word (also a
    Latin word or a number inside right-to-left text, where a drag's edge is ambiguous)."""
    view = window.view
    _scroll_to(view, qtbot, cp)
    a, b = caret_point(view, cp), caret_point(view, cp + 1)
    point = QPoint((a.x() + b.x()) // 2, a.y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def back_from_dialog(qtbot: QtBot, window) -> None:
    """What the window manager does when a modal dialog closes: it activates the dialog's
    parent window, and Qt gives the keyboard back to the widget that had it there (checked
    under Xvfb with openbox). The offscreen platform leaves the closed dialog active."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.focusWidget())


def on_type_chooser(qtbot: QtBot, key: str | None) -> list[list[str]]:
    """Press `key` (a type's hotkey; None: Escape) in the type chooser once it pops up;
    returns [the texts it listed] when it did."""
    seen: list[list[str]] = []
    deadline = time.monotonic() + 10

    def poll() -> None:
        from desktop.qt.relation_chooser import TypeChooser

        menu = QApplication.activePopupWidget()
        if not isinstance(menu, TypeChooser) or not menu.isVisible():
            if time.monotonic() < deadline:
                QTimer.singleShot(20, poll)
            return
        seen.append([a.text() for a in menu.actions()])
        if key is None:
            qtbot.keyClick(menu, Qt.Key.Key_Escape)
        else:
            qtbot.keyClick(menu, key.lower())

    QTimer.singleShot(0, poll)
    return seen


def open_review(qtbot: QtBot, app) -> object:
    """Ctrl+R from the main window, then the review window active with its text focused."""
    ready(qtbot, app.window)
    press(qtbot, app.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = app.window.review_window
    qtbot.addWidget(review)
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    review.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is review.view)
    return review


def import_with_options(qtbot: QtBot, window, monkeypatch, path, act, look=lambda dialog: None) -> list:
    """File → Import… (Ctrl+I) of `path`, the file chooser answering with it; on the import
    options dialog, once it is up, `look(dialog)` is kept and then `act(dialog)` runs. Returns
    what `look` saw (a list: empty until the dialog opened)."""
    from desktop.qt import project_dialogs
    from desktop.qt.import_dialog import ImportOptionsDialog

    monkeypatch.setattr(project_dialogs, "choose_files", lambda *args, **kwargs: [str(path)])
    seen: list = []

    def on_dialog(dialog) -> None:
        seen.append(look(dialog))
        act(dialog)

    on_modal(qtbot, on_dialog, wanted=lambda dialog: isinstance(dialog, ImportOptionsDialog))
    press(qtbot, window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    return seen

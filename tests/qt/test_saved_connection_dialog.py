"""File → Open server project… takes `@NAME`, a saved connection (desktop/connections.py), as the
command line does: typed into the dialog, it opens the URL saved under that name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from desktop.cli import main
from desktop.qt.server_dialogs import ServerDialog
from desktop.settings import Settings

from journey import choose_menu, on_modal, ready, type_text

pytestmark = [pytest.mark.gui, pytest.mark.postgres]


def test_open_server_project_takes_a_saved_name(postgres_url, documents_project, open_app, qtbot):
    assert main(["init", postgres_url]) == 0
    assert main(["connection", "add", "news", postgres_url]) == 0
    app = open_app(documents_project("سند یکم درباره تهران است."))
    ready(qtbot, app.window)
    enabled: list[tuple[str, bool]] = []

    def act(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        type_text(qtbot, edit, "@nosuch")
        enabled.append(("@nosuch", ok.isEnabled()))
        edit.clear()
        type_text(qtbot, edit, "@news")
        enabled.append(("@news", ok.isEnabled()))
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    asked = on_modal(qtbot, act, wanted=lambda d: isinstance(d, ServerDialog))
    choose_menu(qtbot, app.window, "File", "Open server project…")
    assert asked and enabled == [("@nosuch", False), ("@news", True)]
    assert Settings().get("last_project") == postgres_url
    assert app.window.bridge.workspace is app.workspace

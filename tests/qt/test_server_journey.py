"""A team annotator's day on a server project, through the window only: opened with the server dialog
as their own login, a span labelled, the network gone silent (no reset: tests/stallproxy.py) and back.

Judged by the server's rows and by what the window shows; the window must keep answering while it
reconnects (a look that waits on the network runs in a worker: desktop/qt/watch.py).
"""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from desktop.cli import main
from desktop.qt.server_dialogs import PasswordDialog, ServerDialog
from desktop.storage.postgres import connect, watchdog
from desktop.workspace import Workspace

from helpers import add_document
from journey import choose_menu, on_modal, press, ready, select_text, type_text
from stallproxy import StallProxy

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

TEXT = "بانک مرکزی در تهران نرخ را اعلام کرد."


@pytest.fixture
def team_login(postgres_cluster, monkeypatch, tmp_path):
    """A blind team project with one annotator login, reached through a proxy that can go silent."""
    db = postgres_cluster.fresh_database()
    admin = postgres_cluster.url(db)
    with Workspace.create(admin) as workspace:
        add_document(workspace, TEXT)
    login, secret = f"ali_{uuid.uuid4().hex[:6]}", f"Pw-{uuid.uuid4().hex}"
    assert main(["team", "init", admin, "--blind"]) == 0
    monkeypatch.setenv("ALI_PW", secret)
    assert main(["team", "add-user", admin, login, "--role", "annotator", "--password-env", "ALI_PW"]) == 0
    monkeypatch.delenv("ALI_PW")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # nothing for libpq to find: the window asks
    monkeypatch.setattr(watchdog, "PATIENCE_S", 1.0)  # shortened for the test (5 s and 5 s in use)
    monkeypatch.setattr(connect, "CONNECT_TIMEOUT_S", 2)
    proxy = StallProxy(postgres_cluster.port)
    yield f"postgresql://{login}@127.0.0.1:{proxy.port}/{db}", login, secret, admin, proxy
    proxy.close()


def _layer(admin: str, login: str) -> list[tuple[int, int, str]]:
    with psycopg.connect(admin) as conn:
        rows = conn.execute(
            'SELECT s.start, s."end", s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id'
            " WHERE a.name = %s ORDER BY s.start",
            [login],
        )
        return list(rows)


def _type_and_ok(qtbot, text: str):
    def act(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        type_text(qtbot, edit, text)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    return act


class _Ticks:
    """The longest the event loop went without running a 20 ms timer: how long the window froze."""

    def __init__(self, parent) -> None:
        self.last, self.longest = time.monotonic(), 0.0
        self.timer = QTimer(parent, interval=20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest, self.last = max(self.longest, now - self.last), now


def test_a_team_login_labels_through_the_server_dialog_and_outlives_a_silent_network(
    team_login, documents_project, open_app, qtbot
):
    url, login, secret, admin, proxy = team_login
    app = open_app(documents_project("سند یکم درباره تهران است."))
    ready(qtbot, app.window)
    asked = on_modal(qtbot, _type_and_ok(qtbot, url), wanted=lambda d: isinstance(d, ServerDialog))
    typed = on_modal(qtbot, _type_and_ok(qtbot, secret), wanted=lambda d: isinstance(d, PasswordDialog))
    choose_menu(qtbot, app.window, "File", "Open server project…")
    assert asked and typed and app.workspace.annotator.name == login
    window = app.window
    ready(qtbot, window)
    select_text(qtbot, window, "بانک مرکزی")
    press(qtbot, window, Qt.Key.Key_3)  # organisation
    assert window.save_label.text() == "Saved"
    assert _layer(admin, login) == [(0, 10, "organisation")]

    proxy.stall()
    ticks = _Ticks(window)
    qtbot.waitUntil(lambda: window.offline_label.isVisible(), timeout=20_000)
    window.view.select_range(14, 19)
    press(qtbot, window, Qt.Key.Key_4)  # place: the server is away, said at once
    assert window.save_label.text() == "Not saved" and len(window.editor.spans) == 1
    assert ticks.longest < 1.0  # never frozen for a connect timeout (2 s here) nor the watchdog's look

    proxy.resume()
    qtbot.waitUntil(lambda: not window.offline_label.isVisible(), timeout=30_000)
    window.view.select_range(14, 19)
    press(qtbot, window, Qt.Key.Key_4)
    assert window.save_label.text() == "Saved" and len(window.editor.spans) == 2
    assert _layer(admin, login) == [(0, 10, "organisation"), (14, 19, "place")]
    ticks.timer.stop()

"""The window opens and creates server projects: File → Open/New server project…, the URL typed, the password
the server asks for typed into a dialog (no terminal), and Switch annotator… on a team login saying why not."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from desktop.cli import main
from desktop.qt.message_box import MessageBox
from desktop.qt.server_dialogs import PasswordDialog, ServerDialog
from desktop.settings import Settings
from desktop.workspace import Workspace

from journey import choose_menu, on_modal, ready, type_text

pytestmark = [pytest.mark.gui, pytest.mark.postgres]


@pytest.fixture
def team_login(postgres_cluster, monkeypatch, tmp_path):
    """A server project with one annotator login whose password only the test knows: (url, login, password)."""
    db = postgres_cluster.fresh_database()
    admin = postgres_cluster.url(db)
    login, secret = f"ali_{uuid.uuid4().hex[:6]}", f"Pw-{uuid.uuid4().hex}"
    assert main(["init", admin]) == 0
    assert main(["team", "init", admin, "--blind"]) == 0
    monkeypatch.setenv("ALI_PW", secret)
    assert main(["team", "add-user", admin, login, "--role", "annotator", "--password-env", "ALI_PW"]) == 0
    monkeypatch.delenv("ALI_PW")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # nothing for libpq to find: the server asks
    return postgres_cluster.url(db, login, tcp=True), login, secret


def _type_and_ok(qtbot, text: str):
    def act(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        type_text(qtbot, edit, text)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    return act


def _file_window(documents_project, open_app, qtbot):
    app = open_app(documents_project("سند یکم درباره تهران است."))
    ready(qtbot, app.window)
    return app


def test_open_server_project_asks_the_url_then_the_password_in_dialogs(
    team_login, documents_project, open_app, qtbot, tmp_path
):
    url, login, secret = team_login
    app = _file_window(documents_project, open_app, qtbot)
    seen: list = []
    asked = on_modal(qtbot, _type_and_ok(qtbot, url), wanted=lambda d: isinstance(d, ServerDialog))

    def password(dialog) -> None:
        seen.append((dialog.password_edit.echoMode(), dialog.findChild(QLineEdit).text()))
        _type_and_ok(qtbot, secret)(dialog)

    typed = on_modal(qtbot, password, wanted=lambda d: isinstance(d, PasswordDialog))
    over: list[bool] = []  # once the menu's work is done, a later test's box is not this one's
    refused = on_modal(qtbot, lambda box: box.accept(), wanted=lambda d: isinstance(d, MessageBox) and not over)
    choose_menu(qtbot, app.window, "File", "Open server project…")
    over.append(True)
    assert refused == []  # no "cannot connect": the password was asked, not missed
    assert asked and typed and seen == [(QLineEdit.EchoMode.Password, "")]
    assert Settings().get("last_project") == url and app.workspace.annotator.name == login
    assert app.window.isVisible() and app.window.bridge.workspace is app.workspace
    stored = "".join(p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.rglob("*") if p.is_file())
    assert secret not in stored and secret not in repr(Settings().get("recent_projects"))


def test_new_server_project_creates_the_database_and_opens_it(postgres_cluster, documents_project, open_app, qtbot):
    url = postgres_cluster.url(f"new_{uuid.uuid4().hex[:6]}")
    app = _file_window(documents_project, open_app, qtbot)
    asked = on_modal(qtbot, _type_and_ok(qtbot, url), wanted=lambda d: isinstance(d, ServerDialog))
    choose_menu(qtbot, app.window, "File", "New server project…")
    assert asked and Settings().get("last_project") == url
    with Workspace.open(url, "reza") as workspace:
        assert "place" in workspace.labels()


def test_switch_annotator_on_a_team_login_says_why_it_cannot(team_login, open_app, qtbot, monkeypatch):
    url, login, secret = team_login
    monkeypatch.setenv("PGPASSWORD", secret)
    app = open_app(url, language="fa")
    ready(qtbot, app.window)
    said: list[str] = []

    def read(dialog) -> None:  # a message, not a name to type that the login would ignore
        said.append(dialog.text.toPlainText() if isinstance(dialog, MessageBox) else type(dialog).__name__)
        dialog.reject()

    shown = on_modal(qtbot, read)
    choose_menu(qtbot, app.window, "پرونده", "تغییر برچسب‌گذار…")
    assert shown and said == [
        f"در پروژهٔ گروهی با برچسب‌گذارِ نام ورود خود، \u2068{login}\u2069، کار می‌کنید: "
        "برای کار به نام کسی دیگر، پروژه را با نام ورود او باز کنید."
    ]
    assert app.workspace.annotator.name == login

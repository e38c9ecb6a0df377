"""Server projects in the window: the URL of a project on a PostgreSQL server, and the password the
server asks for when there is no terminal to type it on (asked in a dialog, kept in no setting or log)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget

from desktop.connections import saved
from desktop.i18n import isolate, tr
from desktop.qt.dialogs import _Form
from desktop.storage.postgres.url import is_server_url

EXAMPLE = "postgresql://ali@db.example:5432/news"


class ServerDialog(_Form):
    """Asks for a project's postgresql:// URL (or `@NAME`, a saved connection); OK stays disabled until
    the text is one."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("server_url")
        self.url_edit.setPlaceholderText(EXAMPLE)
        prompt = tr(
            "The project's address on the PostgreSQL server, as in {example} (no password in it):",
            example=isolate(EXAMPLE),
        )
        super().__init__(title, prompt, self.url_edit, parent)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.url_edit.textChanged.connect(lambda text: ok.setEnabled(_usable(text.strip())))
        ok.setEnabled(False)

    def url(self) -> str:
        text = self.url_edit.text().strip()
        return saved()[text[1:]] if text.startswith("@") else text


def _usable(text: str) -> bool:
    """A server URL, or the name of a saved connection (desktop/connections.py)."""
    return is_server_url(text) or (text.startswith("@") and text[1:] in saved())


class PasswordDialog(_Form):
    """Asks for the password the server wants; what is typed is never shown nor kept."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("server_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        prompt = tr("Password for {project}:", project=isolate(where))
        super().__init__(tr("Server password"), prompt, self.password_edit, parent)

    def password(self) -> str:
        return self.password_edit.text()


def ask_server_url(parent: QWidget | None, title: str) -> str | None:
    """A server project's URL, or None when the analyst cancels."""
    dialog = ServerDialog(title, parent)
    return dialog.url() if dialog.exec() else None


def ask_password(where: str) -> str | None:
    """The prompt the window installs for the storage layer (`set_password_prompt`): None on Cancel."""
    from PySide6.QtWidgets import QApplication

    dialog = PasswordDialog(where, QApplication.activeWindow())
    try:
        return dialog.password() if dialog.exec() else None
    finally:
        dialog.password_edit.clear()
        dialog.deleteLater()

"""Saved connections: a short name for a server project's URL, kept in the user's settings.

`barchasb connection add team postgresql://sara@db/news` saves it; then `@team` stands for
that URL wherever a PROJECT goes (`gui` included). The `@` keeps the rule plain: a name can
never be mistaken for a file, and a file called `team` stays a file. A password is never
saved (the settings file is plain JSON): libpq takes it from PGPASSWORD, ~/.pgpass or a prompt.
"""

from __future__ import annotations

import re

from desktop.core.errors import ProjectError
from desktop.settings import Settings
from desktop.storage.postgres.url import check_url, is_server_url

PREFIX = "@"
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")


def saved(settings: Settings | None = None) -> dict[str, str]:
    """Every saved connection, name to URL, sorted by name."""
    connections = (settings or Settings()).get("connections")
    return dict(sorted(connections.items()))


def add(name: str, url: str, settings: Settings | None = None) -> None:
    """Save `url` as `name` (replacing a connection of that name); refused: a bad name, not a URL, a password."""
    if not _NAME.fullmatch(name):
        raise ProjectError(f"{name!r}: a connection's name is letters, digits, '_', '.' or '-' (at most 64)")
    if not is_server_url(url):
        raise ProjectError(f"{url}: not a postgresql:// URL (only server projects get a saved name)")
    settings = settings or Settings()
    connections = dict(settings.get("connections"))
    connections[name] = check_url(url)  # refuses a password: it would be kept in plain text
    settings.set("connections", connections)


def remove(name: str, settings: Settings | None = None) -> None:
    """Forget the connection `name`."""
    settings = settings or Settings()
    connections = dict(settings.get("connections"))
    if connections.pop(_bare(name), None) is None:
        raise ProjectError(_unknown(name, connections))
    settings.set("connections", connections)


def resolve(text: str, settings: Settings | None = None) -> str:
    """The URL saved as `@NAME` (or `NAME`); an unknown name is one line naming the known ones."""
    connections = saved(settings)
    url = connections.get(_bare(text))
    if url is None:
        raise ProjectError(_unknown(text, connections))
    return url


def _bare(name: str) -> str:
    return name.removeprefix(PREFIX)


def _unknown(name: str, connections: dict[str, str]) -> str:
    known = ", ".join(PREFIX + n for n in connections) or "none yet"
    return (
        f"no saved connection {PREFIX}{_bare(name)} (saved: {known}); "
        "add one with: barchasb connection add NAME postgresql://..."
    )

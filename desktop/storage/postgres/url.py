"""Where a server project lives: a `postgresql://` URL, checked and shown without secrets.

A password never travels in the URL (it would sit in the shell's history, the
process list, the recent-projects list): libpq takes it from PGPASSWORD or
~/.pgpass, or the user is asked on a terminal. This module imports no driver,
so recognising a URL costs nothing to a command that opens a file.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from desktop.core.errors import ProjectError

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """Whether a project location names a PostgreSQL database rather than a file."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def check_url(url: str) -> str:
    """The URL as given, once it is known to name a database and carry no password."""
    parts = urlsplit(url)
    if parts.password is not None or any(key == "password" for key, _ in parse_qsl(parts.query)):
        raise ProjectError(
            f"{display(url)}: a password does not go in the URL (it would be kept in your shell's history); "
            "set PGPASSWORD or put it in ~/.pgpass, or leave it out to be asked"
        )
    if not parts.path.strip("/") and not _service(url):  # a libpq service names the database itself
        raise ProjectError(
            f"{display(url)}: name the database, as in postgresql://user@host:5432/news "
            "(or a libpq service: postgresql:///?service=news)"
        )
    return url


def display(url: str) -> str:
    """The URL to show to people and to keep in lists: any password replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}"
    query = "&".join(
        f"{key}={'***' if key == 'password' else value}"
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def database_name(url: str) -> str:
    """The database's name (what a window title shows of a server project); for a libpq
    service URL (`postgresql:///?service=team`) the service's name."""
    return urlsplit(url).path.strip("/") or _service(url)


def _service(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query)).get("service", "")

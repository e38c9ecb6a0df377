"""A throw-away PostgreSQL cluster for the tests: one per session, a fresh database per test.

Nothing depends on a server already running: `initdb` makes a cluster in a
temporary folder (as the `postgres` user when we are root: PostgreSQL refuses
to run as root), `pg_ctl` starts it on a Unix socket in that folder and on
127.0.0.1 at a free port, and it is stopped and removed when the session ends.
Without the server binaries the tests that need it are skipped with how to get
them, except in CI (`CI` set), where a missing server is a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL_HINT = (
    "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; "
    "install them to run the server tests: apt-get install -y postgresql"
)
SUPERUSER = "postgres"


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").is_file()]
    versions.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A running throw-away cluster: where it listens, and fresh databases on demand."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="barchasb-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_postgres: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as the postgres user
            if shutil.which("runuser") is None:
                raise RuntimeError("running as root, and no runuser to start PostgreSQL as another user")
            shutil.chown(self.root, "postgres", "postgres")
            self._as_postgres = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        command = [*self._as_postgres, str(self.bin_dir / args[0]), *args[1:]]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")

    def start(self, *, durable: bool = False) -> Cluster:
        """Make and start the cluster; `durable` keeps fsync and synchronous commit on (a benchmark's
        honest latency), where the tests turn them off for speed."""
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C",
            "--auth-local=trust", "--auth-host=scram-sha-256",
        )  # fmt: skip
        options = f"-k {self.root} -p {self.port} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._options = options
        self.start_server()
        return self

    def start_server(self) -> None:
        """Start the server of the made cluster (again, after `stop_server`)."""
        log = str(self.root / "log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", self._options, "-w", "start")

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server (a fault for the tests: every connection is cut), keeping the cluster."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """A server restart during a session: every connection is cut, the data stays."""
        self.stop_server()
        self.start_server()

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER, *, tcp: bool = False) -> str:
        """A URL to a database: over the Unix socket (trusted), or over TCP (with a password)."""
        if tcp:
            return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{user}@/{database}?host={self.root}&port={self.port}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser (CREATE DATABASE, CREATE ROLE ...)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def fresh_database(self, owner: str = SUPERUSER) -> str:
        """A new empty database (UTF8), its name."""
        name = f"t{next(self._names)}"
        self.sql(f"CREATE DATABASE {name} OWNER \"{owner}\" TEMPLATE template0 ENCODING 'UTF8'")
        return name

    def fresh_url(self) -> str:
        return self.url(self.fresh_database())


_running: Cluster | None = None


def running_cluster() -> Cluster:
    """The session's cluster (the `postgres_cluster` fixture started it)."""
    if _running is None:
        raise RuntimeError("ask for the postgres_cluster fixture first")
    return _running


@pytest.fixture(scope="session")
def postgres_cluster():
    """The session's throw-away cluster; skipped without the server (failed in CI)."""
    global _running
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT + " (CI must run these tests)")
        pytest.skip(INSTALL_HINT)
    cluster = Cluster(bin_dir).start()
    _running = cluster
    try:
        yield cluster
    finally:
        _running = None
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """The URL of a fresh, empty database of the session's cluster (as its superuser, over the socket)."""
    return postgres_cluster.fresh_url()

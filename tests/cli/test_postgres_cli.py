"""The command line on a server project: `init`, `import`, `export` by URL, as on a file.

Passwords come from the environment (PGPASSWORD here) and are never kept in
the project, its history or an export; a wrong password, a server that is
down or a password typed into the URL end in one line, never a traceback.
"""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import psycopg
import pytest

from desktop.cli import main
from desktop.storage.tables import TABLES

pytestmark = pytest.mark.postgres

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS.parent / "seeds"
DOCCANO = TESTS / "fixtures" / "doccano-1.8.4-export.jsonl"


def _same_work(project: str, out: Path) -> None:
    """A project made, filled and exported from the command line."""
    assert main(["init", project]) == 0
    assert main(["import", project, str(SEEDS)]) == 0
    assert main(["import", project, str(DOCCANO), "--format", "doccano", "--annotator", "ali"]) == 0
    assert main(["export", project, "-f", "jsonl", "-o", str(out)]) == 0


def test_the_same_work_on_the_server_and_in_a_file_exports_the_same_bytes(postgres_url, tmp_path, capsys):
    _same_work(postgres_url, tmp_path / "server.jsonl")
    _same_work(str(tmp_path / "file.barchasb"), tmp_path / "file.jsonl")
    server, file = (tmp_path / "server.jsonl").read_bytes(), (tmp_path / "file.jsonl").read_bytes()
    assert server == file and server.count(b"\n") > 5
    out = capsys.readouterr().out
    assert f"created {postgres_url} with" in out
    assert main(["stats", postgres_url, "--json"]) == 0
    assert '"documents": ' in capsys.readouterr().out


def _role_with_password(cluster) -> tuple[str, str]:
    """A login role with a password, and a database it owns, reached over TCP (where a password is asked)."""
    role, secret = f"ali_{uuid.uuid4().hex[:8]}", f"Pw-{uuid.uuid4().hex}"
    cluster.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}'")
    return cluster.url(cluster.fresh_database(owner=role), role, tcp=True), secret


def test_a_password_from_the_environment_is_used_and_never_kept(postgres_cluster, tmp_path, monkeypatch, capsys):
    url, secret = _role_with_password(postgres_cluster)
    monkeypatch.setenv("PGPASSWORD", secret)
    _same_work(url, tmp_path / "out.jsonl")
    assert main(["history", url]) == 0
    printed = capsys.readouterr()
    assert secret not in printed.out + printed.err
    assert secret.encode() not in (tmp_path / "out.jsonl").read_bytes()
    with psycopg.connect(url, password=secret) as conn:  # every row of every table the project has
        for table in {t.name for t in TABLES}:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            assert secret not in repr(rows), table
        history = conn.execute("SELECT count(*) FROM history").fetchone()
    assert history is not None and history[0] > 10


def test_a_wrong_password_is_one_line(postgres_cluster, monkeypatch, capsys):
    url, _ = _role_with_password(postgres_cluster)
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    assert main(["stats", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("barchasb: error: ")
    assert "password authentication failed" in err and "not-the-password" not in err


def test_a_server_that_is_down_is_one_line(capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["stats", f"postgresql://sara@127.0.0.1:{port}/news"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot connect to the PostgreSQL server" in err and "Traceback" not in err


def test_a_password_in_the_url_is_refused_and_not_repeated(capsys):
    assert main(["init", "postgresql://sara:hunter2@127.0.0.1:5432/news"]) == 1
    err = capsys.readouterr().err
    assert "PGPASSWORD" in err and "hunter2" not in err and err.count("\n") == 1


def test_init_makes_a_missing_database_and_refuses_a_second_project_there(postgres_cluster, capsys):
    url = postgres_cluster.url(f"made_{uuid.uuid4().hex[:8]}")
    assert main(["init", url]) == 0
    assert main(["init", url]) == 1
    assert "already holds a Barchasb project" in capsys.readouterr().err
    assert main(["stats", url]) == 0


def test_a_database_without_a_project_says_how_to_make_one(postgres_url, capsys):
    assert main(["stats", postgres_url]) == 1
    assert "no Barchasb project there (create one with: barchasb init" in capsys.readouterr().err


def test_a_file_copied_to_the_server_and_back_exports_the_same_bytes(postgres_url, tmp_path):
    """`barchasb copy` through this backend (the command is desktop/commands/copying.py)."""
    file, back = str(tmp_path / "file.barchasb"), str(tmp_path / "back.barchasb")
    _same_work(file, tmp_path / "file.jsonl")
    assert main(["copy", file, postgres_url]) == 0
    assert main(["copy", postgres_url, back]) == 0
    for project, out in ((postgres_url, "server.jsonl"), (back, "back.jsonl")):
        assert main(["export", project, "-f", "jsonl", "-o", str(tmp_path / out)]) == 0
    exported = {name: (tmp_path / name).read_bytes() for name in ("file.jsonl", "server.jsonl", "back.jsonl")}
    assert exported["server.jsonl"] == exported["file.jsonl"] == exported["back.jsonl"]

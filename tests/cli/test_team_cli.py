"""`barchasb team init / add-user / list`: the set-up a manager runs once, and where a password never goes."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from desktop.cli import main
from desktop.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_team_commands_on_a_file_say_they_need_a_server(tmp_path, capsys):
    project = tmp_path / "news.barchasb"
    assert main(["init", str(project)]) == 0
    capsys.readouterr()
    assert main(["team", "init", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("barchasb: error: ") and "needs a PostgreSQL project" in err
    assert err.count("\n") == 1


@pytest.mark.postgres
def test_a_password_reaches_the_server_only_as_a_verifier(postgres_cluster, tmp_path, monkeypatch, capsys):
    url = postgres_cluster.fresh_url()
    db = urlsplit(url).path.strip("/")
    postgres_cluster.sql(f"ALTER DATABASE {db} SET log_statement = 'all'")  # every statement in the server log
    assert main(["init", url]) == 0
    assert main(["import", url, str(sorted(SEEDS.glob("*.txt"))[0])]) == 0
    assert main(["team", "init", url, "--blind"]) == 0
    assert main(["team", "init", url]) == 0  # again (after an upgrade): the same set-up
    login, secret = f"ali_{uuid.uuid4().hex[:6]}", f"Pw-{uuid.uuid4().hex}"
    monkeypatch.setenv("ALI_PASSWORD", secret)
    assert main(["team", "add-user", url, login, "--role", "annotator", "--password-env", "ALI_PASSWORD"]) == 0
    capsys.readouterr()
    assert main(["team", "list", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"login": login, "annotator": login, "role": "annotator"}]
    # The password opens the login over TCP, and the login acts as its own annotator.
    monkeypatch.setenv("PGPASSWORD", secret)
    with Workspace.open(postgres_cluster.url(db, login, tcp=True), "tester") as workspace:
        assert workspace.annotator.name == login
        workspace.add_span(1, 0, 3, "official")
    monkeypatch.delenv("PGPASSWORD")
    out = tmp_path / "out.jsonl"
    assert main(["export", url, "-f", "jsonl", "-o", str(out)]) == 0
    assert main(["history", url]) == 0
    printed = capsys.readouterr()
    with psycopg.connect(url, autocommit=True) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [login]).fetchone()
        history = conn.execute("SELECT coalesce(before, '') || coalesce(after, '') FROM history").fetchall()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    log = (postgres_cluster.root / "log").read_text(encoding="utf-8", errors="replace")
    assert "SCRAM-SHA-256$" in log  # the statement was logged: the verifier, not the password
    for where in (log, printed.out, printed.err, out.read_text(encoding="utf-8"), repr(history)):
        assert secret not in where


@pytest.mark.postgres
def test_add_user_without_a_terminal_or_a_variable_refuses(postgres_url, capsys):
    assert main(["init", postgres_url]) == 0
    assert main(["team", "init", postgres_url]) == 0
    capsys.readouterr()
    assert main(["team", "add-user", postgres_url, "nobody_here", "--role", "curator"]) == 1
    assert capsys.readouterr().err == "barchasb: error: no terminal to ask the password on: use --password-env VAR\n"
    assert (
        main(["team", "add-user", postgres_url, "nobody_here", "--role", "curator", "--password-env", "UNSET_X"]) == 1
    )
    assert "UNSET_X is not set" in capsys.readouterr().err
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'nobody_here'").fetchone() is None

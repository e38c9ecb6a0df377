"""`barchasb init` on a server whose database does not exist yet: made when the role may, else one
line saying what an administrator runs; a libpq service URL names the database in the service file."""

from __future__ import annotations

import json

import psycopg
import pytest

from desktop.cli import main

pytestmark = pytest.mark.postgres


def _databases(cluster) -> set[str]:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_init_on_a_service_url_makes_the_database_the_service_names(postgres_cluster, tmp_path, monkeypatch, capsys):
    postgres_cluster.sql("CREATE ROLE maker LOGIN CREATEDB")
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[desk]\nhost={postgres_cluster.root}\nport={postgres_cluster.port}\nuser=maker\ndbname=newsroom_desk\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    assert main(["init", "postgresql:///?service=desk"]) == 0
    assert "newsroom_desk" in _databases(postgres_cluster) and "desk" not in _databases(postgres_cluster)
    capsys.readouterr()
    assert main(["stats", postgres_cluster.url("newsroom_desk", "maker"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 0


def test_init_by_a_role_that_may_not_create_databases_says_what_to_run(postgres_cluster, capsys):
    postgres_cluster.sql("CREATE ROLE plain_user LOGIN")
    assert main(["init", postgres_cluster.url("newsroom_plain", "plain_user")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("barchasb: error: ") and "\n" not in err
    assert "the database newsroom_plain does not exist and the role plain_user may not create it" in err
    assert "createdb --owner=plain_user --encoding=UTF8 --template=template0 newsroom_plain" in err
    assert "newsroom_plain" not in _databases(postgres_cluster)

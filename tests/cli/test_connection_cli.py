"""Saved connections: `barchasb connection add|list|remove`, and `@NAME` wherever a PROJECT goes.

A name stands for a server project's URL, kept in the user's settings without a
password; a libpq service URL (`postgresql:///?service=team`) is accepted too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_a_saved_name_lists_and_is_forgotten(capsys):
    assert main(["connection", "add", "team", "postgresql://sara@db.example:5432/news"]) == 0
    assert main(["connection", "list"]) == 0
    assert "@team\tpostgresql://sara@db.example:5432/news" in capsys.readouterr().out
    assert Settings().get("connections") == {"team": "postgresql://sara@db.example:5432/news"}
    assert main(["connection", "remove", "@team"]) == 0
    assert main(["connection", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1]) == {}


@pytest.mark.parametrize(
    "url", ["postgresql://sara:Secret-9@db.example/news", "postgresql://sara@db.example/news?password=Secret-9"]
)
def test_a_url_with_a_password_is_refused_and_never_kept(url, capsys):
    assert main(["connection", "add", "home", "postgresql://sara@db.example/home"]) == 0
    assert main(["connection", "add", "team", url]) == 1
    err = capsys.readouterr().err
    assert "a password does not go in the URL" in err and "Secret-9" not in err
    assert main(["connection", "list"]) == 0
    assert capsys.readouterr().out == "@home\tpostgresql://sara@db.example/home\n"
    assert "Secret-9" not in Settings().path.read_text(encoding="utf-8")


def test_an_unknown_name_is_one_clear_line(capsys):
    assert main(["connection", "add", "team", "postgresql://sara@db.example/news"]) == 0
    capsys.readouterr()
    assert main(["stats", "@nosuch"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("barchasb: error: no saved connection @nosuch (saved: @team)")
    assert main(["connection", "remove", "nosuch"]) == 1
    assert "no saved connection @nosuch" in capsys.readouterr().err


def test_a_file_is_never_a_connection(tmp_path, capsys):
    assert main(["connection", "add", "team", str(tmp_path / "team.barchasb")]) == 1
    assert "not a postgresql:// URL" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_saved_name_opens_the_server_project(postgres_url, capsys):
    assert main(["init", postgres_url]) == 0
    assert main(["connection", "add", "news", postgres_url]) == 0
    assert main(["import", "@news", str(SEEDS)]) == 0
    assert main(["stats", postgres_url, "--json"]) == 0
    capsys.readouterr()
    assert main(["stats", "@news", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5


@pytest.mark.postgres
def test_a_libpq_service_url_opens_the_server_project(postgres_cluster, tmp_path, monkeypatch, capsys):
    database = postgres_cluster.fresh_database()
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[team]\nhost={postgres_cluster.root}\nport={postgres_cluster.port}\nuser=postgres\ndbname={database}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    assert main(["init", "postgresql:///?service=team"]) == 0
    assert main(["connection", "add", "team", "postgresql:///?service=team"]) == 0
    assert main(["import", "@team", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["stats", postgres_cluster.url(database), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 5

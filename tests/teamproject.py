"""A blind team project on the session's throw-away cluster, for the team tests (tests/storage)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from desktop.cli import main
from desktop.core.model import Span
from desktop.storage.postgres.store import PostgresStore
from desktop.workspace import Workspace
from desktop.workspace.project import team

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PEOPLE = {"mona": "manager", "cora": "curator", "ali": "annotator", "bita": "annotator"}


@dataclass
class Team:
    """A blind team project: each annotator has labelled one span of document 1, the curator one gold span."""

    cluster: object
    url: str  # the owner's (the superuser's)
    db: str
    ids: dict[str, int]  # annotator ids by login

    def login(self, name: str) -> str:
        return self.cluster.url(self.db, name)  # type: ignore[attr-defined]

    def connect(self, name: str) -> psycopg.Connection:
        return psycopg.connect(self.login(name), autocommit=True)

    def owner_rows(self, query: str) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(query).fetchall()


@pytest.fixture
def team_project(postgres_cluster) -> Team:
    url = postgres_cluster.fresh_url()
    assert main(["init", url]) == 0
    assert main(["import", url, *sorted(str(p) for p in SEEDS.glob("*.txt"))[:2]]) == 0
    team.init_team(url, blind=True)
    for name, role in PEOPLE.items():
        team.add_user(url, name, role, f"pw-{name}")
    db = urlsplit(url).path.strip("/")
    project = Team(postgres_cluster, url, db, {})
    for name in ("ali", "bita"):
        with Workspace.open(project.login(name), "someone-else") as workspace:
            assert workspace.annotator.name == name  # the login's layer, not a free choice
            workspace.add_span(1, 0, 3, "official")
    store = PostgresStore.open(project.login("cora"))
    try:
        with store.action("cora"):
            gold = store.gold_annotator(create=True)
            store.insert_span(Span(1, 4, 8, "place", gold.id))
    finally:
        store.close()
    project.ids = dict(project.owner_rows("SELECT name, id FROM annotators"))
    return project

"""A team project over time: who hears whose work in a blind project, and a schema upgrade with a team.

Notifications of a blind project go to channels named by secrets only their
listeners may read (roles_sql.py `barchasb_notify`); an annotator's own
connection is tried as a modified client would: LISTEN on every channel it
can name. An upgrade is judged by what the members may do afterwards.
"""

from __future__ import annotations

import re
import select
import time

import psycopg
import pytest
from psycopg import sql

from desktop.core.errors import ProjectError
from desktop.storage.postgres.roles_sql import (
    GOLD_TABLES,
    LAYER_TABLES,
    MANAGER_TABLES,
    READ_ONLY_TABLES,
    SHARED_TABLES,
    SPAN_TABLES,
    TEAM_VERSION,
)  # fmt: skip
from desktop.storage.postgres.schema import SCHEMA_VERSION, STEPS
from desktop.workspace import Workspace
from desktop.workspace.project.scheme import Scheme

pytestmark = pytest.mark.postgres

REJECTION = (
    "INSERT INTO review_relation_rejections (document_id, head_start, head_end, head_label, tail_start, tail_end,"
    " tail_label, type, decided_by, decided_at) VALUES (1, 0, 3, 'official', 4, 8, 'place', 'member', 'cora', 'x')"
)
# What the first team set-up left behind: no notification channels, one common channel for every commit.
OLD_TEAM = """
DROP TABLE team_channels;
DROP FUNCTION barchasb_team_version();
CREATE OR REPLACE FUNCTION barchasb_notify() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    PERFORM pg_notify('barchasb', coalesce((SELECT max(batch) FROM new_rows), ''));
    RETURN NULL;
END $$;
"""
# ... and a Barchasb of schema 5 with it: none of the tables of the later steps.
LATER = [name for _step, ddl in STEPS[5:] for name in re.findall(r"CREATE TABLE (\w+)", ddl)]
LATER_INDEXES = [name for _step, ddl in STEPS[5:] for name in re.findall(r"CREATE INDEX (\w+) ON documents", ddl)]
OLDER = (
    OLD_TEAM
    + f"DROP TABLE {', '.join(LATER)}; "
    + "".join(f"DROP INDEX {name}; " for name in LATER_INDEXES)
    + "UPDATE barchasb_project SET schema_version = 5;"
)


def _readable_within(fd: int | None, seconds: float) -> bool:
    assert fd is not None
    return bool(select.select([fd], [], [], seconds)[0])


def _heard(conn: psycopg.Connection, seconds: float) -> list[str]:
    return [note.channel for note in conn.notifies(timeout=seconds, stop_after=1)]


def test_a_blind_annotator_hears_only_their_own_layer_the_text_and_the_scheme(team_project):
    with (
        Workspace.open(team_project.login("ali"), "ali") as ali,
        Workspace.open(team_project.login("bita"), "bita") as bita,
        Workspace.open(team_project.login("cora"), "cora") as cora,
        Workspace.open(team_project.login("mona"), "mona") as mona,
    ):
        ali_token, cora_token = ali.external_change_token(), cora.external_change_token()
        bita.add_span(2, 0, 3, "official")
        assert _readable_within(cora.listen_fd(), 1.0)  # the curator watches every layer arrive
        assert cora.external_change_token() != cora_token
        assert not _readable_within(ali.listen_fd(), 0.5)  # not even that someone works
        assert ali.external_change_token() == ali_token
        Scheme(mona).add("rumour")  # the scheme is everyone's
        assert _readable_within(ali.listen_fd(), 1.0)
        assert ali.external_change_token() != ali_token
        with Workspace.open(team_project.login("ali"), "ali") as ali_again:  # the same login's other window
            token = ali_again.external_change_token()
            ali.add_span(2, 4, 8, "place")
            assert _readable_within(ali_again.listen_fd(), 1.0)
            assert ali_again.external_change_token() != token


def test_an_annotators_own_connection_cannot_name_the_channel_of_every_layer(team_project):
    with team_project.connect("ali") as conn:
        rows = conn.execute("SELECT annotator_id, channel FROM team_channels").fetchall()
        assert [row[0] for row in rows] == [team_project.ids["ali"]]
        for channel in ["barchasb", *(row[1] for row in rows)]:  # everything a modified client could LISTEN to
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        with Workspace.open(team_project.login("bita"), "bita") as bita:
            bita.add_span(2, 0, 3, "official")
        with Workspace.open(team_project.login("cora"), "cora") as cora, cora.repo.action("cora"):
            cora.repo.gold_annotator(create=True)  # gold is not ali's to hear of either
        assert _heard(conn, 0.5) == []
        with Workspace.open(team_project.login("ali"), "ali") as ali:
            ali.add_span(2, 0, 3, "official")
        assert _heard(conn, 1.0) == [rows[0][1]]
    with team_project.connect("cora") as conn:
        found = {row[0] for row in conn.execute("SELECT annotator_id FROM team_channels")}
        assert found == {None, team_project.ids["cora"]}  # every layer's, and her own


def test_after_a_schema_upgrade_members_wait_for_the_owner_whose_open_applies_the_team(team_project):
    with psycopg.connect(team_project.url, autocommit=True) as conn:
        conn.execute(OLDER)
    with pytest.raises(ProjectError, match=r"by its owner first \(the owner runs: barchasb team init postgresql://"):
        Workspace.open(team_project.login("cora"), "cora")
    assert team_project.owner_rows("SELECT schema_version FROM barchasb_project") == [(5,)]
    Workspace.open(team_project.url, "owner").close()  # the owner (the window or any command) upgrades
    assert team_project.owner_rows("SELECT schema_version, barchasb_team_version() FROM barchasb_project") == [
        (SCHEMA_VERSION, TEAM_VERSION)
    ]
    with team_project.connect("cora") as conn:  # the new tables are the curator's to write ...
        conn.execute(REJECTION)
    with team_project.connect("ali") as conn:  # ... and hidden from a blind annotator
        assert conn.execute("SELECT count(*) FROM review_relation_rejections").fetchone() == (0,)
    with Workspace.open(team_project.login("ali"), "ali") as ali:
        token = ali.external_change_token()
        with Workspace.open(team_project.login("bita"), "bita") as bita:
            bita.add_span(2, 0, 3, "official")
        time.sleep(0.3)
        assert ali.external_change_token() == token  # the upgrade also routes notifications


def test_an_old_team_set_up_on_a_current_schema_is_brought_up_to_date_by_team_init(team_project, capsys):
    from desktop.cli import main

    with psycopg.connect(team_project.url, autocommit=True) as conn:
        conn.execute(OLD_TEAM)
    assert main(["stats", team_project.login("ali")]) == 1
    assert "barchasb team init" in capsys.readouterr().err
    assert main(["team", "init", team_project.url]) == 0
    assert main(["stats", team_project.login("ali")]) == 0


def test_every_table_of_the_schema_has_its_team_grants():
    """A table a migration adds without a place here would be refused to every member after the upgrade."""
    made = {name for _step, ddl in STEPS for name in re.findall(r"CREATE TABLE (\w+)", ddl)} | {"barchasb_project"}
    granted = {*LAYER_TABLES, *SPAN_TABLES, *GOLD_TABLES, *MANAGER_TABLES, *SHARED_TABLES, *READ_ONLY_TABLES, "history"}
    assert made <= granted

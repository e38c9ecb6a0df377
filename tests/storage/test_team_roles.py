"""Team roles enforced by the server: what an annotator's own connection (a modified client, psql) can't do.

Every refusal here is the database's (grants and row-level security,
desktop/storage/postgres/roles_sql.py): the statements go through plain
psycopg as the annotator's login, not through the client that would refuse
them first. The store path turns the same refusals into one line.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import errors as pg_errors

from desktop.cli import main
from desktop.core.errors import ProjectError
from desktop.workspace import Workspace
from desktop.workspace.project import team
from desktop.workspace.project.scheme import Scheme

pytestmark = pytest.mark.postgres

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GOLD_ROW = "INSERT INTO gold_provenance (span_id, method, decided_by, decided_at) VALUES (1, 'drawn', 'a', 'b')"


def _refused(conn: psycopg.Connection, statement: str) -> None:
    with pytest.raises(pg_errors.InsufficientPrivilege):
        conn.execute(statement)


def test_a_blind_annotator_reads_only_their_own_layer_and_the_text(team_project):
    with team_project.connect("ali") as conn:
        assert conn.execute("SELECT DISTINCT annotator_id FROM spans").fetchall() == [(team_project.ids["ali"],)]
        assert conn.execute("SELECT count(*) FROM documents WHERE length(text) > 0").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM gold_provenance").fetchone() == (0,)
        actors = {row[0] for row in conn.execute("SELECT actor FROM history")}
        assert actors == {"ali"}
        _refused(conn, "UPDATE settings SET value = 'false' WHERE key = 'team.blind'")  # can't unblind itself
    with team_project.connect("cora") as conn:  # the curator reads every layer
        layers = {row[0] for row in conn.execute("SELECT DISTINCT annotator_id FROM spans")}
        assert {team_project.ids["ali"], team_project.ids["bita"], team_project.ids["gold"]} <= layers


def test_in_a_project_that_is_not_blind_annotators_read_every_layer(team_project):
    team.init_team(team_project.url, blind=False)
    with team_project.connect("ali") as conn:
        layers = {row[0] for row in conn.execute("SELECT DISTINCT annotator_id FROM spans")}
        assert team_project.ids["bita"] in layers
        _refused(conn, f"UPDATE spans SET note = 'mine now' WHERE annotator_id = {team_project.ids['bita']}")


def test_an_annotator_cannot_write_gold_history_the_scheme_or_another_layer(team_project):
    ids = team_project.ids
    with team_project.connect("ali") as conn:
        _refused(conn, GOLD_ROW)
        _refused(conn, f"INSERT INTO spans (document_id, start, \"end\", label, annotator_id, origin, created_at, "
                 f"updated_at) VALUES (1, 20, 25, 'place', {ids['gold']}, 'manual', 'a', 'b')")  # fmt: skip
        _refused(conn, f"INSERT INTO spans (document_id, start, \"end\", label, annotator_id, origin, created_at, "
                 f"updated_at) VALUES (1, 20, 25, 'place', {ids['bita']}, 'manual', 'a', 'b')")  # fmt: skip
        _refused(conn, "UPDATE history SET actor = 'bita'")
        _refused(conn, "DELETE FROM history")
        _refused(conn, "TRUNCATE history")
        _refused(conn, "INSERT INTO labels (key, name_fa, name_en, color) VALUES ('x', 'x', 'x', '#000000')")
        _refused(conn, "UPDATE labels SET name_en = 'Someone'")
        _refused(conn, "DELETE FROM relation_types")
        _refused(
            conn, "INSERT INTO team_members (db_role, annotator_id, role, added_at) VALUES ('ali', 1, 'manager', 'x')"
        )
        _refused(conn, "UPDATE team_members SET role = 'manager'")
        _refused(conn, "CREATE TEMP TABLE team_members (db_role text, annotator_id bigint, role text)")  # no shadowing
        _refused(conn, "CREATE TABLE public.mine (x int)")
        # Rows of another layer that a blind annotator cannot see are not there to change.
        assert conn.execute(f"DELETE FROM spans WHERE annotator_id = {ids['bita']}").rowcount == 0
        assert conn.execute(f"UPDATE spans SET note = 'x' WHERE annotator_id = {ids['bita']}").rowcount == 0
    counts = dict(team_project.owner_rows("SELECT annotator_id, count(*) FROM spans GROUP BY 1"))
    assert counts == {ids["ali"]: 1, ids["bita"]: 1, ids["gold"]: 1}
    assert team_project.owner_rows("SELECT count(*) FROM labels WHERE key = 'x'") == [(0,)]


def test_a_manager_changes_the_scheme_but_not_the_history_nor_gold(team_project):
    with team_project.connect("mona") as conn:
        conn.execute("UPDATE labels SET name_en = 'Human' WHERE key = 'official'")
        _refused(conn, "DELETE FROM history")
        _refused(conn, "UPDATE history SET after = NULL")
        _refused(conn, GOLD_ROW)
    with team_project.connect("cora") as conn:
        _refused(conn, "UPDATE labels SET name_en = 'x'")
        _refused(conn, f"UPDATE spans SET note = 'x' WHERE annotator_id = {team_project.ids['ali']}")


def test_the_store_path_refuses_in_one_line(team_project, capsys):
    with Workspace.open(team_project.login("ali"), "ali") as workspace:
        with pytest.raises(ProjectError, match="^permission denied: annotators cannot change the scheme$"):
            Scheme(workspace).add("rumour")
        assert [label.key for label in workspace.repo.labels()].count("rumour") == 0
    seed = sorted(SEEDS.glob("*.txt"))[3]
    assert main(["import", team_project.login("ali"), str(seed)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "barchasb: error: permission denied: annotators cannot change the documents"
    assert team_project.owner_rows("SELECT count(*) FROM documents") == [(2,)]


def test_sql_in_names_notes_and_labels_is_only_text(team_project, tmp_path):
    evil = "x'); DROP TABLE spans; --"
    with Workspace.open(team_project.login("mona"), "mona") as workspace:
        Scheme(workspace).add("evil", name_en=evil, name_fa=evil)
    doc = tmp_path / f"{evil.replace('/', '')}.txt"
    doc.write_text("متنی تازه برای آزمون", encoding="utf-8")
    assert main(["import", team_project.login("mona"), str(doc)]) == 0
    with Workspace.open(team_project.login("ali"), "ali") as workspace:
        span = workspace.add_span(1, 10, 14, "evil", note=evil + '"; DELETE FROM history; --')
    assert team_project.owner_rows(f"SELECT note FROM spans WHERE id = {span.id}") == [(span.note,)]
    assert team_project.owner_rows("SELECT name_en FROM labels WHERE key = 'evil'") == [(evil,)]
    assert team_project.owner_rows("SELECT count(*) FROM documents WHERE name LIKE 'x''); DROP%'") == [(1,)]
    assert team_project.owner_rows("SELECT count(*) FROM spans") == [(4,)]


def test_the_curator_reviews_both_layers_into_gold_and_runs_agreement(team_project, capsys):
    curator = team_project.login("cora")
    assert main(["review", curator, "--accept-agreed", "--document", "1"]) == 0
    assert main(["review", curator, "--mark", "reviewed", "--document", "1"]) == 0
    assert main(["agreement", curator, "--json"]) == 0
    gold = team_project.ids["gold"]
    rows = team_project.owner_rows(f'SELECT start, "end", label FROM spans WHERE annotator_id = {gold}')
    assert (0, 3, "official") in rows  # ali and bita agreed: accepted into gold by the curator's login
    assert main(["review", team_project.login("ali"), "--accept-agreed", "--document", "1"]) == 1
    assert capsys.readouterr().err.strip().startswith("barchasb: error: permission denied: annotators cannot")


def test_the_manager_assigns_and_a_blind_annotator_sees_only_their_own_queue(team_project, capsys):
    manager = team_project.login("mona")
    assert main(["assign", manager, "--to", "ali", "--documents", "1"]) == 0
    assert main(["assign", manager, "--to", "bita", "--documents", "2"]) == 0
    assert main(["assign", team_project.login("ali"), "--to", "ali", "--documents", "2"]) == 1
    assert capsys.readouterr().err.strip() == "barchasb: error: permission denied: annotators cannot assign documents"
    with team_project.connect("ali") as conn:
        assert conn.execute("SELECT document_id FROM assignments").fetchall() == [(1,)]


def test_team_set_up_by_a_login_that_may_not_is_one_line(team_project, capsys):
    capsys.readouterr()
    assert main(["team", "init", team_project.login("mona")]) == 1
    assert (
        main(["team", "add-user", team_project.login("mona"), "eve", "--role", "manager", "--password-env", "HOME"])
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("barchasb: error: ") for line in err)
    assert "cannot set up the team" in err[0] and "nothing was changed" in err[0] and "cannot add eve" in err[1]
    assert team_project.owner_rows("SELECT count(*) FROM pg_roles WHERE rolname = 'eve'") == [(0,)]

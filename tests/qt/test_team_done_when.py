"""Issue 16's "Done when", end to end: a manager sets up a team project on the server, two annotators label
blind in two windows at once, the curator watches both layers arrive, reviews into gold and runs agreement;
the export equals what the same work gives on a SQLite file."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.cli import main
from desktop.core.review import Key
from desktop.workspace import Workspace
from desktop.workspace.review.gold import Review

from journey import press, ready, select_text, shown_spans

pytestmark = [pytest.mark.gui, pytest.mark.postgres]

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# What each annotator labels in their first document: Baku agreed, East Azerbaijan disputed.
WORK = {
    "ali": [("باکو", Qt.Key.Key_4, "place"), ("آذربایجان شرقی", Qt.Key.Key_4, "place")],
    "omid": [("باکو", Qt.Key.Key_4, "place"), ("آذربایجان شرقی", Qt.Key.Key_3, "organisation")],
}


@pytest.fixture
def team(postgres_cluster, tmp_path, monkeypatch):
    """The manager's set-up: project, seeds, blind team of a curator and two annotators, two per document.
    Passwords come from environment variables and reach the windows through a pgpass file."""
    db = postgres_cluster.fresh_database()
    admin = postgres_cluster.url(db)
    tag = uuid.uuid4().hex[:6]
    logins = {role: f"{role}_{tag}" for role in ("mona", "cora", "ali", "omid")}
    roles = {"mona": "manager", "cora": "curator", "ali": "annotator", "omid": "annotator"}
    lines = []
    assert main(["init", admin]) == 0
    assert main(["import", admin, *map(str, sorted(SEEDS.glob("*.txt")))]) == 0
    assert main(["team", "init", admin, "--blind"]) == 0
    for person, login in logins.items():
        secret = f"Pw-{uuid.uuid4().hex}"
        variable = f"{person.upper()}_PW"
        monkeypatch.setenv(variable, secret)
        assert main(["team", "add-user", admin, login, "--role", roles[person], "--password-env", variable]) == 0
        lines.append(f"127.0.0.1:{postgres_cluster.port}:{db}:{login}:{secret}")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    urls = {person: postgres_cluster.url(db, login, tcp=True) for person, login in logins.items()}
    annotators = f"{logins['ali']},{logins['omid']}"
    assert main(["assign", urls["mona"], "--per-document", "2", "--annotators", annotators, "--seed", "7"]) == 0
    return admin, urls, logins


def _label(qtbot, window, person: str) -> list[tuple[int, int, str]]:
    ready(qtbot, window)
    done = []
    for words, key, label in WORK[person]:
        start, end = select_text(qtbot, window, words)
        press(qtbot, window, key)
        done.append((start, end, label))
    return done


def _timeless(exported: bytes) -> bytes:
    return re.sub(rb'"decided_at":"[^"]*"', b'"decided_at":"-"', exported)


def _export(location: str | Path, out: Path) -> bytes:
    assert main(["export", str(location), "-f", "jsonl", "-o", str(out)]) == 0
    return out.read_bytes()


def _replay_on_a_file(path: Path, names: dict[str, str], done: dict[str, list], doc: int, chosen: Key) -> None:
    """The same work on a SQLite file: the same seeds, layers, gold decisions."""
    assert main(["init", str(path)]) == 0
    assert main(["import", str(path), *map(str, sorted(SEEDS.glob("*.txt")))]) == 0
    for person, spans in done.items():
        with Workspace.open(path, names[person]) as workspace:
            for start, end, label in spans:
                workspace.add_span(doc, start, end, label)
    with Workspace.open(path, names["cora"]) as workspace:
        review = Review(workspace)
        review.accept_agreed(doc)
        disputed = next(u for u in review.units(doc) if not u.decided)
        review.accept(disputed.candidate(chosen), label="place")


def test_a_blind_team_labels_reviews_and_exports_what_a_file_project_gives(team, open_app, qtbot, tmp_path):
    admin, urls, logins = team
    curator = open_app(urls["cora"])
    ready(qtbot, curator.window)
    press(qtbot, curator.window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # review mode
    review = curator.window.review_window
    qtbot.addWidget(review)
    apps = {person: open_app(urls[person]) for person in ("ali", "omid")}
    ali, omid = apps["ali"].window, apps["omid"].window
    assert [apps[p].workspace.annotator.name for p in apps] == [logins["ali"], logins["omid"]]
    assert ali.view.text() == omid.view.text() == review.text  # the first seed, in both queues
    done = {"ali": _label(qtbot, ali, "ali"), "omid": _label(qtbot, omid, "omid")}
    # The curator sees both layers arrive live: a disputed unit and an agreed one.
    qtbot.waitUntil(lambda: len(review.units) == 2 and len(review.units[1].candidates) == 2, timeout=3000)
    qtbot.wait(1500)  # a second and more for anything either annotator could be sent
    for person, app in apps.items():  # blind: each sees their own layer only, in the window and below it
        assert [(s, e) for s, e, _ in shown_spans(app.window)] == [(s, e) for s, e, _ in done[person]]
        seen = app.workspace.repo.spans(review.document_id)
        assert {s.annotator_id for s in seen} == {app.workspace.annotator.id} and len(seen) == 2

    # Review into gold: the agreed unit at once, then the disputed one by hand (place).
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    review.view.setFocus()
    press(qtbot, review, Qt.Key.Key_A, CTRL_SHIFT)
    press(qtbot, review, Qt.Key.Key_N)  # to the one unit left undecided
    unit = review.current_unit()
    assert unit is not None and review.text[unit.start : unit.end] == "آذربایجان شرقی"
    chosen = review.current_candidate()
    assert chosen is not None
    press(qtbot, review, Qt.Key.Key_4)  # into gold as place, whichever candidate is chosen
    with Workspace.open(admin) as owner:  # the gold layer on the server: both decisions
        gold = Review(owner).gold(review.document_id)
    assert sorted((s.start, s.end, s.label) for s, _ in gold) == sorted(done["ali"])
    # Agreement, from the curator's window.
    ready(qtbot, curator.window)
    press(qtbot, curator.window, Qt.Key.Key_G, CTRL_SHIFT)
    dialog = curator.window.agreement_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.report is not None, timeout=20000)
    assert dialog.matrix.item(0, 1).text() == "0.500"  # F1 exact: one of two spans each matches
    dialog.close()

    server = _export(admin, tmp_path / "server.jsonl")
    _replay_on_a_file(tmp_path / "file.barchasb", logins, done, review.document_id, chosen.key)
    replayed = _export(tmp_path / "file.barchasb", tmp_path / "file.jsonl")
    assert server.count(b'"decided_at"') == 2  # the one thing that differs: when the curator decided
    assert _timeless(server) == _timeless(replayed)

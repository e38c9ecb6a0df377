"""Relations and span details in review mode, driven like a reviewer does: Ctrl+R, then keys
and the mouse only; judged by the project file and what the review window shows."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.workspace import Workspace
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.relations import Relations, SpanAttributes

from helpers import add_document
from journey import on_type_chooser as on_chooser
from journey import open_review, press

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری استاندار آذربایجان شرقی در باکو گفت که ۵۰ درصد رشد داشتیم."
CTRL = Qt.KeyboardModifier.ControlModifier


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path):
    """ali and omid: «علی جهانگیری» —holds→ «استاندار» (agreed; the title's role level differs).
    Only ali: «آذربایجان شرقی» —located_in→ «باکو». The reviewer (sara) opens it."""
    path = tmp_path / "review.barchasb"
    ws = Workspace.create(path)
    add_document(ws, TEXT, "news.txt")
    for name, role, more in (("ali", "governor", True), ("omid", "deputy", False)):
        ws.set_annotator(name)
        name_id = ws.add_span(1, *at("علی جهانگیری"), "official").id
        title = ws.add_span(1, *at("استاندار"), "title").id
        Relations(ws).add(name_id, title, "holds")
        SpanAttributes(ws).set(title, "role_level", role)
        if more:
            province = ws.add_span(1, *at("آذربایجان شرقی"), "place").id
            baku = ws.add_span(1, *at("باکو"), "place").id
            Relations(ws).add(province, baku, "located_in")
    ws.close()
    return path


def query(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return conn.execute(sql).fetchall()


def gold_relations(path) -> list[tuple]:
    """(head words, type, tail words, method, layers) of each gold relation, from the file."""
    rows = query(
        path,
        'SELECT h.start, h."end", r.type, t.start, t."end", p.method, p.source_layers FROM relations r'
        " JOIN annotators a ON a.id = r.annotator_id AND a.kind = 'gold' JOIN spans h ON h.id = r.head"
        " JOIN spans t ON t.id = r.tail JOIN gold_relation_provenance p ON p.relation_id = r.id ORDER BY r.id",
    )
    return [(TEXT[hs:he], rtype, TEXT[ts:te], method, layers) for hs, he, rtype, ts, te, method, layers in rows]


def gold_spans(path) -> list[tuple[str, str]]:
    rows = query(
        path,
        'SELECT s.start, s."end", s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id'
        " WHERE a.kind = 'gold' ORDER BY s.start",
    )
    return [(TEXT[s:e], label) for s, e, label in rows]


def rejected_relations(path) -> list[tuple]:
    return query(path, "SELECT type, layers, decided_by FROM review_relation_rejections")


def test_bracket_chooses_a_relation_a_accepts_it_with_its_ends_r_rejects_the_next(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    qtbot.waitUntil(lambda: len(review.view.relation_arcs()) == 2)  # each layer's relations are drawn
    press(qtbot, review, Qt.Key.Key_BracketRight)  # the first undecided relation: holds, all agree
    assert "«علی جهانگیری» → «استاندار» (holds, ali, omid)" in review.statusBar().currentMessage()
    press(qtbot, review, Qt.Key.Key_A)
    assert gold_relations(project) == [("علی جهانگیری", "holds", "استاندار", "accepted", '["ali","omid"]')]
    assert gold_spans(project) == [("علی جهانگیری", "official"), ("استاندار", "title")]  # its ends came along
    assert review.relations.candidate().type == "located_in"  # on to the next undecided relation
    press(qtbot, review, Qt.Key.Key_R)
    assert rejected_relations(project) == [("located_in", '["ali"]', "sara")]
    assert gold_spans(project) == [("علی جهانگیری", "official"), ("استاندار", "title")]
    press(qtbot, review, Qt.Key.Key_Z, CTRL)
    assert rejected_relations(project) == []
    press(qtbot, review, Qt.Key.Key_Z, CTRL)  # one step took the relation and its two ends
    assert gold_relations(project) == [] and gold_spans(project) == []


def test_labels_with_hotkeys_d_and_l_answer_in_review_next_to_the_relation_and_detail_keys(project, open_app, qtbot):
    ws = Workspace.open(project)
    ws.set_annotator("ali")
    Scheme(ws).set_hotkey("title", "D")  # the letters review's relation and detail keys once were
    Scheme(ws).set_hotkey("place", "L")
    ws.close()
    app = open_app(project)
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_N)  # the title's unit
    press(qtbot, review, Qt.Key.Key_L)  # accepted as a place
    assert ("استاندار", "place") in gold_spans(project)
    press(qtbot, review, Qt.Key.Key_D)  # relabelled: the chosen gold span takes the next hotkey
    assert ("استاندار", "title") in gold_spans(project) and ("استاندار", "place") not in gold_spans(project)
    press(qtbot, review, Qt.Key.Key_BracketRight)  # ] still chooses a relation
    assert review.relations.candidate() is not None
    press(qtbot, review, Qt.Key.Key_BracketLeft)
    assert review.relations.candidate() is not None


def test_clicking_an_arc_chooses_the_relation_and_delete_retracts_it_from_gold(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)  # every agreed span
    assert gold_relations(project) == [("علی جهانگیری", "holds", "استاندار", "accepted", '["ali","omid"]')]
    review.view.viewport().update()
    qtbot.waitUntil(lambda: any(a.caption.startswith("★") for a in review.view.relation_arcs()))
    arc = next(a for a in review.view.relation_arcs() if a.caption.startswith("★"))
    qtbot.mouseClick(review.view.viewport(), Qt.MouseButton.LeftButton, pos=arc.label.center().toPoint())
    assert review.relations.gold_relation() is not None
    press(qtbot, review, Qt.Key.Key_Delete)
    assert gold_relations(project) == []
    assert ("استاندار", "title") in gold_spans(project)  # its spans stay


def test_a_differing_attribute_is_listed_and_taken_into_gold_by_keys(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    press(qtbot, review, Qt.Key.Key_N)  # the title's unit
    rows = [review.details.item(i).text() for i in range(review.details.count())]
    assert rows == ["role_level — ali: Governor", "role_level — omid: Deputy"]  # a choice by its name
    press(qtbot, review, Qt.Key.Key_A)  # accept the title: the role level is left to the reviewer
    assert ("استاندار", "title") in gold_spans(project)
    assert query(project, "SELECT count(*) FROM span_attributes v JOIN spans s ON s.id = v.span_id"
                 " JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'gold'") == [(0,)]  # fmt: skip
    press(qtbot, review, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)  # back to the title
    press(qtbot, review, Qt.Key.Key_F2)  # the details list has the keys
    assert QApplication.focusWidget() is review.details
    press(qtbot, review, Qt.Key.Key_Down)
    press(qtbot, review, Qt.Key.Key_Return)  # take omid's value
    gold_values = (
        "SELECT v.value FROM span_attributes v JOIN spans s ON s.id = v.span_id"
        " JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'gold' AND v.name = 'role_level'"
    )
    assert query(project, gold_values) == [('"deputy"',)]
    assert review.details.item(1).text() == "✓ role_level — omid: Deputy"
    press(qtbot, review, Qt.Key.Key_Z, CTRL)
    assert query(project, gold_values) == []


def test_dragging_from_one_gold_chip_to_another_draws_a_gold_relation(project, open_app, qtbot):
    app = open_app(project)
    review = open_review(qtbot, app)
    for _ in range(4):  # every unit in turn: A accepts and moves on to the next
        press(qtbot, review, Qt.Key.Key_A)
    assert ("آذربایجان شرقی", "place") in gold_spans(project) and ("باکو", "place") in gold_spans(project)
    assert gold_relations(project) == []  # accepting spans decides no relation
    baku, province = (review.gold_by_key[(*at(words), "place")] for words in ("باکو", "آذربایجان شرقی"))
    review.view.viewport().repaint()
    start, end = (review.view.chip_rect(mark).center().toPoint() for mark in (baku, province))
    seen = on_chooser(qtbot, "L")
    port = review.view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    qtbot.mouseMove(port, (start + end) / 2)
    qtbot.mouseMove(port, end)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    qtbot.waitUntil(lambda: gold_relations(project) != [])
    assert seen == [["located in\tL"]]  # only the types a place may have towards a place
    assert gold_relations(project) == [("باکو", "located_in", "آذربایجان شرقی", "drawn", "[]")]
    assert review.relations.gold_relation() is not None  # the new relation is the chosen one

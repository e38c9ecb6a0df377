"""Review of relations where emoji (astral), ZWNJ and CRLF come before and inside the spans:
accepting a relation stores its ends at the right code points, and the review window draws
each arc between the chips of the right words (measured where Qt draws the characters)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.workspace import Workspace
from desktop.workspace.relations import Relations

from helpers import add_document
from journey import caret_point, open_review, press, ready, stored_rows

pytestmark = pytest.mark.gui

TEXT = "🇮🇷😀 خبر\r\nعلی جهانگیری می‌گوید:\r\nمعاون اول\r\nرئیس‌جمهور با سازمان‌ها 🇮🇷 قرارداد بست.\r\n😀 پایان"
NAME, TITLE, ORG = "علی جهانگیری", "معاون اول\r\nرئیس‌جمهور", "سازمان‌ها 🇮🇷"
FLAT = "معاون اول رئیس‌جمهور"  # the title where one line shows it (a list row, the status bar)
CTRL = Qt.KeyboardModifier.ControlModifier


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path):
    """ali and omid: «علی جهانگیری» —holds→ the title that runs over a CRLF; only ali: the
    title —of→ «سازمان‌ها 🇮🇷». The reviewer (sara) opens it."""
    path = tmp_path / "review.barchasb"
    ws = Workspace.create(path)
    add_document(ws, TEXT, "news.txt")
    for name in ("ali", "omid"):
        ws.set_annotator(name)
        official = ws.add_span(1, *at(NAME), "official").id
        title = ws.add_span(1, *at(TITLE), "title").id
        Relations(ws).add(official, title, "holds")
        if name == "ali":
            Relations(ws).add(title, ws.add_span(1, *at(ORG), "organisation").id, "of")
    ws.close()
    return path


def gold(path) -> list[tuple]:
    """(head words, type, tail words) of each gold relation and (words, label) of each gold span."""
    relations = stored_rows(
        path,
        'SELECT h.start, h."end", r.type, t.start, t."end" FROM relations r JOIN annotators a'
        " ON a.id = r.annotator_id AND a.kind = 'gold' JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
        " ORDER BY r.id",
    )
    spans = stored_rows(
        path,
        'SELECT s.start, s."end", s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id'
        " AND a.kind = 'gold' ORDER BY s.start",
    )
    return [(TEXT[hs:he], rtype, TEXT[ts:te]) for hs, he, rtype, ts, te in relations] + [
        (TEXT[s:e], label) for s, e, label in spans
    ]


def chip_of(view, words: str):
    """The chip of the mark drawn over exactly `words`, checked to sit over those words where
    Qt's own text layout puts their first character (not the view's conversion)."""
    start, end = at(words)
    [mark_id] = [i for i in view.mark_at(start) if (view.mark(i).start, view.mark(i).end) == (start, end)]
    chip = view.chip_rect(mark_id)
    first, second = caret_point(view, start), caret_point(view, start + 1)
    assert chip is not None and chip.bottom() <= first.y()
    assert chip.left() - 2 <= min(first.x(), second.x()) and max(first.x(), second.x()) <= chip.right() + 2
    return chip


def assert_arcs_join(view, pairs: dict[str, tuple[str, str]]) -> None:
    """Each arc (by its caption's type) starts on its head's chip and ends on its tail's."""
    arcs = {arc.relation.label.removeprefix("★ ").split(" · ")[0]: arc for arc in view.relation_arcs()}
    assert set(arcs) == set(pairs)
    for rtype, (head, tail) in pairs.items():
        arc = arcs[rtype]
        (hs, he), (ts, te) = arc.relation.head, arc.relation.tail
        assert (TEXT[hs:he], TEXT[ts:te]) == (head, tail)
        for end, words in ((arc.head, head), (arc.tail, tail)):
            chip = chip_of(view, words)
            assert end.shown and chip.left() < end.anchor.x() < chip.right()
            assert end.anchor.y() == pytest.approx(chip.top(), abs=1.5)


def test_accepting_a_relation_over_emoji_zwnj_and_crlf_stores_its_ends_and_arcs_join_the_right_chips(
    project, open_app, qtbot
):
    app = open_app(project)
    review = open_review(qtbot, app)
    qtbot.waitUntil(lambda: len(review.view.relation_arcs()) == 2)
    assert_arcs_join(review.view, {"holds": (NAME, TITLE), "of": (TITLE, ORG)})
    press(qtbot, review, Qt.Key.Key_BracketRight)
    assert f"«{NAME}» → «{FLAT}»" in review.statusBar().currentMessage()
    press(qtbot, review, Qt.Key.Key_A)
    assert gold(project) == [(NAME, "holds", TITLE), (NAME, "official"), (TITLE, "title")]
    press(qtbot, review, Qt.Key.Key_A)  # of: its tail comes along, its head is gold already
    assert gold(project) == [
        (NAME, "holds", TITLE), (TITLE, "of", ORG), (NAME, "official"), (TITLE, "title"), (ORG, "organisation")
    ]  # fmt: skip
    qtbot.waitUntil(lambda: len(review.view.relation_arcs()) == 2)
    review.view.viewport().grab()
    assert {a.relation.id > 0 for a in review.view.relation_arcs()} == {True}  # gold's own arcs now


def test_one_line_places_show_words_over_a_crlf_on_one_line(project, open_app, qtbot):
    """The relations panel's rows and the review status bar are one line: a line break inside
    a span's words is shown as a space there (the words themselves stay as stored)."""
    ws = Workspace.open(project)
    ws.set_annotator("sara")
    official, title = ws.add_span(1, *at(NAME), "official").id, ws.add_span(1, *at(TITLE), "title").id
    Relations(ws).add(official, title, "holds")
    ws.close()
    app = open_app(project)
    ready(qtbot, app.window)
    qtbot.waitUntil(lambda: app.window.relation_panel.shown_rows() == [f"{NAME} — holds → {FLAT}"])
    review = open_review(qtbot, app)
    qtbot.waitUntil(lambda: len(review.view.relation_arcs()) >= 2)
    press(qtbot, review, Qt.Key.Key_BracketRight)
    assert f"«{NAME}» → «{FLAT}»" in review.statusBar().currentMessage()

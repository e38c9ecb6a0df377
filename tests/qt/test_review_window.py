"""Review mode in the window: merged layers, keyboard adjudication, undo, agreement."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from desktop.cli import main
from desktop.core.review import ReviewStatus, UnitKind
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.review_window import ReviewWindow
from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui

TEXT = "علی جهانگیری استاندار آذربایجان شرقی در باکو گفت که ۵۰ درصد رشد داشتیم."


def annotate(path, name, spans):
    ws = Workspace.create(path)
    ws.set_annotator(name)
    doc = add_document(ws, TEXT, "news.txt")
    for phrase, label in spans:
        start = TEXT.index(phrase)
        ws.add_span(doc, start, start + len(phrase), label)
    ws.close()


@pytest.fixture
def merged(tmp_path):
    """Two annotators' own project files, merged into a reviewer's project."""
    annotate(
        tmp_path / "sara.barchasb",
        "sara",
        [("علی جهانگیری", "official"), ("باکو", "place"), ("۵۰ درصد", "figure"), ("استاندار آذربایجان شرقی", "title")],
    )
    annotate(
        tmp_path / "omid.barchasb", "omid", [("علی جهانگیری", "official"), ("باکو", "organisation"), ("۵۰", "figure")]
    )
    target = tmp_path / "review.barchasb"
    assert main(["init", str(target)]) == 0
    assert main(["merge", str(target), str(tmp_path / "sara.barchasb"), str(tmp_path / "omid.barchasb")]) == 0
    ws = Workspace.open(target, annotator="reviewer")
    yield ws
    ws.close()


@pytest.fixture
def window(merged, qtbot):
    bridge = WorkspaceBridge(merged)
    win = ReviewWindow(bridge)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_merged_layers_show_their_differences_as_classified_units(window):
    kinds = {window.text[u.start : u.end]: u.kind for u in window.units}
    assert kinds["علی جهانگیری"] is UnitKind.AGREED
    assert kinds["باکو"] is UnitKind.LABEL
    assert kinds["۵۰ درصد"] is UnitKind.BOUNDARY
    assert kinds["استاندار آذربایجان شرقی"] is UnitKind.PARTIAL
    assert window.unit_table.rowCount() == 4
    # every candidate is on screen, coloured by its class
    assert len(window.view.mark_at(TEXT.index("باکو"))) == 2


def test_a_document_adjudicated_entirely_from_the_keyboard(window, merged, qtbot, tmp_path):
    view = window.view
    # accept agreed
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [(s.label) for s, _ in window.review.gold(window.document_id)] == ["official"]
    # walk the undecided units in order: باکو (label differs) first
    assert window.text[window.current_unit().start : window.current_unit().end] in ("باکو", "استاندار آذربایجان شرقی")
    decisions = 0
    while window.current_unit() is not None and not window.current_unit().decided and decisions < 10:
        unit_text = window.text[window.current_unit().start : window.current_unit().end]
        if unit_text == "باکو":
            qtbot.keyClick(view, Qt.Key.Key_4)  # accept with label "place" (the gold span stays chosen)
            qtbot.keyClick(view, Qt.Key.Key_N)  # on to the next undecided unit
        elif unit_text == "۵۰ درصد":
            candidate = window.current_candidate()
            if (candidate.end - candidate.start) != len("۵۰ درصد"):
                qtbot.keyClick(view, Qt.Key.Key_Tab)  # to the longer candidate
            qtbot.keyClick(view, Qt.Key.Key_A)
        else:
            qtbot.keyClick(view, Qt.Key.Key_R)  # reject the title only one layer has
        decisions += 1
    assert all(u.decided for u in window.units)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.review.status(window.document_id) is ReviewStatus.REVIEWED
    gold = sorted((window.text[s.start : s.end], s.label) for s, _ in window.review.gold(window.document_id))
    assert gold == [("باکو", "place"), ("علی جهانگیری", "official"), ("۵۰ درصد", "figure")]
    out = tmp_path / "gold.jsonl"
    assert main(["export", str(merged.path), "-f", "jsonl", "--reviewed", "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    exported = sorted((s["text"], s["label"]) for s in record["spans"])
    assert exported == gold
    methods = sorted(s["provenance"]["method"] for s in record["spans"])
    assert methods == ["accepted", "accepted", "edited"]


def test_undo_covers_review_decisions(window, qtbot):
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.review.gold(window.document_id)) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.review.gold(window.document_id) == []
    assert not any(u.decided for u in window.units)


def test_draw_a_gold_span_directly(window, qtbot):
    start = TEXT.index("رشد")
    window.view.select_range(start, start + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_8)
    gold = [(s.start, s.end, s.label) for s, _ in window.review.gold(window.document_id)]
    assert (start, start + 3, "event") in gold


def test_agreement_dialog_lists_the_disagreements_behind_a_cell(merged, qtbot):
    from desktop.qt.agreement_dialog import AgreementDialog

    dialog = AgreementDialog(merged)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert dialog.matrix.rowCount() == 2
    dialog._on_cell(0, 1)
    texts = [dialog.mismatches.item(i).text() for i in range(dialog.mismatches.count())]
    assert any("Place «\u2068باکو\u2069»" in t and "Organisation" in t for t in texts)  # names, words
    jumped = []
    dialog.jump_requested.connect(lambda *args: jumped.append(args))
    dialog._on_mismatch(dialog.mismatches.item(0))
    assert jumped and jumped[0][0] == 1

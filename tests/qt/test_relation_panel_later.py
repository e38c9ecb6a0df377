"""The relations panel lists a document's rows after the view has painted, a batch at a time."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from desktop.qt.relation_panel import RelationPanel, RelationRow

pytestmark = pytest.mark.gui


def rows(count: int, start: int = 1) -> list[RelationRow]:
    return [RelationRow(i, "holds", "holds", f"head {i}", f"tail {i}") for i in range(start, start + count)]


@pytest.fixture
def panel(qtbot) -> RelationPanel:
    shown = RelationPanel()
    qtbot.addWidget(shown)
    shown.set_types([("holds", "holds"), ("of", "of")])
    return shown


def test_rows_are_listed_once_the_loop_turns_not_when_the_document_opens(panel, qtbot):
    panel.set_rows(rows(1200))
    assert panel.list.count() == 0  # the document's first paint does not wait for 1,200 rows
    QApplication.processEvents()
    assert 0 < panel.list.count() < 1200  # a batch per turn of the loop
    qtbot.waitUntil(lambda: panel.list.count() == 1200)
    assert panel.list.item(1199).text() == "head 1200 — holds → tail 1200"


def test_asking_the_panel_lists_every_row_first(panel):
    panel.set_rows(rows(1200))
    assert len(panel.shown_rows()) == 1200 and panel.list.count() == 1200


def test_a_row_added_or_removed_while_listing_lands_in_order(panel):
    panel.set_rows(rows(1200))
    QApplication.processEvents()  # part listed
    panel.add_row(RelationRow(5000, "holds", "holds", "new", "one"))
    panel.remove_row(3)
    shown = panel.shown_rows()
    assert len(shown) == 1200 and shown[-1] == "new — holds → one" and "head 3 — holds → tail 3" not in shown


def test_choosing_a_row_not_listed_yet_lists_and_selects_it(panel):
    panel.set_rows(rows(1200))
    panel.show_chosen(1100)
    assert panel.list.currentItem().text() == "head 1100 — holds → tail 1100"


def test_a_new_document_replaces_rows_still_being_listed(panel, qtbot):
    panel.set_rows(rows(1200))
    QApplication.processEvents()
    panel.set_rows(rows(3, start=9000))
    qtbot.wait(20)
    assert panel.shown_rows() == [f"head {i} — holds → tail {i}" for i in (9000, 9001, 9002)]

"""The document list model finds a document by bisecting its ids (no id -> position dict)."""

from __future__ import annotations

import pytest

from desktop.core.model import Status
from desktop.qt.document_list import DocumentListModel
from desktop.storage.repository import DocumentListing

pytestmark = pytest.mark.gui

NEW, WORK, DONE = Status.NEW, Status.IN_PROGRESS, Status.DONE


def test_rows_are_found_and_updated_by_id_filtered_or_not(qapp):
    model = DocumentListModel()
    model.set_listing(DocumentListing([2, 5, 9, 14], ["a", "b", "c", "d"], [NEW, WORK, NEW, DONE], [0, 3, 0, 7]))
    assert [model.row_of(i) for i in (2, 5, 9, 14, 1, 6, 99)] == [0, 1, 2, 3, -1, -1, -1]
    model.update(DocumentListing([9, 6], ["c", "x"], [DONE, DONE], [4, 1]))  # 6 is not listed: ignored
    assert model.document_at(2).status == DONE and model.document_at(2).span_count == 4
    assert model.total() == 4 and model.count(DONE) == 2
    model.set_filter(DONE, None)
    assert [model.row_of(i) for i in (2, 9, 14)] == [-1, 0, 1]
    assert model.document_at(1).name == "d"


def test_a_paged_listing_filters_updates_and_refreshes_like_a_whole_one(qapp, workspace):
    from helpers import add_document

    ids = [add_document(workspace, f"متن {n}", f"{n}.txt") for n in range(5)]
    workspace.set_status(ids[1], DONE)
    workspace.add_span(ids[3], 0, 3, "place")
    model = DocumentListModel()
    model.set_listing(workspace.document_pages(workspace.annotator.id))
    assert [(e.name, e.status, e.span_count) for e in model.all_rows()] == [
        ("0.txt", NEW, 0), ("1.txt", DONE, 0), ("2.txt", NEW, 0), ("3.txt", WORK, 1), ("4.txt", NEW, 0)
    ]  # fmt: skip
    model.set_filter(DONE, None)
    assert model.rowCount() == 1 and model.document_at(0).id == ids[1] and model.row_of(ids[3]) == -1
    workspace.set_status(ids[3], DONE)  # stored first, then the list is told, as the window does
    model.update(workspace.document_listing(workspace.annotator.id, [ids[3]]))
    assert model.count(DONE) == 2 and model.row_of(ids[3]) == -1  # filters apply when set, as before
    model.set_filter(DONE, {ids[3], ids[4]})
    assert [model.document_at(r).id for r in range(model.rowCount())] == [ids[3]]
    workspace.set_status(ids[3], NEW)  # another window's change, then the refresh
    model.set_filter(None, None)
    model.refresh(workspace.document_pages(workspace.annotator.id))
    assert model.document_at(3).status == NEW and model.count(DONE) == 1 and model.total() == 5


def test_a_search_with_few_hits_filters_a_big_list_by_bisection_like_a_full_pass(qapp):
    ids = list(range(3, 3000, 3))
    statuses = [DONE if i % 2 else NEW for i in ids]
    model = DocumentListModel()
    model.set_listing(DocumentListing(ids, [f"{i}.txt" for i in ids], statuses, [0] * len(ids)))
    hits = {9, 300, 301, 2997, 5000}  # 301 and 5000 are not listed
    for status in (None, DONE, NEW):
        model.set_filter(status, hits)
        shown = [model.document_at(r).id for r in range(model.rowCount())]
        assert shown == [i for i in (9, 300, 2997) if status is None or statuses[ids.index(i)] == status]
        assert [model.row_of(i) for i in shown] == list(range(len(shown)))

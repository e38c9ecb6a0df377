"""The document list read page by page shows what the whole listing shows, reading only pages asked for."""

from __future__ import annotations

import hashlib

from desktop.core.model import Status
from desktop.storage import listing as listing_module
from desktop.storage.repository import NewDocument


def _docs(first: int, count: int) -> list[NewDocument]:
    out = []
    for n in range(first, first + count):
        text = f"خبر شماره {n}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        out.append(NewDocument(f"{n}.txt", text, text, digest, digest, None, {}))
    return out


def _project(workspace, gap: bool) -> list[int]:
    repo = workspace.repo
    with repo.action("tester"):
        ids = repo.insert_documents(_docs(0, 1200))
        if gap:  # a document deleted or a later import starting further on: ids are no longer a range
            ids += repo.insert_documents(_docs(1200, 30), first_id=ids[-1] + 10)
    workspace.set_status(ids[3], Status.DONE)
    workspace.set_status(ids[700], Status.IN_PROGRESS)
    workspace.set_status(ids[-1], Status.DONE)
    workspace.add_span(ids[3], 0, 3, "official")
    workspace.add_span(ids[3], 4, 9, "place")
    workspace.add_span(ids[1100], 0, 3, "place")
    return ids


def _entries(listing) -> list:
    return [listing.entry(i) for i in range(len(listing))]


def _same_as_the_whole_listing(workspace) -> None:
    me = workspace.annotator.id
    paged, whole = workspace.repo.document_pages(me), workspace.repo.document_listing(me)
    assert list(paged.ids) == whole.ids and len(paged) == len(whole)
    assert _entries(paged) == _entries(whole)
    assert {s: paged.count(s) for s in Status} == {s: whole.count(s) for s in Status}


def test_pages_give_every_line_the_whole_listing_gives(workspace):
    _project(workspace, gap=False)
    assert isinstance(workspace.repo.document_pages(workspace.annotator.id).ids, range)
    _same_as_the_whole_listing(workspace)


def test_ids_with_gaps_are_listed_too(workspace):
    _project(workspace, gap=True)
    assert isinstance(workspace.repo.document_pages(workspace.annotator.id).ids, list)
    _same_as_the_whole_listing(workspace)


def test_an_empty_project_lists_nothing(workspace):
    paged = workspace.repo.document_pages(workspace.annotator.id)
    assert len(paged) == 0 and paged.count(Status.NEW) == 0


def test_showing_a_row_reads_only_its_page(workspace):
    ids = _project(workspace, gap=False)
    statements: list[str] = []
    paged = workspace.repo.document_pages(workspace.annotator.id)
    workspace.repo.db.conn.set_trace_callback(statements.append)
    try:
        entry = paged.entry(1100)
        assert entry.id == ids[1100] and entry.name == "1100.txt" and entry.span_count == 1
        assert paged.statuses[3] is Status.DONE and paged.span_counts[3] == 2
        paged.statuses[3] = Status.NEW  # what the list's model does after a change: no query
    finally:
        workspace.repo.db.conn.set_trace_callback(None)
    assert len(statements) == 6  # two pages, three queries each
    assert all("BETWEEN" in s for s in statements) and listing_module.PAGE < 1100
    assert paged.statuses[3] is Status.NEW


def test_the_counts_per_status_are_read_once_then_follow_the_changes(workspace):
    _project(workspace, gap=False)
    paged = workspace.repo.document_pages(workspace.annotator.id)
    assert (paged.count(Status.DONE), paged.count(Status.IN_PROGRESS), paged.count(Status.NEW)) == (2, 2, 1196)
    statements: list[str] = []
    workspace.repo.db.conn.set_trace_callback(statements.append)
    try:
        paged.statuses[700] = Status.DONE  # in progress -> done
        paged.statuses[5] = Status.NEW  # unchanged
        counts = {s: paged.count(s) for s in Status}
    finally:
        workspace.repo.db.conn.set_trace_callback(None)
    assert counts == {Status.DONE: 3, Status.IN_PROGRESS: 1, Status.NEW: 1196}
    assert len(statements) == 6  # the two pages changed, no count query

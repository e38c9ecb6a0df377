"""The export's packed reading (storage/export_source.py, `packed=True`) on both backends: a
SQLite project groups each document's spans in SQL, a PostgreSQL one reads them by streams
(its SQL has no json_group_array); either way the documents are those read by streams."""

from __future__ import annotations

from desktop.core.model import Status
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.storage.export_unread import SpansUnread
from desktop.storage.postgres.store import PostgresStore
from tests.storage.test_contract import _sara, _span, backend, store  # noqa: F401  (fixtures)


def test_packed_reads_what_streams_read_on_either_backend(store):  # noqa: F811
    sara = _sara(store)
    with store.action("omid"):
        omid = store.ensure_annotator("omid")
        store.set_status(2, omid.id, Status.DONE)
    _span(store, 1, 9, 14)
    _span(store, 1, 0, 3, "person", sara)
    _span(store, 2, 0, 5, "person", omid)
    server = isinstance(store, PostgresStore)
    with store.export_source() as source:
        for selection in (Selection(), Selection("omid"), Selection(statuses=("done",))):
            annotators = source.layer_annotators(selection.layer)
            packed = list(source.documents(selection, annotators, packed=True))
            streams = list(source.documents(selection, annotators))
            assert packed == streams and [d.spans for d in packed] == [d.spans for d in streams]
            assert {type(d) for d in packed} == ({StoredDocument} if server else {SpansUnread})
            assert [d.done for d in packed] == [d.done for d in streams] and ["omid"] in [d.done for d in packed]

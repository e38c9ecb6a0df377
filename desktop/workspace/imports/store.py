"""Storing one imported record: its document (or the one already there) and its spans.

A document already in the project (same content hash) is reused and only
gains the spans it lacks, so importing a file twice adds nothing. The layers
a record says finished the document (a submitted Label Studio annotation,
empty or not) get the status done. Spans get
origin `imported`; the native JSONL keeps the origin it states, unless
`--annotator` re-attributes the spans: it is Barchasb's own lossless format,
and a round trip through it must not rewrite the file's history. Its gold layer
(spans with `provenance`) comes back as gold, with the rules of imports/gold.py.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.clock import now
from desktop.core.model import Annotator, Origin, Span, Status, checked_span
from desktop.formats.records import DocumentRecord
from desktop.storage.contract import ProjectStore
from desktop.storage.repository import NewDocument
from desktop.storage.rows import dumps
from desktop.workspace.imports.gold import GoldPlacer
from desktop.workspace.imports.meta import MetaJson, document_meta
from desktop.workspace.imports.prepared import Prepared, Stored, sha256

if TYPE_CHECKING:
    from desktop.storage.background import Background

_ORIGINS = set(Origin)
# Records whose documents are placed (and their rows handed over) together. 128, not 256: the rows
# thread starts on the first chunk sooner and lags the read by less at its end (doccano-1k: the wait
# after the read 27.4 -> 20.1 ms median at load ~5.5; fewer instructions on both threads, callgrind).
STAGED_CHUNK = 128
LAST_CHUNK = 64  # ... near the end of the file: the last chunk's rows are written after the read
# ... the first: the rows thread, the import's long path since session 12, has nothing to do until it
# comes (doccano-1k: its first statement at 11-15 ms instead of 19-22, timelines with CPU preference).
FIRST_CHUNK = 32
_LAYER_ORDER = attrgetter("annotator_id", "document_id", "start", "end", "label")  # of a Span
_Row = tuple[int, int, int, str]  # a streamed span row: document, start, end, label


class PendingRows:
    """What a file brings, written all at once after its last record: documents
    (their ids handed out as they come, so spans can refer to them) and spans,
    one statement each instead of one per row. Remembers what it holds, so no
    document or span goes in twice. With `later` (the action's `Background`), the
    records `stage`d while the file is read have their document rows written by
    it, a chunk at a time, while the reading goes on; their history waits for `flush`.
    After `stream(...)`, their span rows go too (see there)."""

    def __init__(self, repo: ProjectStore, gold: GoldPlacer | None = None, later: Background | None = None) -> None:
        self.repo = repo
        self.later = later
        self._staged: list[tuple[Prepared, str, Path]] = []
        self._metas: list[str] = []  # the JSON of each sent document's meta, for its history
        self._meta_json: list[str] = []  # ... of each document added (`documents`), made as it is placed
        self._history: list[object] = []  # the values of the first documents' history rows (`prepare_history`)
        self._held = False  # hold_layer_sequence() was asked (see there)
        self.gold = gold  # the file's gold layer, when it has one (native JSONL)
        self.stamp = now()  # when the file's documents were imported (one clock reading a file)
        self._meta_of = MetaJson(self.stamp)
        self.documents: list[NewDocument] = []
        self.spans: list[Span] = []
        self.gold_spans: list[tuple[Span, dict | None, tuple[str, int]]] = []  # with provenance, where it is
        self.done: dict[tuple[int, int], None] = {}  # (document, annotator) to mark done, in order
        self._first_id: int | None = None
        self._by_hash: dict[str, int] = {}
        self._keys: dict[int, set[tuple[int, int, int, str]]] = {}
        self._people: dict[str, Annotator] = {}
        self._stored: dict[str, int] | None = None  # content hash -> id, when looked up
        self._empty: bool | None = None  # the project had no documents at the first look-up
        # The ids of the spans seen, stored or written (document, annotator, start, end, label),
        # and of those written: the links stored after them need not read them back.
        self.span_ids: dict[tuple[int, int, int, int, str], int] = {}
        self.written: set[int] = set()
        self.added_documents: set[int] = set()  # the ids of the documents added (every span of them written)
        # Streaming span rows while the file is read (`stream`): who stores, the layer (made later,
        # its id foreseen), the first span id, the clock reading of every span, the rows of a chunk
        # (document, start, end, label: no `Span` each), the rows written and their layer's id.
        self._streaming: tuple[str, str | None] | None = None
        self._foreseen: dict[str, Annotator] = {}
        self._first_span: int | None = None
        self._span_stamp = ""
        self._rows: list[_Row] = []
        self._streamed: list[_Row] = []
        self._stream_layer = 0

    def look_up(self, hashes: list[str]) -> None:
        """Find the stored documents among these content hashes in a few queries
        (else `document_id` asks once per record). In a project that had no documents
        when the first look-up came, there is nothing to find: the file's own documents
        are the only ones (in `_by_hash`), so the rows handed to `later` are not waited for
        before each chunk (doccano-1k into a new project: 125 -> 110 ms, median of 15)."""
        if self._empty is None:
            self.quiet()
            self._empty = self.repo.document_count() == 0
        if self._empty:
            self._stored = self._stored or {}
            return
        self.quiet()
        found = self.repo.documents_by_hash(hashes)
        self._stored = found if self._stored is None else self._stored | found

    def prepare_history(self) -> None:
        """Make the values of the history rows of the documents sent so far (`flush` writes them),
        while the rows thread writes the last chunk and the caller would only wait for it."""
        if self._metas and not self._history:
            assert self._first_id is not None
            self._history = self.repo.document_history_values(
                self.documents[: len(self._metas)], self._first_id, self._metas
            )

    def quiet(self) -> None:
        """Wait for the rows handed to `later` (the connection is the caller's again)."""
        if self.later is not None:
            self.later.drain()

    def stream(self, actor: str, annotator: str | None) -> None:
        """Write the span rows of the records `stage`d, a chunk at a time, while the file is read
        (records in one layer, `annotator or actor`, each a new document: a doccano file's): the
        rows wait for nothing but their documents' (the labels and the layer they name are stored
        after the file is read, `make_layers`, as without streaming; the database checks the
        references at COMMIT). Their ids are the ones `flush` would give (layer, document, offsets:
        new documents get increasing ids, so chunk after chunk is that order); a record that breaks
        it (a document met before, another layer) stops the streaming, and `flush` writes the rest
        after them, or all again when the rest would come first. Only with a `later` that runs on
        a thread (SQLite)."""
        if self.later is not None and self.later.threaded:
            self._streaming = (actor, annotator)

    def make_layers(self) -> None:
        """Make the layers whose ids the streamed span rows foresaw (after the file's labels, where
        `store_record` would have made them)."""
        for name, foreseen in self._foreseen.items():
            self.quiet()
            made = self.repo.ensure_annotator(name)
            if made.id != foreseen.id:  # nothing else writes layers inside the import's action
                raise RuntimeError(f"layer {name!r} got id {made.id}, its span rows say {foreseen.id}")
            self._people[name] = made
        self._foreseen = {}

    def stage(self, item: Prepared, fmt: str, path: Path, left: int | None = None) -> None:
        """Place the record's document now (found, or added and its row written soon):
        `store_record` takes the placement (`item.placed`) and does the rest. `left`: about
        how many records come after it (the file's lines): the last ones go in smaller chunks,
        since what the last chunk writes is waited for once the file is read."""
        self._staged.append((item, fmt, path))
        chunk = STAGED_CHUNK if left is None or left > STAGED_CHUNK else min(STAGED_CHUNK, LAST_CHUNK)
        if not self._metas:  # (no document sent yet)
            chunk = min(chunk, FIRST_CHUNK)
        if len(self._staged) >= chunk:
            self.place_staged()

    def place_staged(self) -> None:
        """Place the documents of the records staged so far; hand their new rows to `later`."""
        staged, self._staged = self._staged, []
        if not staged:
            return
        self.look_up([item.content_hash() for item, _, _ in staged])
        if self._streaming is not None and self._first_span is None:
            self._start_stream()
        for item, fmt, path in staged:
            item.placed.append(self.place(item, fmt, path))
        self.send_documents()
        if self._streaming is not None:
            self._stream_spans(staged)

    def _start_stream(self) -> None:
        """Before the first span row is streamed (the connection free): its id, its layer's."""
        assert self._streaming is not None
        actor, annotator = self._streaming
        name = annotator or actor
        layer = self.repo.find_annotator(name)
        if layer is not None and layer.kind == "gold":
            self._streaming = None  # (gold layers are placed per document)
            return
        first = self.repo.start_span_stream()
        if first is None:
            self._streaming = None
            return
        self._first_span, self._span_stamp = first, now()
        if layer is not None:
            self._people[name] = layer
            return
        if not self._held:  # its sqlite_sequence row before the spans' (it would be made before them)
            self._held = self.repo.hold_layer_sequence(before_spans=True)
        self._foreseen[name] = Annotator(self.repo.next_layer_id(), name, "human")

    def _stream_spans(self, staged: list[tuple[Prepared, str, Path]]) -> None:
        """Store the staged records and write their span rows, while their order holds (see `stream`)."""
        assert self._streaming is not None and self.later is not None and self._first_span is not None
        actor, annotator = self._streaming
        layer = self.annotator(annotator or actor)
        for item, _, _ in staged:
            record = item.record
            if not item.placed[0][1] or record.done or any(span.annotator for span in record.spans):
                self._streaming = None  # a document met before, or another layer: the rest at `flush`
                break
            item.stored.append(self._store_new(item, layer))
        chunk, self._rows = self._rows, []
        chunk.sort()  # (document, start, end, label): the rows' order in one layer (`_LAYER_ORDER`)
        first = self._first_span + len(self._streamed)
        in_order = not self._streamed or not chunk or chunk[0] > self._streamed[-1]  # (all in `layer`)
        if not (in_order and self.repo.stream_span_rows(chunk, first, self._span_stamp, self.later, layer.id)):
            self.spans += _spans(chunk, layer.id)  # (never met: new documents in one layer follow the ones before)
            self._streaming = None
            return
        self._streamed += chunk  # (their ids go to `span_ids` at `flush`, beside the history's SQL)
        self._stream_layer = layer.id

    def _store_new(self, item: Prepared, layer: Annotator) -> Stored:
        """`store_record` of a record whose document was just added, its spans all in `layer`
        (not gold; origin `imported`): each span once, no lookups per span (2x the speed), its
        row (document, start, end, label) in `_rows`."""
        doc_id, who, rows = item.placed[0][0], layer.id, self._rows
        keys = self.keys(doc_id, True)
        before = len(keys)
        for span in item.record.spans:
            key = (who, span.start, span.end, span.label)
            if key not in keys:
                keys.add(key)
                rows.append((doc_id, span.start, span.end, span.label))
        new = len(keys) - before
        return Stored(doc_id, True, new, len(item.record.spans) - new)

    def send_documents(self) -> None:
        """Write (or hand to `later`) the rows of the documents added since the last call."""
        sent = len(self._metas)
        if sent == len(self.documents):
            return
        if self._first_id is None:
            self._first_id = self.repo.next_document_id()
        if not self._held and self.later is not None:
            self._held = self.repo.hold_layer_sequence()
        docs = self.documents[sent:]
        metas = self._meta_json[sent:]
        self._metas += metas
        self.repo.insert_document_rows(docs, self._first_id + sent, metas, self.later)

    def place(self, item: Prepared, fmt: str, path: Path) -> tuple[int, bool]:
        """(id, added) of the record's document: pending or stored, else added here."""
        record = item.record
        content_hash = item.content_hash()
        doc_id = self.document_id(content_hash)
        if doc_id is not None:
            item.take_utf8()  # (not needed: the document is there)
            return doc_id, False
        raw_hash = content_hash if item.raw == record.text else sha256(item.raw)
        normalised = item.offsets is not None
        meta = document_meta(record, fmt, path, normalised, self.stamp)
        doc = NewDocument(
            record.name, record.text, item.raw, content_hash, raw_hash, item.offsets, meta, item.take_utf8()
        )
        return self.add_document(doc, self._meta_of(record, fmt, path, normalised)), True

    def document_id(self, content_hash: str) -> int | None:
        """The id of the document with this text: pending, stored, or None."""
        found = self._by_hash.get(content_hash)
        if found is None and self._stored is not None:
            found = self._stored.get(content_hash)
        elif found is None:
            found = self.repo.document_by_hash(content_hash)
        return found

    def add_document(self, doc: NewDocument, meta: str | None = None) -> int:
        """The id the new document gets (`meta`: the JSON of its meta, when made already)."""
        if self._first_id is None:
            self.quiet()
            self._first_id = self.repo.next_document_id()
        doc_id = self._by_hash[doc.content_hash] = self._first_id + len(self.documents)
        self.documents.append(doc)
        self._meta_json.append(dumps(doc.meta) if meta is None else meta)
        return doc_id

    def layer(self, doc_id: int, name: str, record: DocumentRecord, added: bool) -> Annotator:
        """The local layer a file layer's spans of this document go to (gold: see imports/gold.py)."""
        if self.gold is not None and name in self.gold.names:
            return self.gold.target(doc_id, record, added)
        return self.annotator(name)

    def known_layer(self, name: str) -> Annotator | None:
        """The layer `annotator(name)` gave, if it was asked for (no SQL)."""
        return self._people.get(name)

    def annotator(self, name: str) -> Annotator:
        if name in self._foreseen:
            return self._foreseen[name]  # (made by `make_layers`)
        if name not in self._people:
            self.quiet()
            self._people[name] = self.repo.ensure_annotator(name)
        return self._people[name]

    def keys(self, doc_id: int, added: bool) -> set[tuple[int, int, int, str]]:
        """(annotator, start, end, label) of the document's spans, stored or pending."""
        if doc_id not in self._keys:
            if not added:
                self.quiet()
            stored = [] if added else self.repo.spans(doc_id)
            self._keys[doc_id] = {(s.annotator_id, s.start, s.end, s.label) for s in stored}
            for s in stored:
                if s.id is not None:
                    self.span_ids[doc_id, s.annotator_id, s.start, s.end, s.label] = s.id
        return self._keys[doc_id]

    def flush(self) -> None:
        """Write what is pending. With `later`, the documents' history and the span rows and
        their history are handed to it (the caller goes on to the links: `quiet()` before SQL)."""
        self.place_staged()
        self._streaming = None
        self.make_layers()
        self.quiet()
        later, self.later = self.later, None
        self.send_documents()  # (the rows not sent yet: at once)
        first_span = self.repo.next_span_id() if later is not None and self.spans else 0  # (before any is handed over)
        if self.documents:
            assert self._first_id is not None
            self.added_documents.update(range(self._first_id, self._first_id + len(self.documents)))
            self.repo.record_documents(self.documents, self._first_id, self._metas, later, self._history)
        # Layer by layer, in text order: the ids a project gets when each layer was labelled (or
        # imported, or merged) in turn, so a gold provenance's source span id reads back the same.
        self.spans.sort(key=_LAYER_ORDER)
        streamed, layer = len(self._streamed), self._stream_layer
        if streamed:
            assert later is not None and self._first_span is not None
            first_span, last = self._first_span, (layer, *self._streamed[-1])
            if self.spans and not (self.spans[0].annotator_id == layer and _LAYER_ORDER(self.spans[0]) > last):
                # the rest comes before (or among) the rows streamed: all of them again, in order
                self.repo.unstream_span_rows(first_span, first_span + streamed - 1, later)
                self.spans = sorted(_spans(self._streamed, layer) + self.spans, key=_LAYER_ORDER)
                streamed = 0
        stamp = self._span_stamp or None
        ids = (
            None
            if later is None
            else self.repo.insert_spans_later(
                self.spans, first_span, later, action="span.import", streamed=streamed, stamp=stamp
            )
        )
        if ids is None and self._streamed:  # (ids from `first_span` are gone: never met, all are one layer's)
            raise RuntimeError("span rows streamed, the others not writable with the same ids")
        if ids is None:
            if later is not None:
                later.drain()
            ids = self.repo.insert_spans(self.spans, action="span.import")
        if streamed:  # (noted here, not as each chunk was streamed: the file's read is the longer path there)
            assert self._first_span is not None
            for span_id, (doc_id, start, end, label) in enumerate(self._streamed, self._first_span):
                self.span_ids[doc_id, layer, start, end, label] = span_id
            self.written.update(range(self._first_span, self._first_span + streamed))
        for s, span_id in zip(self.spans, ids):
            self.span_ids[s.document_id, s.annotator_id, s.start, s.end, s.label] = span_id
        self.written.update(ids)
        if later is not None and (self.gold_spans or self.done):
            later.drain()
        for span, data, where in self.gold_spans:  # after the layers: provenance names their spans
            assert self.gold is not None
            provenance = self.gold.span_provenance(span.document_id, data, where)
            self.repo.insert_gold(span, provenance, action="gold.import")
        self.gold_spans = []
        if self.done:
            self.repo.set_statuses(list(self.done), Status.DONE)
        if self._held:
            if later is not None:
                later.submit(self.repo.release_layer_sequence)
            else:
                self.repo.release_layer_sequence()
            self._held = False
        self.later = later
        self.documents, self.spans, self._first_id, self._stored, self._metas = [], [], None, None, []
        self._meta_json = []
        self._history = []
        self._streamed, self._first_span, self._span_stamp, self._stream_layer = [], None, "", 0
        self.done = {}
        self._by_hash.clear()


def _spans(rows: list[_Row], layer: int) -> list[Span]:
    """The spans of streamed rows (or rows that could not be streamed), all in `layer`."""
    return [checked_span(doc_id, start, end, label, layer, Origin.IMPORTED) for doc_id, start, end, label in rows]


def store_record(
    repo: ProjectStore,
    item: Prepared,
    fmt: str,
    path: Path,
    actor: str,
    annotator: str | None,
    pending: PendingRows | None = None,
) -> Stored:
    """Store one record inside the caller's action (it joins `pending`, when given,
    for the caller to flush; else it is written before returning)."""
    record = item.record
    batch = pending or PendingRows(repo)
    doc_id, added = item.placed[0] if item.placed else batch.place(item, fmt, path)
    existing = batch.keys(doc_id, added)
    new = duplicate = 0
    keep_origins = fmt == "jsonl" and annotator is None
    layers: dict[str, Annotator] = {}  # the record's layers by name, looked up once each
    for span in record.spans:
        layer_name = annotator or span.annotator or actor
        layer = layers.get(layer_name) or layers.setdefault(layer_name, batch.layer(doc_id, layer_name, record, added))
        who = layer.id
        key = (who, span.start, span.end, span.label)
        if key in existing:
            duplicate += 1
            continue
        keep = keep_origins and span.origin in _ORIGINS
        origin = Origin(span.origin) if keep and span.origin is not None else Origin.IMPORTED
        made = checked_span(doc_id, span.start, span.end, span.label, who, origin)  # checked when read
        if layer.kind == "gold":
            batch.gold_spans.append((made, span.provenance, (str(path), record.line)))
        else:
            batch.spans.append(made)
        existing.add(key)
        new += 1
    for name in record.done:
        batch.done[doc_id, batch.layer(doc_id, annotator or name or actor, record, added).id] = None
    if pending is None:
        batch.flush()
    return Stored(doc_id, added, new, duplicate)

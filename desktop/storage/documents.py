"""Documents and per-annotator document status.

A document keeps its raw original (the decoded file, verbatim) beside the
stored text. When the two are the same (no normalisation asked for, or none
needed) the `raw` column holds '' instead of a second copy, as `offsets`
holds NULL for the identity map: an import of verbatim text writes half as
much (bench/run.py import.plain-10k: 0.95 s -> 0.80 s). A file is never
empty, so '' is unambiguous; `Repository.document()` gives the raw either way.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from desktop.core.clock import now
from desktop.core.errors import NotFound
from desktop.core.model import Document, DocumentInfo, Status
from desktop.storage.base import _HISTORY_VALUES, _INSERT_HISTORY, RepositoryBase
from desktop.storage.listing import PagedListing
from desktop.storage.rows import RawJson, document_from_row, dumps, info_from_row, inserted_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desktop.storage.background import Background

_TEXTS_KEPT = 2
_HISTORY_COLUMNS = _HISTORY_VALUES.count("?")  # values a history row
_INSERT_DOCUMENTS = (
    "INSERT INTO documents (id, name, content_hash, raw_hash, text, raw, offsets, meta, length, created_at) VALUES"
)
_DOCUMENT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
# SQLite: the text bound as its UTF-8 bytes when the caller has them (`NewDocument.utf8`), read as
# TEXT (a BLOB cast to TEXT is its bytes in the database's encoding, UTF-8): the same value as the str.
_UTF8_DOCUMENT_VALUES = "(?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?)"


@dataclass(frozen=True, slots=True)
class NewDocument:
    """Everything needed to store an imported document."""

    name: str
    text: str
    raw: str
    content_hash: str
    raw_hash: str
    offsets: str | None  # JSON of the stored -> raw map; None when identical
    meta: dict[str, Any]
    # `text` in UTF-8 when the caller has it (it hashed them): SQLite takes these bytes instead of
    # encoding the text again while binding it, with the GIL held, on the thread writing the rows.
    utf8: bytes | None = field(default=None, compare=False, repr=False)


def document_afters(docs: Sequence[NewDocument], metas: Sequence[str]) -> list[RawJson]:
    """The `after` JSON of the documents' import history rows (`record_documents`), each
    assembled around its meta already serialised (keys in dumps' sorted order)."""
    return [
        RawJson(f'{{"content_hash":{dumps(doc.content_hash)},"meta":{meta},"name":{dumps(doc.name)}}}')
        for doc, meta in zip(docs, metas, strict=False)
    ]


def raw_column(doc: NewDocument) -> str:
    """What the `raw` column stores: '' when the raw original is the text itself."""
    return "" if doc.raw == doc.text else doc.raw


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document as the document list shows it for one annotator."""

    info: DocumentInfo
    status: Status
    span_count: int


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One line of the document list: a document as one annotator sees it listed."""

    id: int
    name: str
    status: Status
    span_count: int


@dataclass(frozen=True, slots=True)
class DocumentListing:
    """The document list for one annotator, column by column, in id order.

    Columns rather than an object per document: a 100,000-document project
    lists in ~0.15 s and a few MB, where `DocumentRow`s (with their metadata
    parsed) took 1.5 s and 100 MB.
    """

    ids: list[int]
    names: list[str]
    statuses: list[Status]
    span_counts: list[int]

    def __len__(self) -> int:
        return len(self.ids)

    def entry(self, position: int) -> DocumentEntry:
        return DocumentEntry(
            self.ids[position], self.names[position], self.statuses[position], self.span_counts[position]
        )

    def count(self, status: Status) -> int:
        return self.statuses.count(status)


_STATUSES = {status.value: status for status in Status}


def _document_values(doc: NewDocument, meta: str, created: str, text: str | bytes | None = None) -> tuple[object, ...]:
    """A document row's values after its id, in the order of its INSERTs' columns (`text`: what
    to bind for the text, its UTF-8 for `_UTF8_DOCUMENT_VALUES`; else the str)."""
    return (
        doc.name,
        doc.content_hash,
        doc.raw_hash,
        doc.text if text is None else text,
        raw_column(doc),
        doc.offsets,
        meta,
        len(doc.text),
        created,
    )


class DocumentsMixin(RepositoryBase):
    def insert_document(self, doc: NewDocument) -> int:
        created = now()
        cursor = self.db.execute(
            "INSERT INTO documents (name, content_hash, raw_hash, text, raw, offsets, meta, length,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _document_values(doc, dumps(doc.meta), created),
        )
        doc_id = inserted_id(cursor)
        self.record(
            "document.import",
            "document",
            doc_id,
            doc_id,
            None,
            {"name": doc.name, "content_hash": doc.content_hash, "meta": doc.meta},
        )
        return doc_id

    def insert_documents(self, docs: list[NewDocument], first_id: int | None = None) -> list[int]:
        """Store several documents with one statement each for rows and history (an
        import's batch); returns their ids in order. Same rows as `insert_document`.
        `first_id` is `next_id("documents")` taken earlier in the same action."""
        if not docs:
            return []
        first = self.next_id("documents") if first_id is None else first_id
        metas = [dumps(doc.meta) for doc in docs]
        self.insert_document_rows(docs, first, metas)
        self.record_documents(docs, first, metas)
        return list(range(first, first + len(docs)))

    def insert_document_rows(
        self, docs: list[NewDocument], first: int, metas: list[str], later: Background | None = None
    ) -> None:
        """The rows of `insert_documents` alone (ids from `first`, `metas` the JSON of each meta),
        handed to `later` when given; `record_documents` writes their history. On SQLite many
        rows a statement: a statement runs without the GIL, a row of `executemany` takes it back.
        A text whose UTF-8 the document carries is bound as those bytes (`_UTF8_DOCUMENT_VALUES`)."""
        created = now()
        conn = self.db.conn
        if not isinstance(conn, sqlite3.Connection):
            rows = [
                (n, *_document_values(doc, meta, created))
                for n, doc, meta in zip(range(first, first + len(docs)), docs, metas)
            ]
            conn.executemany(f"{_INSERT_DOCUMENTS} {_DOCUMENT_VALUES}", rows)
            return
        from desktop.storage.background import multi_row_inserts

        rows = [
            (n, *_document_values(doc, meta, created, doc.text if doc.utf8 is None else doc.utf8))
            for n, doc, meta in zip(range(first, first + len(docs)), docs, metas)
        ]
        run = conn.execute if later is None else partial(later.submit, conn.execute)
        for sql, parameters in multi_row_inserts(conn, _INSERT_DOCUMENTS, _UTF8_DOCUMENT_VALUES, rows):
            run(sql, parameters)

    def hold_layer_sequence(self, before_spans: bool = False) -> bool:
        """Give `annotators` its sqlite_sequence row now, when neither it nor `documents` has one (a
        new project), before document rows that come ahead of an import's first layer (written while
        the file is read, the layers made after it): the rows stay in the order the import had when
        it wrote documents after layers. `before_spans`: when `annotators` has none, whatever
        `documents` has (span rows written before their layer is made come after it). True when
        held (`release_layer_sequence` after)."""
        if not isinstance(self.db.conn, sqlite3.Connection):
            return False
        names = "('annotators')" if before_spans else "('annotators', 'documents')"
        if self.scalar(f"SELECT count(*) FROM sqlite_sequence WHERE name IN {names}"):
            return False
        self.db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('annotators', 0)")
        return True

    def next_layer_id(self) -> int:
        """The id the next layer made (`ensure_annotator`) gets, inside the same action."""
        return self.next_id("annotators")

    def release_layer_sequence(self) -> None:
        """Drop the row `hold_layer_sequence` gave `annotators` if no layer was made after all."""
        if isinstance(self.db.conn, sqlite3.Connection):
            self.db.execute("DELETE FROM sqlite_sequence WHERE name = 'annotators' AND seq = 0")

    def document_history_values(self, docs: list[NewDocument], first: int, metas: list[str]) -> list[object]:
        """The values of the documents' import history rows (`record_documents`), nine a row in the
        INSERT's column order, ids from `first`, each row's time (its first value) left None:
        `record_documents` sets it when it writes them (an import makes these while it waits for
        its rows thread, and the history's times still follow its ids)."""
        if self._batch is None:
            raise RuntimeError("a change outside Repository.action()")
        actor, batch = self._actor, self._batch
        values: list[object] = []
        for doc_id, after in zip(range(first, first + len(docs)), document_afters(docs, metas), strict=False):
            values += (None, actor, "document.import", "document", str(doc_id), doc_id, batch, None, after)
        return values

    def record_documents(
        self,
        docs: list[NewDocument],
        first: int,
        metas: list[str],
        later: Background | None = None,
        values: list[object] | None = None,
    ) -> None:
        """The history rows `insert_document` writes, for documents `insert_document_rows` wrote,
        their JSON assembled around the meta already serialised (keys in dumps' sorted order:
        content_hash, meta, name). `values`: those of the first documents' rows, made earlier
        (`document_history_values`); with `later`, the statements are handed to it (on SQLite,
        many rows a statement)."""
        values = values or []
        done = min(len(values) // _HISTORY_COLUMNS, len(docs))
        made = [
            *values[: done * _HISTORY_COLUMNS],
            *self.document_history_values(docs[done:], first + done, metas[done:]),
        ]
        made[0::_HISTORY_COLUMNS] = [now()] * (len(made) // _HISTORY_COLUMNS)  # (one time, as record_many)
        conn = self.db.conn
        if later is None or not isinstance(conn, sqlite3.Connection):
            conn.executemany(f"{_INSERT_HISTORY} {_HISTORY_VALUES}", list(zip(*[iter(made)] * _HISTORY_COLUMNS)))
            return
        from desktop.storage.background import rows_a_statement

        # many rows a statement: a statement runs without the GIL, executemany's rows take it back
        step = rows_a_statement(conn, _HISTORY_COLUMNS) * _HISTORY_COLUMNS
        for i in range(0, len(made), step):
            part = made[i : i + step]
            sql = f"{_INSERT_HISTORY} {', '.join([_HISTORY_VALUES] * (len(part) // _HISTORY_COLUMNS))}"
            later.submit(conn.execute, sql, part)

    def find_document(self, content_hash: str, raw_hash: str | None = None) -> int | None:
        """The id of a document with this stored text or this raw original."""
        found: int | None = self.scalar(
            "SELECT id FROM documents WHERE content_hash = ? OR raw_hash = ? LIMIT 1",
            [content_hash, raw_hash or content_hash],
        )
        return found

    def document(self, doc_id: int) -> Document:
        row = self.db.execute(
            "SELECT id, name, content_hash, text, raw, meta FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no document #{doc_id}")
        return document_from_row(row)

    def document_name(self, doc_id: int) -> str:
        """A document's name, without reading its text."""
        name: str | None = self.scalar("SELECT name FROM documents WHERE id = ?", [doc_id])
        if name is None:
            raise NotFound(f"no document #{doc_id}")
        return name

    def document_text(self, doc_id: int) -> str:
        """The stored text; the last few read are kept (a text never changes, ids are never reused):
        each label on a 1 MB document read it again for the entity panel (docs/performance.md)."""
        texts: dict[int, str] = self.__dict__.setdefault("_texts", {})
        if (text := texts.get(doc_id)) is not None:
            return text
        found: str | None = self.scalar("SELECT text FROM documents WHERE id = ?", [doc_id])
        if found is None:
            raise NotFound(f"no document #{doc_id}")
        if self._settled():
            if len(texts) >= _TEXTS_KEPT:
                del texts[next(iter(texts))]  # the oldest
            texts[doc_id] = found
        return found

    def document_length(self, doc_id: int) -> int:
        """The stored text's length in code points, remembered: `length` is stored after the text,
        so reading it walks the text's overflow pages (2 MB for the 1 MB document, at each label)."""
        lengths: dict[int, int] = self.__dict__.setdefault("_lengths", {})
        if (length := lengths.get(doc_id)) is not None:
            return length
        stored: int | None = self.scalar("SELECT length FROM documents WHERE id = ?", [doc_id])
        if stored is None:
            raise NotFound(f"no document #{doc_id}")
        if self._settled():
            lengths[doc_id] = stored
        return stored

    def _settled(self) -> bool:
        """Outside a transaction: a row read inside one may yet be rolled back (and its id reused)."""
        return not getattr(getattr(self.db, "conn", None), "in_transaction", True)

    def document_offsets(self, doc_id: int) -> str | None:
        offsets: str | None = self.scalar("SELECT offsets FROM documents WHERE id = ?", [doc_id])
        return offsets

    def document_count(self) -> int:
        count: int = self.scalar("SELECT count(*) FROM documents")
        return count

    def document_infos(self) -> list[DocumentInfo]:
        rows = self.db.execute("SELECT id, name, content_hash, length, meta FROM documents ORDER BY id")
        return [info_from_row(row) for row in rows]

    def document_rows(self, annotator_id: int, ids: list[int] | None = None) -> list[DocumentRow]:
        """Documents (all, or these ids) with this annotator's status and span count."""
        where, params = "", [annotator_id, annotator_id]
        if ids is not None:
            where = f" WHERE d.id IN ({','.join('?' * len(ids))})"
            params += list(ids)
        rows = self.db.execute(
            "SELECT d.id, d.name, d.content_hash, d.length, d.meta,"
            " coalesce(s.status, 'new'),"
            " (SELECT count(*) FROM spans p WHERE p.document_id = d.id AND p.annotator_id = ?)"
            " FROM documents d LEFT JOIN document_status s"
            f" ON s.document_id = d.id AND s.annotator_id = ?{where} ORDER BY d.id",
            params,
        )
        return [DocumentRow(info_from_row(r[:5]), Status(r[5]), r[6]) for r in rows]

    def document_listing(self, annotator_id: int, ids: list[int] | None = None) -> DocumentListing:
        """Every document (or these) with this annotator's status and span count.

        Three plain queries merged in Python: the names (never reading the texts
        stored after them in each row), the annotator's statuses, and span counts
        from the spans index.
        """
        where, params = "", []
        if ids is not None:
            where = f" IN ({','.join('?' * len(ids))})"
            params = list(ids)
        rows = self.db.execute(
            f"SELECT id, name FROM documents{' WHERE id' + where if where else ''} ORDER BY id", params
        ).fetchall()
        statuses = dict(
            self.db.execute(
                "SELECT document_id, status FROM document_status WHERE annotator_id = ?"
                + (f" AND document_id{where}" if where else ""),
                [annotator_id, *params],
            )
        )
        counts = dict(
            self.db.execute(
                "SELECT document_id, count(*) FROM spans WHERE annotator_id = ?"
                + (f" AND document_id{where}" if where else "")
                + " GROUP BY document_id",
                [annotator_id, *params],
            )
        )
        doc_ids = [row[0] for row in rows]
        new = Status.NEW
        return DocumentListing(
            doc_ids,
            [row[1] for row in rows],
            [_STATUSES[statuses[i]] if i in statuses else new for i in doc_ids],
            [counts.get(i, 0) for i in doc_ids],
        )

    def document_pages(self, annotator_id: int) -> PagedListing:
        """Every document's line, read a page at a time as shown (see `desktop.storage.listing`)."""
        return PagedListing.open(lambda sql, params: self.db.execute(sql, params).fetchall(), annotator_id)

    def status(self, doc_id: int, annotator_id: int) -> Status:
        value = self.scalar(
            "SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?",
            [doc_id, annotator_id],
        )
        return Status(value or Status.NEW)

    def set_status(self, doc_id: int, annotator_id: int, status: Status) -> Status:
        """Set the status; returns the previous one. No-op (and no history) if unchanged."""
        before = self.status(doc_id, annotator_id)
        if before == status:
            return before
        self.db.execute(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id)"
            " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            [doc_id, annotator_id, str(status), now()],
        )
        self.record(
            "status.set",
            "status",
            f"{doc_id}/{annotator_id}",
            doc_id,
            {"status": str(before), "annotator_id": annotator_id},
            {"status": str(status), "annotator_id": annotator_id},
        )
        return before

    def set_statuses(self, pairs: list[tuple[int, int]], status: Status) -> int:
        """`set_status` for many (document, annotator) pairs at once, as an import needs:
        one statement for the rows, one for the history. Returns how many changed."""
        before: dict[tuple[int, int], str] = {}
        for i in range(0, len(pairs), 400):
            chunk = pairs[i : i + 400]
            marks = ",".join("(?, ?)" for _ in chunk)
            before.update(
                ((d, a), value)
                for d, a, value in self.db.execute(
                    "SELECT document_id, annotator_id, status FROM document_status"
                    f" WHERE (document_id, annotator_id) IN (VALUES {marks})",
                    [x for pair in chunk for x in pair],
                )
            )
        changed = [
            (d, a, before.get((d, a), str(Status.NEW)))
            for d, a in dict.fromkeys(pairs)
            if before.get((d, a), str(Status.NEW)) != str(status)
        ]
        stamp = now()
        self.db.conn.executemany(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id)"
            " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            [(d, a, str(status), stamp) for d, a, _ in changed],
        )
        self.record_many(
            "status.set",
            "status",
            [
                (f"{d}/{a}", d, {"status": old, "annotator_id": a}, {"status": str(status), "annotator_id": a})
                for d, a, old in changed
            ],
        )
        return len(changed)

    def document_meta(self, doc_id: int) -> dict[str, Any]:
        meta: str | None = self.scalar("SELECT meta FROM documents WHERE id = ?", [doc_id])
        if meta is None:
            raise NotFound(f"no document #{doc_id}")
        parsed: dict[str, Any] = json.loads(meta)  # written from a dict by `dumps`
        return parsed

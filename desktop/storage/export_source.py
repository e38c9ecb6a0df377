"""The export read model: the chosen layer, statuses and labels of a project, streamed.

Export reads through its own read-only connection inside one read
transaction (storage.snapshot), so it sees one consistent snapshot while the
window keeps writing (WAL), and a worker thread never shares the window's
connection. Documents, spans and the layers that finished each document come
from cursors merged on the document id (or, packed, from one cursor: each
document's spans one JSON text SQLite groups), so memory stays constant however
large the project is. `open_export_source(path)` is the file backend's way in;
`ProjectStore.export_source()` (desktop/storage/contract.py) is the contract's.

This module is the way in and picks the reading; the parts live beside it:
export_selection.py (what an export takes, as SQL), export_document.py (the
`StoredDocument` read), export_unread.py (documents whose spans stay a text until
read), export_linked.py (relations, attributes, links and rejections by document),
export_streams.py (the plain reading) and export_grouped.py (the packed and the
column readings). `Selection` and `StoredDocument` are importable from here too:
they are what `ExportSource` takes and gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from desktop.core.relations import Entity, RelationType
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_grouped import column_documents, packed_documents, packs
from desktop.storage.export_selection import Selection, SpanQuery, count_documents, layer_annotators
from desktop.storage.export_streams import documents_by_streams
from desktop.storage.reader import Reader
from desktop.storage.relation_rows import RELATION_TYPE_COLUMNS, relation_type_from_row
from desktop.storage.snapshot import open_snapshot
from desktop.storage.token_bounds import JOIN as BOUNDS_JOIN
from desktop.storage.token_bounds import BoundsRow
from desktop.storage.token_bounds import keep_in_file as keep_bounds_in_file

# The names importers read here: this module's own, and the two values `ExportSource` takes and gives.
__all__ = [
    "ExportSource",
    "Selection",
    "StoredDocument",
    "entities_of",
    "iter_documents",
    "open_export_source",
]


@contextmanager
def open_export_source(path: Path) -> Iterator[ExportSource]:
    """The export read model of a project file, over a snapshot of its own (closed on exit);
    it reads and keeps documents' token boundaries (storage/token_bounds.py)."""
    conn = open_snapshot(path)
    try:
        yield ExportSource(conn, lambda rows: keep_bounds_in_file(path, rows))
    finally:
        conn.close()


class ExportSource:
    """One snapshot of a project, asked what an export takes. With `keep_bounds` the
    backend stores token boundaries: documents come with theirs, and an export that
    tokenised documents hands their boundaries back (`keep_token_bounds`)."""

    def __init__(self, conn: Reader, keep_bounds: Callable[[Sequence[BoundsRow]], bool] | None = None) -> None:
        self._conn = conn
        self._keep_bounds = keep_bounds

    @property
    def stores_token_bounds(self) -> bool:
        """Whether documents' token boundaries are kept in this project (its file's, not a server's)."""
        return self._keep_bounds is not None

    def keep_token_bounds(self, rows: Sequence[BoundsRow]) -> bool:
        """Store boundaries an export made (derived data; False when they could not be kept now)."""
        return self._keep_bounds is not None and self._keep_bounds(rows)

    def layer_annotators(self, layer: str) -> dict[int, str]:
        """Annotator ids and names of a layer (`gold` may be empty)."""
        return layer_annotators(self._conn, layer)

    def label_keys(self) -> list[str]:
        """The project's label keys in scheme order."""
        return [key for (key,) in self._conn.execute("SELECT key FROM labels ORDER BY sort_order, key")]

    def count_documents(self, selection: Selection, annotators: dict[int, str]) -> int:
        return count_documents(self._conn, selection, annotators)

    def documents(
        self,
        selection: Selection,
        annotators: dict[int, str],
        tokenizer: int | None = None,
        packed: bool = False,
        columns: bool = False,
    ) -> Iterator[StoredDocument]:
        """The selected documents in id order, each with its selected spans (and, given the
        `tokenizer` version, the token boundaries stored for it, where the project keeps them).
        `packed`: for documents most of which an export worker writes (their rows are made there).
        `columns`: for a reader of a chunk's spans as arrays (`SpansColumns`, spaCy's)."""
        tokenizer = tokenizer if self.stores_token_bounds else None
        return iter_documents(self._conn, selection, annotators, tokenizer, packed, columns)

    def relation_types(self) -> list[RelationType]:
        """The scheme's relation types in order."""
        rows = self._conn.execute(f"SELECT {RELATION_TYPE_COLUMNS} FROM relation_types ORDER BY sort_order, key")
        return [relation_type_from_row(row) for row in rows]

    def has_relations(self) -> bool:
        """Whether the project holds any relation."""
        return bool(self._conn.execute("SELECT EXISTS (SELECT 1 FROM relations)").fetchone()[0])

    def entity_fields(self) -> frozenset[str]:
        """The `label.name` attribute fields that hold entity ids."""
        rows = self._conn.execute("SELECT label, name FROM attribute_fields WHERE kind = 'entity'")
        return frozenset(f"{label}.{name}" for label, name in rows)

    def entities(self, ids: set[int]) -> list[Entity]:
        """The registry's entities with these ids (those the exported spans link to), by id."""
        return entities_of(self._conn, ids)


def iter_documents(
    conn: Reader,
    selection: Selection,
    annotators: dict[int, str],
    tokenizer: int | None = None,
    packed: bool = False,
    columns: bool = False,
) -> Iterator[StoredDocument]:
    """The selected documents in id order, each with its selected spans (and with `tokenizer`,
    the token boundaries stored by that version, None where there are none). With `packed`
    (SQLite), each document's span rows come as one JSON text, made rows when first read: less
    for this process to do and to pickle when most documents go to export workers, a little more
    when all are written here (turning the JSON into rows costs more than sqlite3's rows). With
    `columns` (SQLite, no gold provenance), each document's spans come as texts of their columns
    (`SpansColumns`), for a reader that parses a chunk's at once into arrays."""
    bounds, join, first = "NULL, NULL", "", []
    if tokenizer is not None:
        bounds, join, first = "b.tokens, b.sentences", f" {BOUNDS_JOIN}", [tokenizer]
    # Provenance columns only when some gold span has them: fetching eight NULLs per
    # span would cost a fifth of a plain export.
    provenance = conn.execute("SELECT EXISTS (SELECT 1 FROM gold_provenance)").fetchone()[0]
    # The review's row helpers (~15 ms of imports) where used: an export worker imports none.
    from desktop.storage.review import provenance_columns

    spans = SpanQuery(
        's.start, s."end", s.label, s.annotator_id, s.origin, s.id'
        + (f", {provenance_columns('g')}" if provenance else ""),
        "spans s LEFT JOIN gold_provenance g ON g.span_id = s.id" if provenance else "spans s",
    )
    documents = f"SELECT d.id, d.name, d.content_hash, d.text, d.meta, {bounds}{{}} FROM documents d{join}"
    read = packed_documents if packed and packs(conn) else documents_by_streams
    if columns and not provenance and packs(conn):
        read = column_documents
    yield from read(conn, selection, annotators, documents, first, spans)


def entities_of(conn: Reader, ids: set[int]) -> list[Entity]:
    """Entities by id, with their aliases in order."""
    found: list[Entity] = []
    chosen = sorted(ids)
    for i in range(0, len(chosen), 500):
        chunk = chosen[i : i + 500]
        marks = ",".join("?" * len(chunk))
        aliases: dict[int, list[str]] = {}
        for eid, alias in conn.execute(
            f"SELECT entity_id, alias FROM entity_aliases WHERE entity_id IN ({marks}) ORDER BY entity_id, position",
            chunk,
        ):
            aliases.setdefault(eid, []).append(alias)
        rows = conn.execute(
            f"SELECT id, name, type, external_id FROM entities WHERE id IN ({marks}) ORDER BY id", chunk
        )
        found += [Entity(n, t, tuple(aliases.get(e, ())), x, e) for e, n, t, x in rows]
    return found

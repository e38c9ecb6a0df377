"""What an export takes (`Selection`: a layer, statuses, labels and their mapping), and the SQL it
becomes: the layer's annotators, the conditions on documents and on spans, the span rows' columns.

Every reading of the export's documents (export_streams.py, export_grouped.py) and the count of
them share these conditions, so a selection means the same rows however they are read; the
dialog and the CLI build a `Selection` and need nothing else of the reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.errors import InputError, NotFound
from desktop.storage.reader import Reader


@dataclass(frozen=True)
class Selection:
    """Which spans and documents an export takes."""

    layer: str = "all"  # all, gold, or an annotator's name
    statuses: tuple[str, ...] = ()  # only (document, annotator) pairs in these statuses
    labels: tuple[str, ...] = ()  # keep only these labels (names before or after mapping)
    mapping: dict[str, str] = field(default_factory=dict)  # rename or merge labels

    def output_label(self, label: str) -> str | None:
        """The label a span is exported with, or None when it is left out."""
        mapped = self.mapping.get(label, label)
        if self.labels and label not in self.labels and mapped not in self.labels:
            return None
        return mapped


@dataclass(frozen=True)
class SpanQuery:
    """The span rows' columns (after the document id) and the tables they come from."""

    columns: str
    tables: str


def layer_annotators(conn: Reader, layer: str) -> dict[int, str]:
    """Annotator ids and names of a layer (`gold` may be empty)."""
    rows = conn.execute("SELECT id, name, kind FROM annotators ORDER BY id").fetchall()
    if layer == "all":
        return {i: name for i, name, _ in rows}
    if layer == "gold":
        return {i: name for i, name, kind in rows if kind == "gold"}
    name = layer.removeprefix("annotator:")
    found = {i: n for i, n, _ in rows if n == name}
    if not found:
        known = ", ".join(n for _, n, _ in rows) or "none yet"
        raise NotFound(f"no annotator {name!r} in this project (annotators: {known})")
    return found


def selection_filters(selection: Selection, annotators: dict[int, str]) -> tuple[str, str, list[str]]:
    """SQL conditions for documents and for spans, and their shared parameters."""
    ids = ",".join(str(i) for i in annotators) or "NULL"
    if not selection.statuses:
        return "1 = 1", f"s.annotator_id IN ({ids})", []
    from desktop.core.model import Status  # where used: not in an export worker (export_document.py)

    for status in selection.statuses:
        if status not in set(Status):
            raise InputError("export.unknown_status", status=status)
    marks = ",".join("?" * len(selection.statuses))
    status_of = (
        "coalesce((SELECT status FROM document_status ds WHERE ds.document_id = {d} AND ds.annotator_id = {a}), 'new')"
    )
    docs = (
        f"EXISTS (SELECT 1 FROM annotators a WHERE a.id IN ({ids}) AND "
        f"{status_of.format(d='d.id', a='a.id')} IN ({marks}))"
    )
    spans = f"s.annotator_id IN ({ids}) AND {status_of.format(d='s.document_id', a='s.annotator_id')} IN ({marks})"
    return docs, spans, list(selection.statuses)


def count_documents(conn: Reader, selection: Selection, annotators: dict[int, str]) -> int:
    docs, _, params = selection_filters(selection, annotators)
    return int(conn.execute(f"SELECT count(*) FROM documents d WHERE {docs}", params).fetchone()[0])

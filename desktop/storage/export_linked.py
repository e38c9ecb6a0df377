"""What comes with a document's spans, by document: the relations, attribute values and entity
links of the selected spans and the review's relation rejections, and `ByDocument`, which takes
rows sorted by document id one document at a time.

Both readings of the export's documents (export_streams.py, export_grouped.py) read these the
same way, as cursors merged on the document id beside their documents' query, so they are
written once here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from desktop.storage.export_document import Row
from desktop.storage.reader import Reader

# The review's row helpers are imported where they are used (see export_document.py's note).


def relation_rejections(conn: Reader, annotators: dict[int, str]) -> Iterator[Row]:
    """The review's relation rejections, by document, when gold is exported (they are its decisions)."""
    ids = ",".join(str(i) for i in annotators) or "NULL"
    gold = f"SELECT EXISTS (SELECT 1 FROM annotators WHERE kind = 'gold' AND id IN ({ids}))"
    if not conn.execute(gold).fetchone()[0]:
        return iter(())
    from desktop.storage.review_relations import REJECTION_COLUMNS  # where used: see the note at the imports

    sql = f"SELECT document_id, {REJECTION_COLUMNS} FROM review_relation_rejections ORDER BY document_id, id"
    return iter(conn.cursor().execute(sql))


def rejection_json(row: Row) -> dict[str, Any]:
    """A relation rejection as the native format writes it (ends as [start, end, label])."""
    from desktop.storage.review_relations import relation_rejection_from_row  # where used: see the note at the imports

    r = relation_rejection_from_row(row)
    return {"head": list(r.head), "tail": list(r.tail), "type": r.type, "layers": list(r.layers),
            "decided_by": r.decided_by, "decided_at": r.decided_at}  # fmt: skip


def linked_sql(spans_where: str) -> list[tuple[str, int]]:
    """Relations, attribute values and entity links of the selected spans, by document:
    the same span condition as the spans' (on both ends of a relation), so nothing
    points outside what is exported."""
    from desktop.storage.review_relations import PROVENANCE_COLUMNS  # where used: see the note at the imports

    provenance = ", ".join(f"p.{column.strip()}" for column in PROVENANCE_COLUMNS.split(","))
    head, tail = (re.sub(r"\bs\.", f"{alias}.", spans_where) for alias in ("h", "t"))
    return [
        (
            "SELECT r.document_id, r.head, r.tail, r.type, r.annotator_id, r.origin, r.note,"
            f" {provenance} FROM relations r"
            " JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
            " LEFT JOIN gold_relation_provenance p ON p.relation_id = r.id"
            f" WHERE {head} AND {tail} ORDER BY r.document_id, r.id",
            2,
        ),
        (
            "SELECT s.document_id, a.span_id, a.name, a.value FROM span_attributes a JOIN spans s ON s.id = a.span_id"
            f" WHERE {spans_where} ORDER BY s.document_id, a.span_id, a.name",
            1,
        ),
        (
            "SELECT s.document_id, e.span_id, e.entity_id FROM span_entities e JOIN spans s ON s.id = e.span_id"
            f" WHERE {spans_where} ORDER BY s.document_id, e.span_id",
            1,
        ),
    ]


class ByDocument:
    """Rows whose first column is a document id, in id order, taken one document at a time."""

    __slots__ = ("_groups", "group")

    def __init__(self, rows: Iterable[Row]) -> None:
        self._groups = groupby(rows, itemgetter(0))
        self.group = next(self._groups, None)  # the next document's (id, rows); None: no rows left

    def take(self, doc_id: int) -> list[Row]:
        group = self.group
        while group is not None and group[0] < doc_id:
            group = next(self._groups, None)
        if group is None or group[0] != doc_id:
            self.group = group
            return []
        rows = list(group[1])  # before the next group: groupby's groups share one iterator
        self.group = next(self._groups, None)
        return rows

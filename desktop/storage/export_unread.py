"""The kinds of stored document whose spans stay a text until read: `SpansUnread` (the JSON of
their rows, the packed reading's) and `SpansColumns` (one text of their columns, the columns'
reading), both on `_RowsLater`.

Kept apart from the readings that make them (export_grouped.py) because a document of either kind
travels: to an export worker, pickled (SpansUnread as its text), or to a reader of a chunk's spans
as arrays (spacy_raw reads `SpansColumns.columns`); either reads, compares and copies it as a
`StoredDocument`.
"""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

from desktop.storage.export_document import STORED_FIELDS, Row, StoredDocument, scan_json, stored_fields

_SPANS: Any = vars(StoredDocument)["spans"]  # the field's slot, under the subclasses' `spans` property


class _RowsLater(StoredDocument):
    """A stored document whose span rows are still a text SQLite grouped them in (in the slot its
    class names, `_TEXT`), made rows (`_parse`) when first read, once, in the order the streams
    read them. Reads, compares and copies as a `StoredDocument` with those rows."""

    __slots__ = ()
    _TEXT: str  # the slot holding the text until the rows are made (None then: made, or given as rows)

    def _parse(self, text: str) -> list[Row]:
        raise NotImplementedError

    def _rows(self) -> list[Row]:
        text = getattr(self, self._TEXT)
        if text is None:
            return _SPANS.__get__(self)  # type: ignore[no-any-return]
        rows = self._parse(text)
        _SPANS.__set__(self, rows)  # before the text is dropped: another thread reads one or the other
        object.__setattr__(self, self._TEXT, None)
        return rows

    def _set_rows(self, rows: list[Row] | str) -> None:
        """Rows, or (from `iter_documents`, or unpickled) the text of them."""
        if isinstance(rows, str):
            object.__setattr__(self, self._TEXT, rows)
        else:
            _SPANS.__set__(self, rows)
            object.__setattr__(self, self._TEXT, None)

    spans = property(_rows, _set_rows)

    def __eq__(self, other: object) -> bool:
        # The dataclass's compares documents of one class only.
        if not isinstance(other, StoredDocument):
            return NotImplemented
        return stored_fields(self) == stored_fields(other)

    __hash__ = StoredDocument.__hash__


class SpansUnread(_RowsLater):
    """Spans as the JSON text of their rows without the document id (`packed_documents`), made
    rows here or in the export worker a document is sent to (pickled as that text: much less to
    pickle and no rows made in the exporting process, the long pole of a large token export)."""

    __slots__ = ("_packed",)
    _TEXT = "_packed"
    _packed: str | None

    def _parse(self, text: str) -> list[Row]:
        doc_id = self.id
        return [(doc_id, *row) for row in scan_json(text, 0)[0]]

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        packed = self._packed
        if packed is None:
            return StoredDocument, stored_fields(self)
        fields = _unread_fields(self)  # every field but the spans, which go as their text
        return SpansUnread, (*fields[:5], packed, *fields[5:])


class SpansColumns(_RowsLater):
    """Spans as one text of their columns (`column_documents`): JSON arrays of the starts, ends,
    annotator ids, span ids, origins and labels, joined by U+001F. `columns` hands that text to a
    reader that makes a chunk's spans arrays at once (spacy_raw) and never reads the rows.
    Pickles as a `StoredDocument` with its rows (what a worker reads)."""

    __slots__ = ("_columns",)
    _TEXT = "_columns"
    _columns: str | None

    @property
    def columns(self) -> str | None:
        """The spans' text, or None once they are rows (read them as `spans`)."""
        return self._columns

    def _parse(self, text: str) -> list[Row]:
        return column_rows(self.id, text)

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        return StoredDocument, stored_fields(self)


def column_rows(doc_id: int, text: str) -> list[Row]:
    """A `SpansColumns` text's span rows (document id, start, end, label, annotator id, origin, id)."""
    starts, ends, people, ids, origins, labels = map(json.loads, text.split("\x1f"))
    return [(doc_id, *row) for row in zip(starts, ends, labels, people, origins, ids, strict=True)]


_unread_fields = attrgetter(*(name for name in STORED_FIELDS if name != "spans"))

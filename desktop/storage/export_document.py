"""The document an export reads (`StoredDocument`), and the stored JSON its fields are read from.

It stands apart from the reading (export_source.py and the readings it picks) because every export
worker imports it to unpickle the documents sent to it, and needs none of the SQL: this module
imports nothing of the project but, where a gold span's provenance is asked, the review's row
helpers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

# The review's row helpers (desktop.storage.review, review_relations, core.model: ~15 ms of
# imports) are imported where they are used: every export worker imports this module to unpickle
# `StoredDocument`s and needs them only for gold provenance.

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One selected document as stored: `spans` are rows (document id, start, end,
    label, annotator id, origin, span id[, provenance columns]) in no set order, `done` the
    names of the selected layers that finished it. Labels are not mapped yet.
    `relations` are rows (document id, head span id, tail span id, type, annotator id,
    origin, note, gold provenance columns) between selected spans, `attributes` (document
    id, span id, name, JSON value) and `links` (document id, span id, entity id) of selected
    spans; `relation_rejections` the review's relation rejections (as dicts) when gold is
    among the selected layers."""

    id: int
    name: str
    content_hash: str
    text: str
    meta: dict[str, Any]
    spans: list[tuple[Any, ...]]
    done: list[str]
    relations: list[tuple[Any, ...]] = field(default_factory=list)
    attributes: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[Any, ...]] = field(default_factory=list)
    relation_rejections: list[dict[str, Any]] = field(default_factory=list)
    # Its stored token and sentence boundaries, packed (storage/token_bounds.py), when asked and kept.
    token_bounds: tuple[bytes, bytes] | None = None

    def __reduce__(self) -> tuple[type[StoredDocument], tuple[Any, ...]]:
        # By its fields in order: a large token export sends most documents to its workers as
        # stored (their records are made there); the slots dataclass default goes through `fields()`.
        # One attrgetter call, not a getattr per field: ~1 us less per document pickled.
        return StoredDocument, stored_fields(self)

    @staticmethod
    def provenance(row: tuple[Any, ...]) -> dict[str, Any] | None:
        """A gold span row's provenance, as a dict (None: none)."""
        from desktop.storage.review import provenance_from_row  # where used: see the note at the imports

        found = provenance_from_row(row[7:]) if len(row) > 7 else None
        return None if found is None else found.as_dict()

    @staticmethod
    def relation_provenance(row: tuple[Any, ...]) -> dict[str, Any] | None:
        """A gold relation row's provenance, as a dict (None: none, not gold)."""
        from desktop.storage.review_relations import relation_provenance_from_row

        return None if len(row) <= 7 or row[7] is None else relation_provenance_from_row(row[7:]).as_dict()


STORED_FIELDS = StoredDocument.__slots__
stored_fields = attrgetter(*STORED_FIELDS)  # a document's fields, as a tuple in order


# The C scanner `json.loads` ends in, without its wrappers (a third of its time on a stored meta).
scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def parse_meta(text: str) -> dict[str, Any]:
    """A document's stored meta JSON, parsed as `json.loads` parses it: stored metas are written
    compact, one object from the first character to the last; anything else goes through
    `json.loads` (its whitespace, its errors)."""
    try:
        value, end = scan_json(text, 0)
    except StopIteration:
        return json.loads(text)  # type: ignore[no-any-return]
    if end != len(text):
        return json.loads(text)  # type: ignore[no-any-return]
    return value  # type: ignore[no-any-return]

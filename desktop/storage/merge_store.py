"""Another project to merge from, wherever it lives: a file, or a server database.

`open_merge_source(location, target)` is the one way a merge opens its
sources. A file is read as it is (storage/merge_source.py: read-only, never
upgraded, an older schema's missing tables read as empty); any other
location is opened as a store (storage/locate.py) and read through the
contract's whole-project dump (`StoreMergeSource`), from one snapshot, in
the same rows the file reader gives: so an analyst who worked offline on a
file merges into the team's server project, and a server project merges
into a file, with one merge.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Protocol

from desktop.core.errors import InputError
from desktop.core.model import Annotator, Label
from desktop.core.review import Provenance
from desktop.storage.contract import ProjectStore
from desktop.storage.locate import display_location, is_server_url, open_store
from desktop.storage.merge_facts import DumpFacts, SourceFacts
from desktop.storage.merge_source import DocumentRows, open_other
from desktop.storage.new_project import Location, same_location
from desktop.storage.review import provenance_from_row
from desktop.storage.rows import label_from_row


class MergeSource(Protocol):
    """What a merge reads of another project (storage/merge_source.OtherProject's shape)."""

    document_count: int

    @property
    def name(self) -> str: ...
    @property
    def stem(self) -> str: ...
    def labels(self) -> list[Label]: ...
    def annotators(self) -> dict[int, Annotator]: ...
    def documents(self) -> Iterator[dict[str, Any]]: ...
    def spans(self) -> DocumentRows: ...
    def statuses(self) -> DocumentRows: ...
    def rejections(self) -> DocumentRows: ...
    def facts(self) -> SourceFacts: ...
    def close(self) -> None: ...


def open_merge_source(location: Location, target: Location) -> MergeSource:
    """Open the project at `location` to merge into the one at `target`, refusing itself."""
    if same_location(location, target):
        raise InputError("merge.into_itself", project=display_location(location))
    if not is_server_url(location):
        return open_other(Path(location), Path(target))
    return store_source(location)


def store_source(location: Location) -> StoreMergeSource:
    """The project at `location` opened as a store (any backend) and read for a merge."""
    store = open_store(location)
    try:
        return StoreMergeSource(store, display_location(location))
    except BaseException:
        store.close()
        raise


class StoreMergeSource:
    """A project store read for a merge, from one snapshot of it (closed with `close`)."""

    def __init__(self, store: ProjectStore, name: str, *, owned: bool = True) -> None:
        self._exits = ExitStack()
        if owned:
            self._exits.callback(store.close)
        self._dump = self._exits.enter_context(store.dump())
        self._name, self._stem = name, store.path.stem
        self.document_count = self._dump.count("documents")

    @property
    def name(self) -> str:
        return self._name

    @property
    def stem(self) -> str:
        """What side layers are suffixed with: `name@stem` (the file's or database's name)."""
        return self._stem

    def labels(self) -> list[Label]:
        return sorted((label_from_row(row) for row in self._dump.rows("labels")), key=lambda x: (x.order, x.key))

    def annotators(self) -> dict[int, Annotator]:
        return {row[0]: Annotator(row[0], row[1], row[2]) for row in self._dump.rows("annotators")}

    def documents(self) -> Iterator[dict[str, Any]]:
        """Each document as a dict: id, name, text, raw, raw_hash, offsets (JSON or None), meta (a dict)."""
        for doc_id, name, _, raw_hash, text, raw, offsets, meta, *_ in self._dump.rows("documents"):
            yield {
                "id": doc_id,
                "name": name,
                "text": text,
                "raw": raw,
                "raw_hash": raw_hash,
                "offsets": offsets,
                "meta": json.loads(meta),
            }

    def spans(self) -> DocumentRows:
        """(document, annotator, start, end, label, origin, note, created_at, provenance or None)."""
        decided = self._provenance()
        return DocumentRows(
            (doc, layer, start, end, label, origin, note, created, decided.get(sid))
            for sid, doc, start, end, label, layer, origin, note, created, _ in self._dump.rows("spans")
        )

    def statuses(self) -> DocumentRows:
        return DocumentRows(row[:3] for row in self._dump.rows("document_status"))

    def rejections(self) -> DocumentRows:
        """(document, start, end, label, layers (a tuple), decided_by, decided_at)."""
        return DocumentRows(
            (doc, start, end, label, tuple(json.loads(layers)), by, at)
            for _, doc, start, end, label, layers, by, at in self._dump.rows("review_rejections")
        )

    def facts(self) -> DumpFacts:
        """Its relation types, attribute fields, entities, relations, values and links."""
        return DumpFacts(self._dump)

    def close(self) -> None:
        self._exits.close()

    def _provenance(self) -> dict[int, Provenance]:
        """Gold spans' provenance by span id (gold only: a small part of the spans)."""
        found = {}
        for span_id, method, source_id, layers, start, end, label, by, at in self._dump.rows("gold_provenance"):
            provenance = provenance_from_row((method, by, at, source_id, layers, start, end, label))
            if provenance is not None:
                found[span_id] = provenance
        return found

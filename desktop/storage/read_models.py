"""Read models the use cases ask for: document texts, layer contents, existence checks.

Each answers one question of a use case in plain values (ids, strings, tuples),
so the workspace never writes a query: a second backend implements the same
methods (see desktop/storage/contract.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from desktop.storage.base import RepositoryBase

if TYPE_CHECKING:  # the agreement and export read models load when asked for: opening a project needs neither
    from desktop.storage.agreement_input import AgreementInput
    from desktop.storage.export_source import ExportSource

SpanKey = tuple[int, int, str]  # start, end, label


class ReadModelsMixin(RepositoryBase):
    def document_texts(self, ids: Iterable[int] | None = None) -> Iterator[tuple[int, str, str]]:
        """(id, name, text) of every document (or of these ids), in id order, streamed."""
        sql, params = "SELECT id, name, text FROM documents", []
        if ids is not None:  # read only the documents asked for
            sql += " WHERE id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(ids)))
        yield from self.db.execute(sql + " ORDER BY id", params)

    def document_by_hash(self, content_hash: str) -> int | None:
        """The id of the document whose stored text has this sha256, if any."""
        found = self.scalar("SELECT id FROM documents WHERE content_hash = ?", [content_hash])
        return None if found is None else int(found)

    def documents_by_hash(self, hashes: Iterable[str]) -> dict[str, int]:
        """content hash -> id of the stored documents among these hashes (a few queries, not one each)."""
        wanted = list(hashes)
        found: dict[str, int] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT content_hash, id FROM documents WHERE content_hash IN ({marks})"
            found.update(self.db.execute(sql, chunk))
        return found

    def next_span_id(self) -> int:
        """The id the next span gets (`insert_spans_later` hands ids out from here)."""
        return self.next_id("spans")

    def next_document_id(self) -> int:
        """The id the next document gets (never one used before); a bulk insert
        (`insert_documents(first_id=...)`) hands ids out from here inside its action."""
        return self.next_id("documents")

    def has_span(self, span_id: int) -> bool:
        return self.scalar("SELECT 1 FROM spans WHERE id = ?", [span_id]) is not None

    def has_spans(self, annotator_id: int) -> bool:
        """Whether the layer has any span at all."""
        return self.scalar("SELECT 1 FROM spans WHERE annotator_id = ? LIMIT 1", [annotator_id]) is not None

    def span_at(self, document_id: int, annotator_id: int, start: int, end: int, label: str) -> int | None:
        """The id of the layer's span with exactly this range and label, if any."""
        found = self.scalar(
            'SELECT id FROM spans WHERE document_id = ? AND annotator_id = ? AND start = ? AND "end" = ? AND label = ?',
            [document_id, annotator_id, start, end, label],
        )
        return None if found is None else int(found)

    def layer_span_keys(
        self, annotator_ids: Iterable[int], document_ids: Iterable[int] | None = None
    ) -> dict[int, set[SpanKey]]:
        """Per document, the (start, end, label) of these layers' spans (documents without any left out)."""
        ids = set(annotator_ids)
        wanted = None if document_ids is None else set(document_ids)
        out: dict[int, set[SpanKey]] = {}
        rows = self.db.execute('SELECT document_id, start, "end", label, annotator_id FROM spans')
        for doc, start, end, label, annotator in rows:
            if annotator in ids and (wanted is None or doc in wanted):
                out.setdefault(doc, set()).add((start, end, label))
        return out

    def labelled_strings(self, annotator_id: int) -> set[tuple[str, str]]:
        """(text, label) of every span in one layer."""
        rows = self.db.execute(
            'SELECT substr(d.text, s.start + 1, s."end" - s.start), s.label FROM spans s'
            " JOIN documents d ON d.id = s.document_id WHERE s.annotator_id = ?",
            [annotator_id],
        )
        return {(text, label) for text, label in rows}

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file (a project about to be moved or copied whole)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def agreement_input(self) -> Iterator[AgreementInput]:
        """The agreement input, read through this project's own connection."""
        from desktop.storage.agreement_input import AgreementInput
        from desktop.storage.token_counts import keep_in_file

        yield AgreementInput(self.db.conn, lambda counts, tokenizer: keep_in_file(self.path, counts, tokenizer))

    def export_source(self) -> AbstractContextManager[ExportSource]:
        """The export read model, over a read-only snapshot of its own (safe in a worker thread)."""
        from desktop.storage.export_source import open_export_source

        return open_export_source(self.path)

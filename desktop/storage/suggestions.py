"""Suggestions, gazetteers and trained suggester models in the project file.

Decisions on single suggestions (accept, reject, back to pending) are
journaled row by row; a run that adds or drops many pending suggestions is
journaled as one summary row per document, since the suggesters can always
make them again.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from desktop.core.clock import now
from desktop.core.errors import ConflictError, NotFound
from desktop.core.suggestion import Suggestion, SuggestionState
from desktop.storage.base import RepositoryBase
from desktop.storage.gazetteers import GazetteersMixin
from desktop.storage.rows import Row, dumps

COLUMNS = 'id, document_id, annotator_id, start, "end", label, source, score, state, detail, created_at, updated_at'
_CHUNK = 500


def suggestion_from_row(row: Row) -> Suggestion:
    sid, doc, annotator, start, end, label, source, score, state, detail, created, updated = row
    return Suggestion(doc, annotator, start, end, label, source, score, state, detail, sid, created, updated)


def suggestion_to_dict(item: Suggestion) -> dict[str, Any]:
    data = dataclasses.asdict(item)
    data["state"] = str(item.state)
    return data


class SuggestionsMixin(GazetteersMixin, RepositoryBase):
    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self.db.execute(f"SELECT {COLUMNS} FROM suggestions WHERE id = ?", [suggestion_id]).fetchone()
        if row is None:
            raise NotFound(f"no suggestion #{suggestion_id}")
        return suggestion_from_row(row)

    def find_suggestions(
        self,
        annotator_id: int,
        *,
        document_ids: Iterable[int] | None = None,
        ids: Iterable[int] | None = None,
        labels: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
        states: Iterable[str] | None = None,
    ) -> list[Suggestion]:
        """One layer's suggestions, filtered by any of the keywords, in text order."""
        where = ["annotator_id = ?"]
        params: list[int | str] = [annotator_id]
        for column, values in (
            ("document_id", document_ids),
            ("id", ids),
            ("label", labels),
            ("source", sources),
            ("state", states),
        ):
            if values is not None:
                plain = [str(v) if isinstance(v, SuggestionState) else v for v in values]
                where.append(f"{column} IN (SELECT value FROM json_each(?))")
                params.append(json.dumps(plain))
        sql = f'SELECT {COLUMNS} FROM suggestions WHERE {" AND ".join(where)} ORDER BY document_id, start, "end", label'
        return [suggestion_from_row(row) for row in self.db.execute(sql, params)]

    def insert_suggestions(self, items: Iterable[Suggestion], *, action: str = "suggestions.add") -> list[Suggestion]:
        """Store suggestions (keeping their ids when given, as undo does)."""
        stamp, stored = now(), []
        for item in items:
            item = dataclasses.replace(item, created_at=item.created_at or stamp, updated_at=stamp)
            try:
                cursor = self.db.execute(
                    f"INSERT INTO suggestions ({COLUMNS}) VALUES (:id, :document_id, :annotator_id,"
                    " :start, :end, :label, :source, :score, :state, :detail, :created_at,"
                    " :updated_at)",
                    suggestion_to_dict(item),
                )
            except sqlite3.IntegrityError as exc:
                raise ConflictError(
                    f"suggestion {item.label} [{item.start}, {item.end}) in "
                    f"document #{item.document_id} rejected: {exc}"
                ) from exc
            stored.append(dataclasses.replace(item, id=cursor.lastrowid))
        self._record_batch(action, stored, "added")
        return stored

    def delete_suggestions(
        self, items: Iterable[Suggestion], *, action: str = "suggestions.remove"
    ) -> list[Suggestion]:
        items = list(items)
        ids = [item.id for item in items]
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            self.db.execute(f"DELETE FROM suggestions WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        self._record_batch(action, items, "removed")
        return items

    def set_suggestion_state(
        self, suggestion_id: int, state: SuggestionState, *, action: str | None = None
    ) -> tuple[Suggestion, Suggestion]:
        """Record a decision on one suggestion; returns (before, after)."""
        before = self.suggestion(suggestion_id)
        after = dataclasses.replace(before, state=SuggestionState(state), updated_at=now())
        self.db.execute(
            "UPDATE suggestions SET state = ?, updated_at = ? WHERE id = ?",
            [str(after.state), after.updated_at, suggestion_id],
        )
        self.record(
            action or f"suggestion.{after.state}",
            "suggestion",
            suggestion_id,
            before.document_id,
            suggestion_to_dict(before),
            suggestion_to_dict(after),
        )
        return before, after

    def suggestion_counts(self, annotator_id: int) -> dict[str, Counter[str]]:
        """Per state, how many suggestions each label has in one layer."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        rows = self.db.execute(
            "SELECT state, label, count(*) FROM suggestions WHERE annotator_id = ? GROUP BY state, label",
            [annotator_id],
        )
        for state, label, count in rows:
            out[state][label] = count
        return dict(out)

    def _record_batch(self, action: str, items: list[Suggestion], verb: str) -> None:
        by_document: dict[int, list[Suggestion]] = defaultdict(list)
        for item in items:
            by_document[item.document_id].append(item)
        for doc, group in sorted(by_document.items()):
            summary = {
                verb: len(group),
                "sources": dict(Counter(i.source for i in group)),
                "annotator_id": group[0].annotator_id,
            }
            self.record(action, "suggestions", doc, doc, None, summary)

    # --- trained models -----------------------------------------------------------

    def save_suggester_model(self, name: str, layer: str, meta: dict[str, Any], model: bytes) -> None:
        before = self.suggester_model_meta(name)
        stamp = now()
        self.db.execute(
            "INSERT OR REPLACE INTO suggester_models (name, layer, meta, model, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, layer, dumps(meta), sqlite3.Binary(model), stamp],
        )
        after = {"layer": layer, "meta": meta, "created_at": stamp, "bytes": len(model)}
        self.record("model.save", "model", name, None, before, after)

    def suggester_model(self, name: str) -> tuple[dict[str, Any], bytes] | None:
        """(description, model bytes) of a stored model, or None."""
        meta = self.suggester_model_meta(name)
        if meta is None:
            return None
        row = self.db.execute("SELECT model FROM suggester_models WHERE name = ?", [name]).fetchone()
        return None if row is None else (meta, bytes(row[0]))

    def suggester_model_meta(self, name: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT layer, meta, created_at, length(model) FROM suggester_models WHERE name = ?", [name]
        ).fetchone()
        if row is None:
            return None
        return {"layer": row[0], "meta": json.loads(row[1]), "created_at": row[2], "bytes": row[3]}

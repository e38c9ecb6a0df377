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
    """A suggestion read back (`COLUMNS`): written by checked `Suggestion`s and the schema's CHECKs,
    so `Suggestion.__post_init__` is skipped, as for spans (`rows.span_from_row`): reading a
    document's thousands of suggestions after each propagation spent two thirds of its time there."""
    sid, doc, annotator, start, end, label, source, score, state, detail, created, updated = row
    return _trusted(doc, annotator, start, end, label, source, score, _STATES[state], detail, sid, created, updated)


def _trusted(*values: Any) -> Suggestion:
    """A suggestion from values already checked, in field order, set through the slots."""
    item = _new(Suggestion)
    for setter, value in zip(_SETTERS, values, strict=True):
        setter(item, value)
    return item


def _fields(item: Suggestion) -> tuple[Any, ...]:
    """Its fields before the id, in order."""
    return (
        item.document_id,
        item.annotator_id,
        item.start,
        item.end,
        item.label,
        item.source,
        item.score,
        item.state,
        item.detail,
    )


def _values(item: Suggestion) -> tuple[Any, ...]:
    """`_fields` as stored: the state as its text."""
    return (*_fields(item)[:7], str(item.state), item.detail)


_new = object.__new__
_STATES = {state.value: state for state in SuggestionState}
_SETTERS = [Suggestion.__dict__[f.name].__set__ for f in dataclasses.fields(Suggestion)]
_INSERT = f"INSERT INTO suggestions ({COLUMNS}) VALUES ({', '.join('?' * len(_SETTERS))})"


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
        """Store suggestions (keeping their ids when given, as undo does). New ones (a run, a
        propagation: hundreds after one label) go in with one statement, their ids handed out
        from `next_id` as AUTOINCREMENT would; a conflict names the suggestion, one by one."""
        items, stamp = list(items), now()
        if items and all(item.id is None for item in items):
            first = self.next_id("suggestions")
            rows = [(first + i, *_values(item), item.created_at or stamp, stamp) for i, item in enumerate(items)]
            try:
                with self.db.atomic():  # a conflict undoes the rows, then names its suggestion
                    self.db.conn.executemany(_INSERT, rows)
            except sqlite3.IntegrityError:
                rows = []
            if rows:
                stored = [
                    _trusted(*_fields(item), row[0], row[-2], stamp) for item, row in zip(items, rows, strict=True)
                ]
                self._record_batch(action, stored, "added")
                return stored
        stored = []
        for item in items:  # checked when made: stored from a tuple, copied without checking again
            created = item.created_at or stamp
            try:
                cursor = self.db.execute(_INSERT, (item.id, *_values(item), created, stamp))
            except sqlite3.IntegrityError as exc:
                raise ConflictError(
                    f"suggestion {item.label} [{item.start}, {item.end}) in "
                    f"document #{item.document_id} rejected: {exc}"
                ) from exc
            stored.append(_trusted(*_fields(item), cursor.lastrowid, created, stamp))
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

    def suggestion_source_counts(self, annotator_id: int) -> dict[str, Counter[str]]:
        """Per source, how many suggestions of one layer are in each state (the decisions
        the per-source precision is counted from)."""
        out: dict[str, Counter[str]] = defaultdict(Counter)
        rows = self.db.execute(
            "SELECT source, state, count(*) FROM suggestions WHERE annotator_id = ? GROUP BY source, state",
            [annotator_id],
        )
        for source, state, count in rows:
            out[source][state] = count
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

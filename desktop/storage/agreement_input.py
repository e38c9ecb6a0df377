"""What agreement is computed from: the layers, and per document their spans, in one ordered pass.

A layer annotated a document when it has spans there or its status there is
past "new"; only documents at least two of the chosen layers annotated are
read. Documents and spans come from two cursors merged on the document id, so
memory stays flat however large the project is; the layers' relations,
attribute values and entity links come the same way (`agreement_facts`). Read through the open
project's connection (`Repository.agreement_input()`) or through a read-only
snapshot of a file (`snapshot_agreement_input(path)`: safe in a worker thread).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.agreement.facts import FactScheme, LayerFacts
from desktop.core.errors import InputError, NotFound
from desktop.storage.agreement_facts import FactRows, fact_scheme
from desktop.storage.reader import Reader
from desktop.storage.snapshot import open_snapshot
from desktop.storage.token_counts import keep_in_file

Key = tuple[int, int, str]  # start, end, label
CHUNK = 2000  # documents a round of queries covers: memory stays flat however large the project
KeepCounts = Callable[[Mapping[int, int], int], bool]  # (counts, tokenizer) -> stored?


@dataclass(frozen=True, slots=True)
class AgreementDocument:
    """One document two or more layers annotated, with each chosen layer's spans."""

    id: int
    content_hash: str
    text: str | None  # None when asked without text
    annotated: set[str]  # the layers that annotated it
    spans: dict[str, list[Key]]  # every chosen layer, empty when it has none here
    facts: dict[str, LayerFacts] = field(default_factory=dict)  # layers with relations, attributes or links
    tokens: int | None = None  # its stored token count (of the tokenizer asked for), None when none is


class AgreementInput:
    """Reads the agreement input over one connection (not closed here); `keep` stores
    token counts counted meanwhile (elsewhere: the connection may be a read-only snapshot)."""

    def __init__(self, conn: Reader, keep: KeepCounts | None = None) -> None:
        self._conn = conn
        self._keep = keep

    def keep_token_counts(self, counts: Mapping[int, int], tokenizer: int) -> bool:
        """Store the token counts of documents read without one (False: not stored this time)."""
        return bool(counts) and self._keep is not None and self._keep(counts, tokenizer)

    def layers(self, names: Sequence[str] | None) -> dict[int, str]:
        """Layer ids to names: these `names` (checked), or every human layer with spans."""
        rows = self._conn.execute("SELECT id, name, kind FROM annotators ORDER BY id").fetchall()
        if names is None:
            used = {r[0] for r in self._conn.execute("SELECT DISTINCT annotator_id FROM spans")}
            return {i: name for i, name, kind in rows if kind == "human" and i in used}
        by_name = {name: i for i, name, _ in rows}
        if len(set(names)) != len(names):
            raise InputError("agreement.layer_twice")
        missing = [n for n in names if n not in by_name]
        if missing:
            known = ", ".join(name for _, name, _ in rows) or "none yet"
            raise NotFound(f"no layer {missing[0]!r} in this project (layers: {known})")
        return {by_name[n]: n for n in names}

    def scheme(self) -> FactScheme:
        """What comparing relations and attributes needs of the scheme."""
        return fact_scheme(self._conn)

    def documents(
        self,
        ids: dict[int, str],
        only: Sequence[int] | None = None,
        text: bool = True,
        facts: bool = True,
        tokenizer: int | None = None,
        between: tuple[int, int] | None = None,
    ) -> Iterator[AgreementDocument]:
        """Documents (of `only`, if given; with ids `between` first and last, if given) at least
        two of the layers `ids` annotated, in id order (with `facts`: with the layers' relations,
        attribute values and entity links; with `tokenizer`: with the token counts that version
        of the tokenizer stored)."""
        marks = ",".join(str(i) for i in ids) or "NULL"
        extra = FactRows(self._conn, ids, only) if facts else None
        if extra is not None and not extra.any:
            extra = None
        for low, high, scope in self._chunks(only, between):
            yield from self._chunk(ids, marks, (low, high, *scope), text, extra, tokenizer)

    def id_range(self, only: Sequence[int] | None = None) -> tuple[int, int]:
        """The first and last document id (of `only`, if given); (0, -1) when there is none."""
        if only is not None:
            return (min(only), max(only)) if only else (0, -1)
        low, high = self._conn.execute("SELECT min(id), max(id) FROM documents").fetchone()
        return (0, -1) if low is None else (low, high)

    def _chunks(
        self, only: Sequence[int] | None, between: tuple[int, int] | None
    ) -> Iterator[tuple[int, int, list[str]]]:
        """(first id, last id, [the chosen ids as JSON] or []) of each round of `CHUNK` documents."""
        first, last = self.id_range(only)
        if between is not None:
            first, last = max(first, between[0]), min(last, between[1])
        if only is not None:
            chosen = sorted(i for i in set(only) if first <= i <= last)
            for n in range(0, len(chosen), CHUNK):
                part = chosen[n : n + CHUNK]
                yield part[0], part[-1], [json.dumps(part)]
            return
        for low in range(first, last + 1, CHUNK):
            yield low, min(last, low + CHUNK - 1), []

    def _chunk(
        self,
        ids: dict[int, str],
        marks: str,
        params: tuple[Any, ...],
        text: bool,
        extra: FactRows | None,
        tokenizer: int | None,
    ) -> Iterator[AgreementDocument]:
        """The documents of one round: which layers annotated each (spans counted per layer, or a
        status past new), then the spans of all as one list of keys, sliced per document and layer."""
        scope = " AND document_id BETWEEN ? AND ?" + (
            " AND document_id IN (SELECT value FROM json_each(?))" * (len(params) > 2)
        )
        counts = self._conn.execute(
            f"SELECT document_id, annotator_id, count(*) FROM spans WHERE annotator_id IN ({marks}){scope}"
            " GROUP BY document_id, annotator_id ORDER BY document_id, annotator_id",
            params,
        ).fetchall()
        annotated: dict[int, set[str]] = {}
        for doc, who in self._conn.execute(
            f"SELECT document_id, annotator_id FROM document_status WHERE annotator_id IN ({marks})"
            f" AND status != 'new'{scope}",
            params,
        ).fetchall():
            annotated.setdefault(doc, set()).add(ids[who])
        for doc, who, _ in counts:
            annotated.setdefault(doc, set()).add(ids[who])
        wanted = sorted(doc for doc, names in annotated.items() if len(names) >= 2)
        if not wanted:
            return
        keys = self._conn.execute(
            f'SELECT start, "end", label FROM spans WHERE annotator_id IN ({marks}){scope}'
            ' ORDER BY document_id, annotator_id, start, "end"',
            params,
        ).fetchall()
        sliced: dict[int, dict[str, list[Key]]] = {}
        at = 0
        for doc, who, n in counts:  # in the keys' order
            sliced.setdefault(doc, {})[ids[who]] = keys[at : at + n]
            at += n
        docs = self._conn.cursor().execute(
            f"SELECT d.id, d.content_hash, {'d.text' if text else 'NULL'}, t.tokens FROM documents d"
            " LEFT JOIN document_tokens t ON t.document_id = d.id AND t.tokenizer = ?"
            " WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id",
            [-1 if tokenizer is None else tokenizer, json.dumps(wanted)],
        )
        names = list(ids.values())
        for doc_id, content_hash, body, tokens in docs:
            spans: dict[str, list[Key]] = {name: [] for name in names}
            spans.update(sliced.get(doc_id, ()))
            found = {} if extra is None else extra.take(doc_id)
            yield AgreementDocument(doc_id, content_hash, body, annotated[doc_id], spans, found, tokens)


@contextmanager
def snapshot_agreement_input(path: str | Path) -> Iterator[AgreementInput]:
    """The agreement input of a project file, read from a snapshot of its own."""
    conn = open_snapshot(Path(path))
    try:
        yield AgreementInput(conn, lambda counts, tokenizer: keep_in_file(Path(path), counts, tokenizer))
    finally:
        conn.close()

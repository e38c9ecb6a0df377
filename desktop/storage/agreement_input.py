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
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from desktop.core.agreement.facts import FactScheme, LayerFacts
from desktop.core.errors import InputError, NotFound
from desktop.storage.agreement_facts import FactRows, fact_scheme
from desktop.storage.reader import Reader
from desktop.storage.snapshot import open_snapshot
from desktop.storage.token_counts import keep_in_file

Key = tuple[int, int, str]  # start, end, label
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
    ) -> Iterator[AgreementDocument]:
        """Documents (of `only`, if given) at least two of the layers `ids` annotated, in id order
        (with `facts`: with the layers' relations, attribute values and entity links; with
        `tokenizer`: with the token counts that version of the tokenizer stored)."""
        marks = ",".join(str(i) for i in ids) or "NULL"
        scope = "" if only is None else " AND document_id IN (SELECT value FROM json_each(?))"
        params = [] if only is None else [json.dumps(list(only))]
        annotated: dict[int, set[str]] = {}
        for doc, who in self._conn.execute(
            f"SELECT document_id, annotator_id FROM spans WHERE annotator_id IN ({marks}){scope}"
            " GROUP BY document_id, annotator_id UNION SELECT document_id, annotator_id"
            f" FROM document_status WHERE annotator_id IN ({marks}) AND status != 'new'{scope}",
            params * 2,
        ):
            annotated.setdefault(doc, set()).add(ids[who])
        wanted = sorted(doc for doc, names in annotated.items() if len(names) >= 2)
        docs = self._conn.execute(
            f"SELECT d.id, d.content_hash, {'d.text' if text else 'NULL'}, t.tokens FROM documents d"
            " LEFT JOIN document_tokens t ON t.document_id = d.id AND t.tokenizer = ?"
            " WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.id",
            [-1 if tokenizer is None else tokenizer, json.dumps(wanted)],
        )
        rows = groupby(
            self._conn.cursor().execute(
                f'SELECT document_id, annotator_id, start, "end", label FROM spans'
                f" WHERE annotator_id IN ({marks}){scope} ORDER BY document_id, annotator_id",
                params,
            ),
            itemgetter(0),
        )
        pending = next(rows, None)
        extra = FactRows(self._conn, ids, only) if facts else None
        for doc_id, content_hash, body, tokens in docs:
            while pending is not None and pending[0] < doc_id:
                pending = next(rows, None)
            spans: dict[str, list[Key]] = {name: [] for name in ids.values()}
            if pending is not None and pending[0] == doc_id:
                for who, layer in groupby(pending[1], itemgetter(1)):  # a layer's keys sliced in C
                    spans[ids[who]] = [row[2:] for row in layer]
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

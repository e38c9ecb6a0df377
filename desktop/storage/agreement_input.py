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
from collections.abc import Iterator, Sequence
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

Key = tuple[int, int, str]  # start, end, label


@dataclass(frozen=True, slots=True)
class AgreementDocument:
    """One document two or more layers annotated, with each chosen layer's spans."""

    id: int
    content_hash: str
    text: str | None  # None when asked without text
    annotated: set[str]  # the layers that annotated it
    spans: dict[str, list[Key]]  # every chosen layer, empty when it has none here
    facts: dict[str, LayerFacts] = field(default_factory=dict)  # layers with relations, attributes or links


class AgreementInput:
    """Reads the agreement input over one connection (not closed here)."""

    def __init__(self, conn: Reader) -> None:
        self._conn = conn

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
        self, ids: dict[int, str], only: Sequence[int] | None = None, text: bool = True, facts: bool = True
    ) -> Iterator[AgreementDocument]:
        """Documents (of `only`, if given) at least two of the layers `ids` annotated, in id order
        (with `facts`: with the layers' relations, attribute values and entity links)."""
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
            f"SELECT id, content_hash, {'text' if text else 'NULL'} FROM documents"
            " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
            [json.dumps(wanted)],
        )
        rows = groupby(
            self._conn.cursor().execute(
                f'SELECT document_id, annotator_id, start, "end", label FROM spans'
                f" WHERE annotator_id IN ({marks}){scope} ORDER BY document_id",
                params,
            ),
            itemgetter(0),
        )
        pending = next(rows, None)
        extra = FactRows(self._conn, ids, only) if facts else None
        for doc_id, content_hash, body in docs:
            while pending is not None and pending[0] < doc_id:
                pending = next(rows, None)
            spans: dict[str, list[Key]] = {name: [] for name in ids.values()}
            if pending is not None and pending[0] == doc_id:
                for _, who, start, end, label in pending[1]:
                    spans[ids[who]].append((start, end, label))
            found = {} if extra is None else extra.take(doc_id)
            yield AgreementDocument(doc_id, content_hash, body, annotated[doc_id], spans, found)


@contextmanager
def snapshot_agreement_input(path: str | Path) -> Iterator[AgreementInput]:
    """The agreement input of a project file, read from a snapshot of its own."""
    conn = open_snapshot(Path(path))
    try:
        yield AgreementInput(conn)
    finally:
        conn.close()

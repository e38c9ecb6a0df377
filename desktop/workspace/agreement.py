"""Agreement over a project, for the CLI and the window's agreement panel.

One ordered pass over the chosen layers' spans, merged with the documents
that at least two of them annotated (a layer annotated a document when it
has spans there or its status there is past "new"). Each document is
tokenised once per process (agreement_tokens keeps the boundaries).

`source` is the open workspace, its repository (both read through their
connection), or a project path (a read-only snapshot of its own: safe in a
worker thread).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from desktop.core.agreement import AgreementBuilder, AgreementReport, unmatched
from desktop.core.errors import InputError, NotFound
from desktop.storage.repository import Repository
from desktop.workspace.agreement_tokens import TOKENS
from desktop.workspace.transfer_source import open_snapshot

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

    Source = Workspace | Repository | str | Path

Key = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A span of one layer that the other layer of a pair did not match."""

    document_id: int
    layer: str
    start: int
    end: int
    label: str
    other: tuple[Key, ...]   # the other layer's spans overlapping it (start, end, label)

    def as_dict(self) -> dict:
        return {"document_id": self.document_id, "layer": self.layer, "start": self.start,
                "end": self.end, "label": self.label, "other": [list(k) for k in self.other]}


def project_agreement(source: Source, layers: Sequence[str] | None = None, *,
                      documents: Sequence[int] | None = None,
                      per_document: bool = False) -> AgreementReport:
    """Pairwise span F1 and token kappa, and alpha over all `layers` (default:
    every human layer with spans), for the project or the given documents."""
    with _connection(source) as conn:
        ids = _layer_ids(conn, layers)
        builder = AgreementBuilder(list(ids.values()), per_document=per_document)
        for doc_id, content_hash, text, annotated, spans in _documents(conn, ids, documents):
            starts, ends, count = TOKENS.get(content_hash, text, spans.values())
            builder.add_document(doc_id, annotated, spans, starts, ends, count)
        return builder.report()


def pair_disagreements(source: Source, a: str, b: str, label: str | None = None, *,
                       mode: str = "exact",
                       documents: Sequence[int] | None = None) -> list[Mismatch]:
    """The spans behind a cell of the pair matrix: each span of a or b (with
    `label`, when given) left unmatched, with what the other layer has there."""
    with _connection(source) as conn:
        ids = _layer_ids(conn, [a, b])
        out: list[Mismatch] = []
        for doc_id, _, _, _, spans in _documents(conn, ids, documents, text=False):
            a_only, b_only = unmatched(spans[a], spans[b], mode)
            for layer, other, keys in ((a, spans[b], a_only), (b, spans[a], b_only)):
                out += [Mismatch(doc_id, layer, s, e, lab, _overlapping(other, s, e))
                        for s, e, lab in keys if label is None or lab == label]
        return sorted(out, key=lambda m: (m.document_id, m.start, m.end, m.layer))


def default_layers(source: Source) -> list[str]:
    with _connection(source) as conn:
        return list(_layer_ids(conn, None).values())


@contextmanager
def _connection(source: Source) -> Iterator[sqlite3.Connection]:
    repo = getattr(source, "repo", source)
    if isinstance(repo, Repository):
        yield repo.db.conn
        return
    conn = open_snapshot(Path(source))
    try:
        yield conn
    finally:
        conn.close()


def _layer_ids(conn: sqlite3.Connection, names: Sequence[str] | None) -> dict[int, str]:
    rows = conn.execute("SELECT id, name, kind FROM annotators ORDER BY id").fetchall()
    if names is None:
        used = {r[0] for r in conn.execute("SELECT DISTINCT annotator_id FROM spans")}
        return {i: name for i, name, kind in rows if kind == "human" and i in used}
    by_name = {name: i for i, name, _ in rows}
    if len(set(names)) != len(names):
        raise InputError("a layer is named twice")
    missing = [n for n in names if n not in by_name]
    if missing:
        known = ", ".join(name for _, name, _ in rows) or "none yet"
        raise NotFound(f"no layer {missing[0]!r} in this project (layers: {known})")
    return {by_name[n]: n for n in names}


def _documents(conn: sqlite3.Connection, ids: dict[int, str], only: Sequence[int] | None,
               text: bool = True) -> Iterator[tuple[int, str, str, set[str], dict[str, list[Key]]]]:
    """Documents at least two layers annotated, in id order, with their spans by layer."""
    marks = ",".join(str(i) for i in ids) or "NULL"
    scope = "" if only is None else " AND document_id IN (SELECT value FROM json_each(?))"
    params = [] if only is None else [json.dumps(list(only))]
    annotated: dict[int, set[str]] = {}
    for doc, who in conn.execute(
            f"SELECT document_id, annotator_id FROM spans WHERE annotator_id IN ({marks}){scope}"
            " GROUP BY document_id, annotator_id UNION SELECT document_id, annotator_id"
            f" FROM document_status WHERE annotator_id IN ({marks}) AND status != 'new'{scope}",
            params * 2):
        annotated.setdefault(doc, set()).add(ids[who])
    wanted = sorted(doc for doc, names in annotated.items() if len(names) >= 2)
    docs = conn.execute(f"SELECT id, content_hash, {'text' if text else 'NULL'} FROM documents"
                        " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                        [json.dumps(wanted)])
    rows = groupby(conn.cursor().execute(
        f'SELECT document_id, annotator_id, start, "end", label FROM spans'
        f" WHERE annotator_id IN ({marks}){scope} ORDER BY document_id", params), itemgetter(0))
    pending = next(rows, None)
    for doc_id, content_hash, body in docs:
        while pending is not None and pending[0] < doc_id:
            pending = next(rows, None)
        spans: dict[str, list[Key]] = {name: [] for name in ids.values()}
        if pending is not None and pending[0] == doc_id:
            for _, who, start, end, label in pending[1]:
                spans[ids[who]].append((start, end, label))
        yield doc_id, content_hash, body, annotated[doc_id], spans


def _overlapping(keys: list[Key], start: int, end: int) -> tuple[Key, ...]:
    return tuple(sorted(k for k in keys if k[0] < end and start < k[1]))

"""The scale corpus: a project of a million news documents (~3 GB of text), generated fast.

`corpus.py`'s generator builds every document and its spans in Python (100,000 documents
take ~110 s); a million that way would take twenty minutes. Here a few thousand bodies are
made once, with their spans, and each document is a unique dateline followed by one of
them: the text, hash and spans of a document are a string join, a sha256 and a shift of
precomputed offsets. Rows go in with `executemany` in batches, with the rollback journal
off and synchronous off (a scratch build: a failure leaves only the `.building` folder),
and `raw` is '' as a verbatim import stores it (the text is the raw original).

    .venv/bin/python bench/scale_corpus.py [DOCUMENTS]     build (cached) and describe
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import (  # noqa: E402
    STAMP,
    DocumentMaker,
    GeneratedDocument,
    Span,
    ensure,
    make_spans,
    meta_of,
    register,
    second_opinion,
)

BODIES = 4096  # distinct bodies; every document is still unique (its dateline numbers it)
BATCH = 5000
SHARE_SARA, SHARE_REZA, SPANS = 0.4, 0.2, 6  # as project-100k: 40% labelled by one, 20% by two


def _bodies(maker: DocumentMaker, rng: random.Random) -> list[tuple[str, list[Span], list[Span]]]:
    """Bodies (the paragraphs after a dateline) with two annotators' spans, body-relative."""
    out = []
    for n in range(BODIES):
        doc = maker.document(n + 1, 2000, 4000)
        cut = doc.text.index("\n\n") + 2
        body = GeneratedDocument("", doc.text[cut:], [(a - cut, b - cut) for a, b in doc.words])
        sara = make_spans(rng, body, SPANS)
        out.append((body.text, sara, second_opinion(rng, body, sara, SPANS)))
    return out


def build_scale(folder: Path, count: int, seed: int = 17) -> dict:
    """`count` documents of 2-4 KB into `folder`/project.barchasb; the facts."""
    from desktop.workspace import Workspace

    path = folder / "project.barchasb"
    Workspace.create(path).close()
    maker, rng = DocumentMaker(seed), random.Random(seed + 1)
    bodies = _bodies(maker, rng)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # scratch build: nothing to roll back to
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")  # the hash indexes stay in memory (400 MB)
    sara, reza = (
        conn.execute("INSERT INTO annotators (name, kind, created_at) VALUES (?, 'human', ?)", (who, STAMP)).lastrowid
        for who in ("sara", "reza")
    )
    conn.execute("BEGIN")
    total_bytes = spans_count = 0
    docs: list[tuple] = []
    spans: list[tuple] = []
    status: list[tuple] = []
    for n in range(1, count + 1):
        head = maker.dateline(n)
        body, sara_spans, reza_spans = bodies[rng.randrange(BODIES)]
        text = f"{head}\n\n{body}"
        data = text.encode("utf-8")
        total_bytes += len(data)
        digest = hashlib.sha256(data).hexdigest()
        name = f"news/{n // 1000:04d}/{n:07d}.txt"
        docs.append((n, name, digest, digest, text, "", meta_of(name), len(text), STAMP))
        shift = len(head) + 2
        for who, layer, share in ((sara, sara_spans, SHARE_SARA), (reza, reza_spans, SHARE_REZA)):
            if n > share * count:
                continue
            spans.extend((n, s + shift, e + shift, label, who, "manual", STAMP, STAMP) for s, e, label in layer)
            status.append((n, who, "done" if rng.random() < 0.6 else "in_progress", STAMP))
        if len(docs) >= BATCH:
            spans_count += _flush(conn, docs, spans, status)
    spans_count += _flush(conn, docs, spans, status)
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")  # as the app keeps it
    conn.close()
    return {"documents": count, "spans": spans_count, "text_bytes": total_bytes, "file_bytes": path.stat().st_size}


def _flush(conn: sqlite3.Connection, docs: list[tuple], spans: list[tuple], status: list[tuple]) -> int:
    conn.executemany(
        "INSERT INTO documents (id, name, content_hash, raw_hash, text, raw, meta, length, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        docs,
    )
    conn.executemany(
        'INSERT INTO spans (document_id, start, "end", label, annotator_id, origin, created_at, updated_at)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        spans,
    )
    conn.executemany(
        "INSERT INTO document_status (document_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)", status
    )
    written = len(spans)
    docs.clear(), spans.clear(), status.clear()
    return written


def scale_name(count: int) -> str:
    """The corpus name for `count` documents (project-1m, project-300k, ...)."""
    return f"project-{count // 1_000_000}m" if count % 1_000_000 == 0 else f"project-{count // 1000}k"


def ensure_scale(count: int, log=print) -> tuple[Path, dict]:
    """The cached scale project of `count` documents (built now when missing)."""
    name = scale_name(count)
    register(name, f"{count:,} documents of 2-4 KB (scale case)", lambda folder: build_scale(folder, count))
    return ensure(name, log=log)


if __name__ == "__main__":
    folder, facts = ensure_scale(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    print(folder, facts)

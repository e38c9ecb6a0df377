"""Export speed: a synthetic project of 10,000 documents and 100,000 spans.

    .venv/bin/python bench/bench_export.py [--documents N] [--spans-per-document K]

Builds the project itself (in a temporary folder, rows inserted directly:
setting up is not what is measured), then times `export_project` for each
format and a bare baseline, sqlite3 reading the same rows plus json.dumps of
each document, the floor any exporter in Python stands on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.formats.align import Policy  # noqa: E402
from desktop.text.tokens import tokenize  # noqa: E402
from desktop.workspace import Workspace  # noqa: E402
from desktop.workspace.exporting import ExportOptions, export_project  # noqa: E402
from desktop.workspace.transfer_source import Selection  # noqa: E402

WORDS = ("استاندار آذربایجان شرقی معاون وزیر امور خارجه در دیدار با هیأت اقتصادی باکو گفت "
         "توسعه صادرات و همکاری‌های تجاری میان دو کشور ۵۰ درصد افزایش یافت جمهوری اسلامی "
         "ایران نمایشگاه صنعت تفاهم‌نامه امضا شد").split()
LABELS = ("official", "title", "organisation", "place", "figure", "date", "agreement", "event")


def build(path: Path, documents: int, per_document: int, seed: int = 1) -> None:
    """A project with `documents` texts of ~120 words and `per_document` spans each."""
    rng = random.Random(seed)
    workspace = Workspace.create(path)
    workspace.set_annotator("bench")
    annotator = workspace.annotator.id
    workspace.close()
    conn = sqlite3.connect(path)
    docs, spans = [], []
    for doc_id in range(1, documents + 1):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "."
                     for _ in range(8)]
        text = f"سند {doc_id}\n" + " ".join(sentences)
        digest = hashlib.sha256(text.encode()).hexdigest()
        docs.append((doc_id, f"doc{doc_id}.txt", digest, digest, text, text, "{}", len(text), "x"))
        tokens = tokenize(text)
        for i in sorted(rng.sample(range(0, len(tokens) - 3, 3), per_document)):
            width = rng.randint(1, 2)
            spans.append((doc_id, tokens[i][0], tokens[i + width - 1][1], rng.choice(LABELS),
                          annotator, "manual", "x", "x"))
    with conn:
        conn.executemany("INSERT INTO documents (id, name, content_hash, raw_hash, text, raw, meta,"
                         " length, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
        conn.executemany('INSERT INTO spans (document_id, start, "end", label, annotator_id,'
                         " origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", spans)
    conn.close()


def baseline(path: Path, out: Path) -> float:
    """sqlite3 read of documents and spans, json.dumps per document, one line each."""
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    spans: dict[int, list] = {}
    for row in conn.execute('SELECT document_id, start, "end", label FROM spans'):
        spans.setdefault(row[0], []).append(row[1:])
    with out.open("w", encoding="utf-8") as f:
        for doc_id, text in conn.execute("SELECT id, text FROM documents ORDER BY id"):
            f.write(json.dumps({"id": doc_id, "text": text, "spans": spans.get(doc_id, [])},
                               ensure_ascii=False) + "\n")
    conn.close()
    return time.perf_counter() - start


def timed(repo, options: ExportOptions, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    report = export_project(repo, options, out)
    return time.perf_counter() - start, report.spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--spans-per-document", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        project = tmp / "bench.barchasb"
        start = time.perf_counter()
        build(project, args.documents, args.spans_per_document)
        print(f"setup: {args.documents} documents, {args.documents * args.spans_per_document} "
              f"spans in {time.perf_counter() - start:.1f} s")
        print(f"{'baseline (sqlite3 + json.dumps)':<34}{baseline(project, tmp / 'b.jsonl'):7.2f} s")
        workspace = Workspace.open(project)
        runs = [("jsonl", ExportOptions("jsonl")),
                ("jsonl --tokens", ExportOptions("jsonl", tokens=True)),
                ("doccano", ExportOptions("doccano")),
                ("label-studio", ExportOptions("label-studio")),
                ("hf (sentences)", ExportOptions("hf", Selection(), overlapping=Policy.SKIP)),
                ("conll", ExportOptions("conll", overlapping=Policy.SKIP)),
                ("jsonl --split 80,10,10", ExportOptions("jsonl", split=(80, 10, 10)))]
        try:
            import spacy  # noqa: F401
            runs.append(("spacy", ExportOptions("spacy")))
        except ImportError:
            print("spacy: not installed, skipped")
        for name, options in runs:
            out = tmp / (name.split()[0] + ("" if options.split else ".out"))
            seconds, spans = timed(workspace.repo, options, out)
            print(f"{name:<34}{seconds:7.2f} s  ({spans} spans)")
        workspace.close()


if __name__ == "__main__":
    main()

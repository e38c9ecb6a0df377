"""Export: native JSONL at 1,000 and 10,000 documents, and every other format at 10,000."""

from __future__ import annotations

import json
import sqlite3
import time

from bench.corpus import ensure
from bench.harness import Budget, Context, Sample, case

BASELINE = "sqlite3: read documents and spans, json.dumps a line per document"


def _export(corpus: str, ctx: Context, fmt: str, **options) -> Sample:
    from desktop.formats.align import Policy
    from desktop.workspace.export.project import ExportOptions, export_project
    from desktop.workspace.session import Workspace

    folder, facts = ensure(corpus)
    if fmt in ("hf", "conll", "spacy"):
        options.setdefault("overlapping", Policy.SKIP)
        options.setdefault("misaligned", Policy.EXPAND)
    workspace = Workspace.open(folder / "project.barchasb")
    start = time.perf_counter()
    report = export_project(workspace, ExportOptions(fmt, **options), ctx.scratch / f"out.{fmt}")
    seconds = time.perf_counter() - start
    workspace.close()
    return Sample(seconds, {"documents": report.documents, "spans": report.spans, "records": report.records})


def _baseline(corpus: str, ctx: Context) -> Sample:
    """The floor of any exporter in Python: read the rows, dump a line per document."""
    folder, _ = ensure(corpus)
    start = time.perf_counter()
    conn = sqlite3.connect(folder / "project.barchasb")
    spans: dict[int, list] = {}
    for row in conn.execute('SELECT document_id, start, "end", label, annotator_id FROM spans'):
        spans.setdefault(row[0], []).append(row[1:])
    with open(ctx.scratch / "bare.jsonl", "w", encoding="utf-8") as out:
        for doc_id, text in conn.execute("SELECT id, text FROM documents ORDER BY id"):
            out.write(
                json.dumps({"id": doc_id, "text": text, "spans": spans.get(doc_id, [])}, ensure_ascii=False) + "\n"
            )
    conn.close()
    return Sample(time.perf_counter() - start)


def baseline_1k(ctx: Context) -> Sample:
    return _baseline("project-1k", ctx)


def baseline_10k(ctx: Context) -> Sample:
    return _baseline("project-10k", ctx)


@case(
    id="export.jsonl-1k",
    corpora=("project-1k",),
    baseline=baseline_1k,
    unit="s",
    baseline_title=BASELINE,
    title="export 1,000 documents / 5,000 spans as jsonl",
    budget=Budget("<= 0.1 s", max_value=0.1),
)
def export_1k(ctx: Context) -> Sample:
    return _export("project-1k", ctx, "jsonl")


@case(
    id="export.jsonl-10k",
    corpora=("project-10k",),
    baseline=baseline_10k,
    unit="s",
    baseline_title=BASELINE,
    title="export 10,000 documents / 100,000 spans as jsonl",
    budget=Budget("<= 2x baseline", max_ratio=2.0),
)
def export_10k(ctx: Context) -> Sample:
    return _export("project-10k", ctx, "jsonl")


def _format_case(fmt: str, label: str, budget: Budget | None = None, **options) -> None:
    def measure(ctx: Context) -> Sample:
        return _export("project-10k", ctx, fmt, **options)

    case(
        id=f"export.{label}-10k",
        corpora=("project-10k",),
        baseline=baseline_10k,
        unit="s",
        baseline_title=BASELINE,
        title=f"export 10,000 documents / 100,000 spans as {label}",
        runs=3,
        quick_runs=0,
        budget=budget,
    )(measure)


TOKENS = Budget("<= 3x baseline", max_ratio=3.0)  # issue 17: every token-based format
_format_case("jsonl", "jsonl-tokens", TOKENS, tokens=True)
_format_case("doccano", "doccano")
_format_case("label-studio", "label-studio")
_format_case("hf", "hf", TOKENS)
_format_case("conll", "conll", TOKENS)
_format_case("spacy", "spacy", Budget("<= 3x baseline, <= 300 MB", max_ratio=3.0, max_rss_mb=300))

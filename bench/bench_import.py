"""Import: plain text with and without normalisation, and doccano JSONL with spans."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

from bench.corpus import ensure
from bench.harness import Budget, Context, Sample, case

ACTOR = "bench"


def _files(quick_count: int | None = None) -> tuple[Path, list[str]]:
    folder, _ = ensure("plain-10k")
    files = sorted(str(p) for p in (folder / "files").rglob("*.txt"))
    return folder / "files", files[:quick_count] if quick_count else files


def _fresh_project(ctx: Context):
    from desktop.workspace import Workspace

    template = ctx.scratch.parent / "template.barchasb"
    if not template.exists():
        Workspace.create(template).close()
    target = ctx.scratch / "project.barchasb"
    shutil.copyfile(template, target)
    return Workspace.open(target)


def _size(files: list[str]) -> int:
    return sum(os.stat(f).st_size for f in files)


# --- plain text, verbatim ---------------------------------------------------------------------


def import_plain_baseline(ctx: Context) -> Sample:
    _, files = _files()
    start = time.perf_counter()
    conn = sqlite3.connect(ctx.scratch / "bare.db")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    with conn:
        conn.executemany("INSERT INTO documents (name, text) VALUES (?, ?)", ((path, _read(path)) for path in files))
    conn.close()
    return Sample(time.perf_counter() - start)


@case(
    id="import.plain-10k",
    corpora=("plain-10k",),
    baseline=import_plain_baseline,
    unit="s",
    title="import 10,000 plain-text files (32 MB), no normalisation",
    baseline_title="sqlite3: read, decode, INSERT the texts, one transaction",
    budget=Budget("<= 1 s and <= 3x baseline", max_value=1.0, max_ratio=3.0),
    quick_runs=3,
)
def import_plain(ctx: Context) -> Sample:
    from desktop.workspace.imports.plain import import_files

    folder, files = _files()
    workspace = _fresh_project(ctx)
    start = time.perf_counter()
    report = import_files(workspace, ACTOR, [folder], normalize_text=False)
    seconds = time.perf_counter() - start
    workspace.close()
    assert report.count("imported") == len(files), report.count("imported")
    return Sample(seconds, {"files": len(files), "mb": round(_size(files) / 1e6, 1)})


def _read(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8")


# --- plain text, normalised on every core ----------------------------------------------------------


def import_normalised_baseline(ctx: Context) -> Sample:
    from desktop.formats.plaintext import read_text_file
    from desktop.text.normalize import normalize

    _, files = _files()
    texts = [read_text_file(f).text for f in files[:1300]]
    normalize("گرم کردن")  # hazm loads its tables outside the timing
    start, start_cpu = time.perf_counter(), _cpu_with_children()
    for text in texts:
        normalize(text)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    # cpu_s is a rate as the value is (MB per CPU second), so paired.py's ratio of it compares CPU per MB
    return Sample(mb / (time.perf_counter() - start), {"cpu_s": mb / (_cpu_with_children() - start_cpu)})


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended (the import's workers)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@case(
    id="import.normalised",
    corpora=("plain-10k",),
    baseline=import_normalised_baseline,
    unit="MB/s",
    title="import 10,000 files (32 MB) normalised (hazm + reflow), all cores",
    baseline_title="normalize() on one core, hazm already loaded (same files, 4 MB of them)",
    budget=Budget(">= 3 MB/s, both cores, progress", min_value=3.0),
    runs=3,
    quick_runs=1,
)
def import_normalised(ctx: Context) -> Sample:
    from desktop.workspace.imports.plain import import_files

    _, files = _files()  # quick too: with fewer files start-up weighs more, and the ratio is not comparable
    workspace = _fresh_project(ctx)
    calls: list[float] = []
    start, start_cpu = time.perf_counter(), _cpu_with_children()
    report = import_files(
        workspace,
        ACTOR,
        files,
        normalize_text=True,
        progress=lambda done, total, name: calls.append(time.perf_counter()),
    )
    seconds = time.perf_counter() - start
    cpu = _cpu_with_children() - start_cpu  # the workers have ended: import_files waits for them
    workspace.close()
    assert report.count("imported") == len(files)
    mb = _size(files) / 1e6
    first_file = calls[1] - start if len(calls) > 1 else seconds
    steady = mb / (seconds - first_file) if seconds > first_file else 0
    return Sample(
        mb / seconds,
        {
            "mb": round(mb, 1),
            "seconds": round(seconds, 2),
            "first_progress_s": round(calls[0] - start, 3),
            "first_result_s": round(first_file, 2),
            "cpu_s": mb / cpu,  # MB per CPU second of the parent and its workers (see the baseline)
            "progress_calls": len(calls),
            "steady_mb_s": round(steady, 2),
            "notes": f"{mb:.0f} MB in {seconds:.1f} s; progress from {calls[0] - start:.2f} s, "
            f"first file stored at {first_file:.1f} s (workers starting, hazm loading), "
            f"{steady:.2f} MB/s after; {len(calls)} progress calls",
        },
    )


# --- doccano JSONL with spans -----------------------------------------------------------------------


def import_doccano_baseline(ctx: Context, corpus: str = "doccano-1k") -> Sample:
    folder, _ = ensure(corpus)
    start = time.perf_counter()
    conn = sqlite3.connect(ctx.scratch / "bare.db")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute('CREATE TABLE spans (document_id INTEGER, start INTEGER, "end" INTEGER, label TEXT)')
    with conn, open(folder / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            doc_id = conn.execute("INSERT INTO documents (text) VALUES (?)", [record["text"]]).lastrowid
            conn.executemany(
                'INSERT INTO spans (document_id, start, "end", label) VALUES (?, ?, ?, ?)',
                [(doc_id, *entry) for entry in record["label"]],
            )
    conn.close()
    return Sample(time.perf_counter() - start)


@case(
    id="import.doccano-1k",
    corpora=("doccano-1k",),
    baseline=import_doccano_baseline,
    unit="s",
    title="import doccano JSONL: 1,000 documents, 5,000 spans",
    baseline_title="sqlite3: json.loads each line, INSERT documents and spans, one transaction",
    budget=Budget("<= 0.1 s", max_value=0.1),
    quick_runs=3,
)
def import_doccano(ctx: Context, corpus: str = "doccano-1k") -> Sample:
    from desktop.workspace.imports.annotated import ImportOptions, import_annotated

    folder, facts = ensure(corpus)
    workspace = _fresh_project(ctx)
    start = time.perf_counter()
    result = import_annotated(workspace, ACTOR, folder / "corpus.jsonl", ImportOptions("doccano"))
    seconds = time.perf_counter() - start
    workspace.close()
    assert result.spans_added == facts["spans"], result
    return Sample(seconds, {"documents": len(result.documents_added), "spans": result.spans_added})


@case(
    id="import.doccano-5k",
    corpora=("doccano-5k",),
    baseline=lambda ctx: import_doccano_baseline(ctx, "doccano-5k"),
    unit="s",
    title="import doccano JSONL: 5,000 documents, 25,000 spans (17 MB)",
    baseline_title="sqlite3: json.loads each line, INSERT documents and spans, one transaction",
    budget=Budget("<= 0.5 s (0.1 s a 1,000)", max_value=0.5),
    quick_runs=1,
)
def import_doccano_5k(ctx: Context) -> Sample:
    return import_doccano(ctx, "doccano-5k")

"""Agreement over 10,000 documents labelled by two annotators (desktop.workspace.agreement.project)."""

from __future__ import annotations

import importlib
import json
import shutil
import sqlite3
import time
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from bench.corpus import ensure
from bench.harness import Budget, Context, Sample, case


def bare_agreement(ctx: Context) -> Sample:
    """The floor: read both layers with sqlite3, exact-match F1 by set intersection."""
    folder, _ = ensure("project-10k")
    start = time.perf_counter()
    conn = sqlite3.connect(folder / "project.barchasb")
    ids = dict(conn.execute("SELECT name, id FROM annotators"))
    a, b = ids["sara"], ids["reza"]
    rows = conn.execute(
        'SELECT document_id, annotator_id, start, "end", label FROM spans'
        " WHERE annotator_id IN (?, ?) ORDER BY document_id",
        [a, b],
    )
    both = only_a = only_b = 0
    for _, group in groupby(rows, itemgetter(0)):
        layers: dict[int, set] = {a: set(), b: set()}
        for _, who, s, e, label in group:
            layers[who].add((s, e, label))
        common = len(layers[a] & layers[b])
        both += common
        only_a += len(layers[a]) - common
        only_b += len(layers[b]) - common
    conn.close()
    f1 = 2 * both / (2 * both + only_a + only_b)
    return Sample(time.perf_counter() - start, {"f1": round(f1, 4)})


@case(
    id="agreement.10k",
    corpora=("project-10k",),
    baseline=bare_agreement,
    unit="s",
    runs=3,
    quick_runs=1,
    title="agreement: 10,000 documents x 2 annotators (span F1 3 modes, token kappa, alpha)",
    baseline_title="sqlite3 read of both layers, exact-match F1 by set intersection",
    budget=Budget("<= 1 s", max_value=1.0),
)
def agreement(ctx: Context) -> Sample:
    try:
        module = importlib.import_module("desktop.workspace.agreement.project")
    except ImportError as exc:  # the agreement API is not there yet
        raise SystemExit(f"skipped: desktop.workspace.agreement.project is not importable ({exc})") from exc
    try:  # cold: nothing tokenised yet in this process
        importlib.import_module("desktop.workspace.agreement.tokens").TOKENS.clear()
    except (ImportError, AttributeError):
        pass
    folder, _ = ensure("project-10k")
    from desktop.workspace.session import Workspace

    _counted(folder / "project.barchasb", module)
    importlib.import_module("desktop.workspace.agreement.tokens").TOKENS.clear()
    start = time.perf_counter()
    with Workspace.open(folder / "project.barchasb") as workspace:
        report = module.project_agreement(workspace, ["sara", "reza"], snapshot=True)
    seconds = time.perf_counter() - start
    pair = report.pair("sara", "reza")
    f1 = pair.f1("exact")
    return Sample(
        seconds,
        {
            "documents": report.documents,
            "f1_exact": f1,
            "notes": f"{report.documents} documents, exact F1 {f1:.3f}, alpha {report.alpha or 0:.3f}",
        },
    )


def _counted(path: Path, module: object) -> None:
    """Untimed: the project as any project is after its first agreement run (or a normalised
    import), with its documents' token counts stored; that first run is `agreement.10k-first`."""
    conn = sqlite3.connect(path)
    try:
        missing = conn.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM document_tokens)"
        )
        counted = not missing.fetchone()[0]
    except sqlite3.OperationalError:  # a tree without stored counts
        counted = True
    conn.close()
    if not counted:
        from desktop.workspace.session import Workspace

        with Workspace.open(path) as workspace:
            module.project_agreement(workspace, ["sara", "reza"], snapshot=True)  # type: ignore[attr-defined]


def with_counts_stored(ctx: Context) -> Sample:
    """The same agreement on the same project with every token count stored (the steady state)."""
    return agreement(ctx)


@case(
    id="agreement.10k-first",
    corpora=("project-10k",),
    baseline=with_counts_stored,
    unit="s",
    runs=3,
    quick_runs=1,
    title="agreement: 10,000 x 2, the first run (no token counts stored: tokenises all, stores the counts)",
    baseline_title="agreement.10k: the same with the counts stored",
)
def agreement_first(ctx: Context) -> Sample:
    module = importlib.import_module("desktop.workspace.agreement.project")
    importlib.import_module("desktop.workspace.agreement.tokens").TOKENS.clear()
    folder, _ = ensure("project-10k")
    path = ctx.scratch / "first.barchasb"
    shutil.copyfile(folder / "project.barchasb", path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM document_tokens")
    conn.commit()
    conn.close()
    from desktop.workspace.session import Workspace

    start = time.perf_counter()
    with Workspace.open(path) as workspace:
        report = module.project_agreement(workspace, ["sara", "reza"], snapshot=True)
    seconds = time.perf_counter() - start
    conn = sqlite3.connect(path)
    stored = conn.execute("SELECT count(*) FROM document_tokens").fetchone()[0]
    conn.close()
    return Sample(seconds, {"documents": report.documents, "stored": stored, "notes": f"{stored} counts stored"})


def _with_facts(target: Path) -> Path:
    """project-10k with relations, attribute values and entity links added on both layers:
    every other pair of neighbouring spans related, every fifth span given a value, every
    seventh linked to one of two entities (rows written directly: the scheme is not checked)."""
    folder, _ = ensure("project-10k")
    shutil.copyfile(folder / "project.barchasb", target)
    conn = sqlite3.connect(target)
    spans = conn.execute("SELECT id, document_id, annotator_id FROM spans ORDER BY document_id, annotator_id, start")
    relations, values, links, before = [], [], [], None
    for i, (sid, doc, who) in enumerate(spans.fetchall()):
        if before is not None and before[1:] == (doc, who) and i % 2 == 0:
            relations.append((doc, who, before[0], sid, "holds", "manual", "", "t", "t"))
        if i % 5 == 0:
            values.append((sid, "kind", json.dumps("a" if i % 3 else "b"), "t"))
        if i % 7 == 0:
            links.append((sid, 1 + i % 2, "t"))
        before = (sid, doc, who)
    conn.execute("INSERT INTO entities (id, name, type, external_id, created_at, updated_at) VALUES"
                 " (1, 'x', 'official', '', 't', 't'), (2, 'y', 'official', '', 't', 't')")  # fmt: skip
    conn.executemany(
        "INSERT INTO relations (document_id, annotator_id, head, tail, type, origin, note, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        relations,
    )
    conn.executemany("INSERT INTO span_attributes (span_id, name, value, updated_at) VALUES (?, ?, ?, ?)", values)
    conn.executemany("INSERT INTO span_entities (span_id, entity_id, linked_at) VALUES (?, ?, ?)", links)
    conn.commit()
    conn.close()
    return target


def _timed_agreement(path: Path) -> Sample:
    module = importlib.import_module("desktop.workspace.agreement.project")
    from desktop.workspace.session import Workspace

    _counted(path, module)
    importlib.import_module("desktop.workspace.agreement.tokens").TOKENS.clear()
    start = time.perf_counter()
    with Workspace.open(path) as workspace:
        report = module.project_agreement(workspace, ["sara", "reza"], snapshot=True)
    seconds = time.perf_counter() - start
    facts = report.pair("sara", "reza").facts
    f1 = facts.relation_f1("exact")
    notes = f"{report.documents} documents, relation F1 {f1 if f1 is None else round(f1, 3)}"
    return Sample(seconds, {"documents": report.documents, "relation_f1": f1, "notes": notes})


def agreement_without_facts(ctx: Context) -> Sample:
    """The same 10,000 documents without relations, values or links."""
    folder, _ = ensure("project-10k")
    return _timed_agreement(folder / "project.barchasb")


@case(
    id="agreement.10k-facts",
    corpora=("project-10k",),
    baseline=agreement_without_facts,
    unit="s",
    runs=3,
    quick_runs=1,
    title="agreement: 10,000 documents x 2 annotators with 40,000 relations, 20,000 values, 14,000 links",
    baseline_title="the same agreement over the same spans without relations, values or links",
)
def agreement_with_facts(ctx: Context) -> Sample:
    return _timed_agreement(_with_facts(ctx.scratch / "facts.barchasb"))

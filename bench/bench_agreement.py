"""Agreement over 10,000 documents labelled by two annotators (desktop.workspace.agreement.project)."""

from __future__ import annotations

import importlib
import sqlite3
import time
from itertools import groupby
from operator import itemgetter

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
    budget=Budget("<= 2 s", max_value=2.0),
)
def agreement(ctx: Context) -> Sample:
    try:
        module = importlib.import_module("desktop.workspace.agreement.project")
    except ImportError as exc:  # the agreement API is not there yet
        raise SystemExit(f"skipped: desktop.workspace.agreement.project is not importable ({exc})") from exc
    try:  # cold: every document tokenised again, as in a fresh process
        importlib.import_module("desktop.workspace.agreement.tokens").TOKENS.clear()
    except (ImportError, AttributeError):
        pass
    folder, _ = ensure("project-10k")
    from desktop.workspace.session import Workspace

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

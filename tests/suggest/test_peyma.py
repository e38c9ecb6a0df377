"""The suggesters on PEYMA (read in place from ../shared/data; skipped if absent).

The rules are held to the project's bars on all 709 documents. The CRF is
trained here on a small split with few iterations (seconds, not minutes), so
its bar is lower; `bench/eval_peyma.py` measures the full 80/20 split.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.formats.conll import read_conll
from desktop.suggest.crf import CrfTagger, TrainingDocument, train_crf
from desktop.suggest.evaluation import Evaluation
from desktop.suggest.rules import find_rules

PEYMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "peyma-nsurl2019" / "300K"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not PEYMA.is_dir(), reason="PEYMA is not in ../shared/data")]
KINDS = {"money": "MON", "percent": "PCT", "date": "DAT"}


@pytest.fixture(scope="module")
def documents() -> list[TrainingDocument]:
    out = []
    for path in sorted(PEYMA.glob("*.txt"), key=lambda p: int(p.stem)):
        (record,) = read_conll(path.read_text(encoding="utf-8"), str(path))
        out.append(TrainingDocument(record.text, tuple((s.start, s.end, s.label) for s in record.spans)))
    return out


def test_figure_and_date_rules_reach_the_bars(documents):
    assert len(documents) == 709
    ev = Evaluation()
    for i, doc in enumerate(documents):
        ev.add(
            {(i, f.start, f.end, KINDS[f.kind]) for f in find_rules(doc.text) if f.kind in KINDS},
            {(i, *span) for span in doc.spans if span[2] in KINDS.values()},
        )
    assert ev.score("MON").f1 >= 0.85, ev.table()
    assert ev.score("PCT").f1 >= 0.85, ev.table()
    assert ev.score("DAT").f1 >= 0.75, ev.table()


def test_a_small_crf_learns_people_organisations_and_places(documents):
    model = train_crf(documents[:120], params={"max_iterations": 40})
    tagger, ev = CrfTagger(model.model), Evaluation()
    for i, doc in enumerate(documents[600:650]):
        ev.add({(i, s, e, label) for s, e, label, _ in tagger.spans(doc.text)}, {(i, *span) for span in doc.spans})
    assert ev.micro(["PER", "ORG", "LOC"]).f1 >= 0.55, ev.table()


def test_the_benchmark_path_through_a_project(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.eval_peyma import peyma_workspace

    workspace = peyma_workspace(tmp_path / "peyma.barchasb", limit=25)
    try:
        from desktop.workspace.suggestions.evaluation import evaluate_suggesters

        report = evaluate_suggesters(workspace, "peyma", ["rules"])
    finally:
        workspace.close()
    assert report.documents == 25
    assert report.labels == {"rule:figure": ["MON", "PCT"], "rule:date": ["DAT"]}
    assert report.by_source["rule:figure"].micro().f1 >= 0.8

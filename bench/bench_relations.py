"""Relations drawn in the document view: 1 MB, 20,000 marks, 5,000 relations (issue 15's budgets).

Each case has the same view without relations as its baseline, so the ratio
is what drawing the arcs costs on top of the marks; a repaint or scroll
without relations runs the code it did before relations existed.
"""

from __future__ import annotations

import statistics
import time

from bench.bench_view import _document, _view
from bench.bench_window import _repaints, _scrolls, settle
from bench.harness import Budget, Context, Sample, case

RELATIONS = 5_000
TYPES = (("#7b3fb3", "در", True), ("#c0392b", "عضو", True), ("#117a65", "همسایه", False))


def relations_of(marks: list) -> list:
    """5,000 relations between neighbouring marks; one in ten reaches some 40 marks on (often
    another paragraph), so some arcs run through the margin."""
    from desktop.qt.document_view import RelationMark

    ordered = sorted(marks, key=lambda m: m.start)
    step = len(ordered) // RELATIONS
    relations = []
    for i in range(RELATIONS):
        head = ordered[i * step]
        tail = ordered[min(len(ordered) - 1, i * step + (40 if i % 10 == 0 else 1 + i % 3))]
        colour, label, directed = TYPES[i % len(TYPES)]
        relations.append(RelationMark(i, (head.start, head.end), (tail.start, tail.end), colour, label, directed))
    return relations


def _big_view(with_relations: bool):
    text, marks = _document("doc-1mb")
    view = _view()
    view.set_document(text, marks)
    if with_relations:
        view.set_relations(relations_of(marks))
    view.reveal(len(text) // 2)
    settle()
    view.viewport().repaint()
    return view


def _repaint(with_relations: bool) -> Sample:
    view = _big_view(with_relations)
    times = _repaints(view)
    arcs = len(view.relation_arcs())
    return times.sample({"notes": f"{arcs} arcs on the page"} if with_relations else {})


def _scroll(with_relations: bool) -> Sample:
    return _scrolls(_big_view(with_relations)).sample()


@case(
    id="view.relations-repaint",
    corpora=("doc-1mb",),
    baseline=lambda ctx: _repaint(False),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="repaint the page with relations (1 MB doc, 20,000 marks, 5,000 relations)",
    baseline_title="the same view and page without relations",
    budget=Budget("<= 10 ms", max_value=0.010),
)
def repaint(ctx: Context) -> Sample:
    return _repaint(True)


@case(
    id="view.relations-scroll",
    corpora=("doc-1mb",),
    baseline=lambda ctx: _scroll(False),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="scroll a page and repaint with relations (1 MB doc, 20,000 marks, 5,000 relations)",
    baseline_title="the same scroll without relations",
    budget=Budget("<= 10 ms", max_value=0.010),
)
def scroll(ctx: Context) -> Sample:
    return _scroll(True)


@case(
    id="view.relation-add",
    corpora=("doc-1mb",),
    unit="ms",
    runs=3,
    quick_runs=1,
    title="DocumentView.add_relation between two marks on the page + repaint (5,000 relations)",
    budget=Budget("<= 10 ms", max_value=0.010),
)
def add_relation(ctx: Context) -> Sample:
    from desktop.qt.document_view import RelationMark

    view = _big_view(True)
    on_page = [arc.relation for arc in view.relation_arcs() if arc.head.shown and arc.tail.shown]
    times = []
    for i in range(20):
        template = on_page[i % len(on_page)]
        relation = RelationMark(1_000_000 + i, template.tail, template.head, "#d63384", "تازه")
        start = time.perf_counter()
        view.add_relation(relation)
        view.viewport().repaint()
        times.append(time.perf_counter() - start)
    return Sample(statistics.median(times))

"""Project agreement against scikit-learn and the krippendorff package, on the sample texts."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing

import numpy as np
import pytest
from conftest import SEEDS
from krippendorff import alpha as reference_alpha
from sklearn.metrics import cohen_kappa_score

from desktop.core.errors import NotFound
from desktop.core.model import Status
from desktop.text.tokens import TOKENIZER_VERSION, tokenize
from desktop.workspace.agreement import project as agreement
from desktop.workspace.agreement.project import default_layers, pair_disagreements, project_agreement
from desktop.workspace.agreement.tokens import TokenCache, region_tokens

from helpers import add_document

LABELS = ["place", "official", "title"]
LAYERS = ["sara", "reza", "omid"]


def reference_tags(text: str, spans: list[tuple]) -> list[str]:
    """Per token, a plain loop: the longest covering span, then earliest, then label."""
    tags = []
    for ts, te in tokenize(text):
        covering = [s for s in spans if s[0] < te and ts < s[1]]
        best = min(covering, key=lambda s: (s[0] - s[1], s[0], s[2]), default=None)
        tags.append("O" if best is None else best[2])
    return tags


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture
def layered(workspace, texts):
    """Five documents; sara labels all, reza four (one differently), omid three;
    spans are partly shared, partly shifted or relabelled, some nested, some
    off token boundaries. Returns (workspace, {layer: {doc: [spans]}})."""
    rng = random.Random(7)
    docs = [add_document(workspace, text, f"d{i}.txt") for i, text in enumerate(texts)]
    truth = {}
    for doc, text in zip(docs, texts):
        tokens = tokenize(text)
        picks = sorted(rng.sample(range(len(tokens) - 3), 25))
        truth[doc] = {(tokens[i][0], tokens[i + rng.randint(0, 2)][1], rng.choice(LABELS)) for i in picks}
    layers: dict[str, dict[int, set]] = {name: {} for name in LAYERS}
    for name, skip in (("sara", set()), ("reza", {docs[4]}), ("omid", {docs[3], docs[4]})):
        workspace.set_annotator(name)
        for doc in docs:
            if doc in skip:
                continue
            spans = set()
            for start, end, label in sorted(truth[doc]):  # sets: order by hash
                roll = rng.random()
                if roll < 0.6:
                    spans.add((start, end, label))
                elif roll < 0.7:
                    spans.add((start, end, rng.choice(LABELS)))
                elif roll < 0.8 and end - start > 1:
                    spans.add((start + 1, end, label))  # inside a word: off token boundaries
                elif roll < 0.85:
                    spans.add((start, end, label))
                    spans.add((start, min(end + 30, len(texts[docs.index(doc)])), "title"))
            for start, end, label in sorted(spans):
                workspace.add_span(doc, start, end, label)
            layers[name][doc] = sorted(spans)
    workspace.set_annotator("reza")
    workspace.set_status(docs[4], Status.DONE)  # annotated, and found nothing to label
    layers["reza"][docs[4]] = []
    return workspace, layers, dict(zip(docs, texts))


def test_kappa_for_each_pair_matches_scikit_learn(layered):
    workspace, layers, texts = layered
    report = project_agreement(workspace, LAYERS)
    for a, b in [("sara", "reza"), ("sara", "omid"), ("reza", "omid")]:
        both = sorted(set(layers[a]) & set(layers[b]))
        tags_a = [t for d in both for t in reference_tags(texts[d], layers[a][d])]
        tags_b = [t for d in both for t in reference_tags(texts[d], layers[b][d])]
        pair = report.pair(a, b)
        assert pair.documents == len(both) and pair.tokens == len(tags_a)
        assert pair.kappa == pytest.approx(cohen_kappa_score(tags_a, tags_b), abs=1e-12)


def test_alpha_over_all_layers_matches_the_krippendorff_package(layered):
    workspace, layers, texts = layered
    columns = []
    for doc, text in texts.items():
        present = [name for name in LAYERS if doc in layers[name]]
        if len(present) < 2:
            continue
        tags = {name: reference_tags(text, layers[name][doc]) for name in present}
        for i in range(len(tokenize(text))):
            columns.append([tags[name][i] if name in tags else None for name in LAYERS])
    codes = {tag: n for n, tag in enumerate(["O", *LABELS])}
    data = np.array([[np.nan if v is None else codes[v] for v in col] for col in columns]).T
    expected = reference_alpha(reliability_data=data, level_of_measurement="nominal")
    assert project_agreement(workspace, LAYERS).alpha == pytest.approx(expected, abs=1e-9)


def test_span_f1_per_label_matches_set_arithmetic(layered):
    workspace, layers, _ = layered
    pair = project_agreement(workspace, LAYERS).pair("sara", "omid")
    for label in LABELS:
        a = {(d, *s) for d, spans in layers["sara"].items() if d in layers["omid"] for s in spans if s[2] == label}
        b = {(d, *s) for d, spans in layers["omid"].items() for s in spans if s[2] == label}
        tp = len(a & b)
        assert pair.f1("exact", label) == pytest.approx(2 * tp / (len(a) + len(b)))


def test_figures_do_not_depend_on_the_token_cache(layered, monkeypatch):
    workspace, _, _ = layered
    agreement.TOKENS.clear()
    cold = project_agreement(workspace, LAYERS).as_dict()
    warm = project_agreement(workspace, LAYERS).as_dict()
    tiny = TokenCache(max_tokens=10)  # nothing fits: stretches around spans only
    monkeypatch.setattr(agreement, "TOKENS", tiny)
    project_agreement(workspace, LAYERS)
    evicted = project_agreement(workspace, LAYERS).as_dict()
    assert cold == warm == evicted


def test_region_tokens_are_the_whole_texts_tokens_there(texts):
    rng = random.Random(3)
    for _ in range(300):
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 1)
        spans = [(start, min(len(text), start + rng.randint(1, 40)), "x")]
        full = tokenize(text)
        near = [t for t in full if t[0] < spans[0][1] and spans[0][0] < t[1]]
        got = region_tokens(text, spans)
        assert set(near) <= set(got) <= set(full)


def test_disagreements_of_a_cell_are_the_unmatched_spans(layered):
    workspace, layers, _ = layered
    found = pair_disagreements(workspace, "sara", "reza", "place")
    expected = set()
    for doc in set(layers["sara"]) & set(layers["reza"]):
        a, b = set(layers["sara"][doc]), set(layers["reza"][doc])
        expected |= {(doc, "sara", *s) for s in a - b if s[2] == "place"}
        expected |= {(doc, "reza", *s) for s in b - a if s[2] == "place"}
    assert {(m.document_id, m.layer, m.start, m.end, m.label) for m in found} == expected
    assert found == sorted(found, key=lambda m: (m.document_id, m.start, m.end, m.layer))
    one = next(m for m in found if m.layer == "sara")
    assert all(o[0] < one.end and one.start < o[1] for o in one.other)
    assert all(o in layers["reza"][one.document_id] for o in one.other)
    fewer = pair_disagreements(workspace, "sara", "reza", "place", mode="overlap")
    assert len(fewer) <= len(found)


def test_layers_default_to_the_human_layers_with_spans_and_unknown_names_fail(layered):
    workspace, _, _ = layered
    workspace.set_annotator("idle")  # a layer without spans
    assert default_layers(workspace) == LAYERS
    with pytest.raises(NotFound, match="no layer 'nobody'"):
        project_agreement(workspace, ["sara", "nobody"])


def test_a_snapshot_read_sees_what_the_connection_sees(layered):
    workspace, _, _ = layered
    doc = 1
    by_path = project_agreement(workspace, LAYERS, documents=[doc], snapshot=True)
    assert by_path.documents == 1
    assert by_path.as_dict() == project_agreement(workspace, LAYERS, documents=[doc]).as_dict()


def _stored_counts(path) -> dict[int, tuple[int, int]]:
    with closing(sqlite3.connect(path)) as conn:
        return {doc: (count, version) for doc, count, version in conn.execute("SELECT * FROM document_tokens")}


def test_token_counts_are_stored_by_the_first_run_and_change_no_figure(layered, project_path, monkeypatch):
    """The first run counts every document's tokens and stores the counts (equal to tokenize()'s);
    later runs, in any process, tokenise only around spans and give the same report."""
    workspace, _, texts = layered
    agreement.TOKENS.clear()
    first = project_agreement(workspace, LAYERS, per_document=True).as_dict()
    assert first["documents"] == len(texts)
    assert _stored_counts(project_path) == {
        doc: (len(tokenize(text)), TOKENIZER_VERSION) for doc, text in texts.items()
    }

    class NoWholeText(TokenCache):
        def get(self, *args, **kwargs):
            raise AssertionError("a document with a stored count was tokenised whole")

    monkeypatch.setattr(agreement, "TOKENS", NoWholeText())
    assert project_agreement(workspace, LAYERS, per_document=True).as_dict() == first
    assert project_agreement(workspace, LAYERS, per_document=True, snapshot=True).as_dict() == first
    monkeypatch.undo()

    with closing(sqlite3.connect(project_path)) as conn, conn:  # counted by another tokenizer version
        conn.execute("UPDATE document_tokens SET tokens = 1, tokenizer = tokenizer + 1")
    agreement.TOKENS.clear()
    assert project_agreement(workspace, LAYERS, per_document=True, snapshot=True).as_dict() == first
    assert {v for _, v in _stored_counts(project_path).values()} == {TOKENIZER_VERSION}

"""The CRF suggester: BIO tags, training with progress and cancellation, tagging."""

import threading

import pytest

from desktop.suggest.crf import CrfTagger, TrainingCancelled, TrainingDocument, bio_tags, tagged_sentences, train_crf
from desktop.suggest.evaluation import Evaluation
from desktop.suggest.tokens import tokens_of

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت"]


def document(i: int) -> TrainingDocument:
    name, city = NAMES[i % len(NAMES)], CITIES[(i * 5) % len(CITIES)]
    text = f"آقای {name} امروز در {city} گفت که کار ادامه دارد ."
    start = text.index(name)
    place = text.index(city)
    return TrainingDocument(text, ((start, start + len(name), "PER"), (place, place + len(city), "LOC")))


def test_bio_tags_follow_tokens_and_keep_the_longest_of_overlaps():
    text = "وزیر امور خارجه ایران"
    tokens = tokens_of(text)
    assert bio_tags(tokens, [(0, 16, "title"), (5, 16, "x"), (17, 22, "place")]) == [
        "B-title",
        "I-title",
        "I-title",
        "B-place",
    ]
    assert bio_tags(tokens, [(1, 3, "x")]) == ["B-x", "O", "O", "O"]  # misaligned: widened


def test_tagged_sentences_split_on_sentence_ends():
    doc = TrainingDocument("علی آمد. رضا رفت.", ((0, 3, "PER"), (9, 12, "PER")))
    assert [([t.key for t in tokens], tags) for tokens, tags in tagged_sentences(doc)] == [
        (["علی", "امد", "."], ["B-PER", "O", "O"]),
        (["رضا", "رفت", "."], ["B-PER", "O", "O"]),
    ]


def test_train_reports_progress_and_the_model_tags_unseen_text():
    seen = []
    model = train_crf(
        [document(i) for i in range(30)],
        params={"max_iterations": 30},
        progress=lambda done, total, what: seen.append((done, total)),
    )
    assert model.labels == ("LOC", "PER") and model.meta["documents"] == 30
    assert seen and seen == sorted(seen) and all(isinstance(d, int) and 0 <= d <= t == 100 for d, t in seen)
    tagger = CrfTagger(model.model)
    text = "آقای حسن کریمی امروز در شیراز گفت"
    spans = tagger.spans(text)
    assert [(text[s:e], label) for s, e, label, _ in spans] == [("حسن کریمی", "PER"), ("شیراز", "LOC")]
    assert all(0.5 < score <= 1.0 for *_, score in spans)


def test_training_stops_when_cancelled():
    stop = threading.Event()
    ticks = []

    def progress(done, total, what):
        ticks.append(what)
        if what.startswith("iteration"):
            stop.set()

    with pytest.raises(TrainingCancelled):
        train_crf(
            [document(i) for i in range(30)], progress=progress, cancel=stop.is_set, params={"max_iterations": 200}
        )
    assert sum(t.startswith("iteration") for t in ticks) == 1


def test_a_layer_without_spans_cannot_be_learned():
    with pytest.raises(Exception, match="nothing to learn"):
        train_crf([TrainingDocument("متن بدون برچسب", ())])


def test_evaluation_counts_exact_matches_per_label():
    ev = Evaluation()
    ev.add(
        {(1, 0, 3, "PER"), (1, 5, 9, "LOC"), (1, 10, 12, "LOC")},
        {(1, 0, 3, "PER"), (1, 5, 8, "LOC"), (1, 20, 25, "ORG")},
    )
    assert (ev.score("PER").f1, ev.score("LOC").precision, ev.score("ORG").recall) == (1, 0, 0)
    micro = ev.micro()
    assert (micro.tp, micro.fp, micro.fn) == (1, 2, 2)
    assert micro.precision == pytest.approx(1 / 3) and micro.f1 == pytest.approx(1 / 3)
    assert "PER" in ev.table() and ev.as_dict()["micro"]["support"] == 3

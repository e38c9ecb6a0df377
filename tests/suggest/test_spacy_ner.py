"""The spaCy learner: trained from scratch on a tiny corpus, code-point offsets, cancel, bytes."""

from __future__ import annotations

import threading

import pytest

from desktop.core.errors import BarchasbError
from desktop.suggest.crf import TrainingCancelled, TrainingDocument

pytest.importorskip("spacy")  # an optional extra; the test extra installs it

from desktop.suggest.spacy_ner import SpacyTagger, example, pieces, spacy_missing, train_spacy  # noqa: E402

CITY = "تبریز"
# ZWNJ inside words and an emoji (an astral character) before the entity: one UTF-16 unit off if miscounted
LINES = [
    "کارخانه‌ها در {city} 🏭 بازگشایی شد .",
    "می‌گویند {city} زیباست 😊 .",
    "سفر به {city} آغاز شد .",
    "در {city} باران آمد .",
]
# a small network and few epochs: the test is about the path, not accuracy
PARAMS = {"epochs": 10, "batch": 4, "beam_width": 2, "width": 32, "depth": 2, "embed_size": 500, "hidden_width": 32}


def document(i: int) -> TrainingDocument:
    text = LINES[i % len(LINES)].format(city=CITY)
    start = text.index(CITY)
    return TrainingDocument(text, ((start, start + len(CITY), "LOC"),))


@pytest.fixture(scope="module")
def model():
    return train_spacy([document(i) for i in range(16)], params=PARAMS)


def test_spacy_is_offered_when_installed():
    assert spacy_missing() is None


def test_learns_a_repeated_entity_with_exact_code_point_offsets(model):
    assert model.labels == ("LOC",) and model.meta["documents"] == 16 and model.meta["misaligned"] == 0
    text = "خبرنگار‌ها 😊😊 گفتند در تبریز 🏭 باران آمد .\nسفر به تبریز آغاز شد ."
    found = SpacyTagger(model.model).spans(text)
    first = text.index(CITY)
    assert [(s, e, label) for s, e, label, _ in found] == [
        (first, first + len(CITY), "LOC"),
        (text.index(CITY, first + 1), text.index(CITY, first + 1) + len(CITY), "LOC"),
    ]
    assert all(text[s:e] == CITY and 0.0 < score <= 1.0 for s, e, _, score in found)


def test_bytes_round_trip_and_training_is_seeded(model):
    again = train_spacy([document(i) for i in range(16)], params=PARAMS)
    assert again.model == model.model  # same seed, same documents: the same bytes
    text = "در تبریز 😊 باران آمد ."
    assert SpacyTagger(bytes(model.model)).spans(text) == SpacyTagger(again.model).spans(text)
    with pytest.raises(BarchasbError, match="damaged"):
        SpacyTagger(b"not a model")


def test_cancel_stops_training():
    stop = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        if what.startswith("epoch"):
            stop.set()

    with pytest.raises(TrainingCancelled):
        train_spacy([document(i) for i in range(16)], params=PARAMS, progress=progress, cancel=stop.is_set)


def test_spans_inside_a_token_are_missing_not_wrong_and_pieces_keep_offsets():
    import spacy

    nlp = spacy.blank("fa")
    made, missing = example(nlp, "به‌تبریز رفت", [(3, 8, "LOC")])  # «تبریز» joined to «به» by ZWNJ: one token
    assert missing == 1 and [t.ent_iob_ for t in made.reference] == ["", "O"]  # unknown, not outside
    text = "علی آمد. رضا رفت."
    assert pieces(text, [(0, 3, "PER"), (9, 12, "PER")]) == [
        (0, "علی آمد.", [(0, 3, "PER")]),
        (8, " رضا رفت.", [(1, 4, "PER")]),
    ]
    assert [p[0] for p in pieces(text, [(5, 11, "X")])] == [0]  # a span over a sentence end joins them


def test_nothing_to_learn_is_a_clear_error():
    with pytest.raises(BarchasbError, match="nothing to learn"):
        train_spacy([TrainingDocument("هیچ", ())])

"""The CRF's feature version 3: the project's own labelled entities, jackknifed in training."""

import json
import random
import tempfile
from pathlib import Path

import pycrfsuite

from desktop.suggest import crf_model
from desktop.suggest.crf import CrfTagger, TrainingDocument, tagged_sentences, train_crf
from desktop.suggest.features import sentence_features
from desktop.suggest.lexicon import fold_word
from desktop.suggest.seen_entities import SeenEntities, jackknife, span_entries
from desktop.suggest.tokens import sentence_tokens

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی", "نادر پاکزاد"]


def _keys(text: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in text.split())


def test_the_longest_entry_wins_and_tags_begin_and_inside():
    seen = SeenEntities([(_keys("سازمان ملل"), "ORG"), (_keys("سازمان ملل متحد"), "ORG"), (_keys("ملل"), "LOC")])
    assert seen.tags(_keys("دبیر سازمان ملل متحد گفت ملل")) == ["", "B-ORG", "I-ORG", "I-ORG", "", "B-LOC"]
    ties = SeenEntities([(_keys("پارس"), "ORG"), (_keys("پارس"), "LOC"), (_keys("پارس"), "ORG")])
    assert ties.labels == {_keys("پارس"): "ORG"}  # the most frequent label


def test_a_surname_seen_in_a_full_name_is_marked_across_the_document():
    seen = SeenEntities([(_keys("علی رضایی"), "PER")])
    text = "آقای علی رضایی آمد. رضایی گفت."
    sentences = sentence_tokens(text)
    tags, in_document = seen.document_tags(sentences)
    assert tags == [["", "B-PER", "I-PER", "", ""], ["", "", ""]]
    assert in_document == {fold_word("علی"): {"PER"}, fold_word("رضایی"): {"PER"}}
    second = sentence_features([text[t.start : t.end] for t in sentences[1]], entities=tags[1], in_document=in_document)
    assert "doc:PER" in second[0] and not _named(second[0], "ent") and "doc:PER" not in second[1]
    first = sentence_features([text[t.start : t.end] for t in sentences[0]], entities=tags[0])
    assert "ent:B-PER" in first[1] and "ent:I-PER" in first[2]
    assert "1ent:B-PER" in first[0] and "-1ent:I-PER" in first[3]


def test_the_jackknife_never_shows_a_document_its_own_entities():
    rng = random.Random(0)
    owns = [" ".join("".join(rng.choice("بپتجچخدرزسشفقکگلمنه") for _ in range(5)) for _ in range(2)) for _ in range(20)]
    docs = []
    for i in range(20):
        own, shared = owns[i], "تهران"
        text = f"در {shared} {own} آمد ."
        start = text.index(own)
        docs.append(TrainingDocument(text, ((3, 3 + len(shared), "LOC"), (start, start + len(own), "PER"))))
    entries = [span_entries(d.text, d.spans) for d in docs]
    views = jackknife(entries, folds=5, seed=0)
    again = jackknife(entries, folds=5, seed=0)  # seeded: the same folds every time
    assert [v.labels for v in views] == [v.labels for v in again]
    for i, view in enumerate(views):
        assert _keys(owns[i]) not in view.labels  # its own entity: never
        assert view.labels[_keys("تهران")] == "LOC"  # what other documents labelled: yes
        assert sum(_keys(own) in view.labels for own in owns) == 16  # those of the other four folds
    assert [len(v.labels) for v in jackknife(entries[:1])] == [0]  # one document: nothing to show it


def test_training_stores_all_entities_and_tagging_uses_them():
    docs = []
    for i in range(30):
        name = NAMES[i % 6]
        text = f"آقای {name} امروز گفت که کار ادامه دارد ."
        docs.append(TrainingDocument(text, ((5, 5 + len(name), "PER"),)))
    model = train_crf(docs, clusters=False, params={"max_iterations": 20})
    parts = crf_model.unpack(model.model)
    assert parts.version == 3 and model.meta["entities"] == 6
    assert parts.entities.labels[_keys("مریم احمدی")] == "PER"
    text = "آقای مریم احمدی امروز گفت"
    features = parts.featurize(text, sentence_tokens(text))
    assert "ent:B-PER" in features[0][1] and "ent:I-PER" in features[0][2] and not _named(features[0][0], "ent")
    assert [(text[s:e], label) for s, e, label, _ in CrfTagger(model.model).spans(text)] == [("مریم احمدی", "PER")]


def test_a_version_2_model_still_tags_without_the_entity_features():
    trainer = pycrfsuite.Trainer(verbose=False)
    docs = [TrainingDocument(f"آقای {n} گفت .", ((5, 5 + len(n), "PER"),)) for n in ["علی", "رضا", "حسن"] * 5]
    for doc in docs:
        for tokens, tags in tagged_sentences(doc):
            trainer.append(sentence_features([doc.text[t.start : t.end] for t in tokens]), tags)
    trainer.set_params({"max_iterations": 20})
    with tempfile.TemporaryDirectory() as folder:
        trainer.train(str(Path(folder) / "m"))
        crfsuite = (Path(folder) / "m").read_bytes()
    header = json.dumps({"features": 2, "clusters": {}, "lists": {}}).encode()
    old = crf_model.MAGIC + len(header).to_bytes(4, "big") + header + crfsuite
    assert crf_model.unpack(old).version == 2 and not crf_model.unpack(old).entities
    text = "آقای رضا گفت ."
    assert [(text[s:e], label) for s, e, label, _ in CrfTagger(old).spans(text)] == [("رضا", "PER")]


def test_training_features_never_hold_a_documents_own_entities(monkeypatch):
    """Each document has a name no other has and a city they share: in training the
    city is a seen entity (the other folds labelled it), the document's own name never is."""
    from desktop.suggest import crf

    rng = random.Random(2)
    names = ["".join(rng.choice("بپتجچخدرزسشفقکگلمنه") for _ in range(6)) for _ in range(10)]
    docs = [
        TrainingDocument(f"آقای {n} در تبریز گفت .", ((5, 5 + len(n), "PER"), (9 + len(n), 14 + len(n), "LOC")))
        for n in names
    ]
    seen: list[list[list[str]]] = []
    monkeypatch.setattr(crf._Trainer, "append", lambda self, features, tags: seen.append(features))
    monkeypatch.setattr(crf._Trainer, "train", lambda self, path: Path(path).write_bytes(b""))
    model = train_crf(docs, clusters=False, params={"max_iterations": 1})
    assert len(seen) == 10
    assert all(not _named(features[1], "ent") for features in seen)  # the own name: never a seen entity
    assert all("ent:B-LOC" in features[3] for features in seen)  # the shared city: always a seen entity
    assert crf_model.unpack(model.model).entities.labels[_keys(names[0])] == "PER"  # tagging sees them all


def _named(attributes, name):
    """Whether a token's attributes hold the feature `name` (any value)."""
    return any(a.startswith(f"{name}:") for a in attributes)

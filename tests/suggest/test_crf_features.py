"""The CRF's version 2 features: word parts, digit scripts, gazetteer phrases,
word clusters stored with the model, and models stored before version 2."""

import random

import pycrfsuite
import pytest

from desktop.suggest import crf_model, features_v1
from desktop.suggest.clusters import learn_clusters
from desktop.suggest.crf import CrfTagger, TrainingDocument, tagged_sentences, train_crf
from desktop.suggest.features import FEATURES_VERSION, FeatureContext, Known, sentence_features
from desktop.suggest.lexicon import fold_word
from desktop.suggest.list_tags import ListTagger
from desktop.suggest.tokens import sentence_tokens
from desktop.suggest.word_parts import digit_scripts, shape, suffix, zwnj_parts


def test_shape_tells_the_three_digit_scripts_apart():
    assert [shape(w) for w in ("۱۴۰۴", "١٤٠٤", "2025", "COVID19", "تهران", "۱۲٫۵")] == ["f", "a", "d", "Xd", "p", "f٫f"]
    assert [digit_scripts(w) for w in ("۱۴۰۴", "١٤٠٤", "2025", "۱۲-12", "تهران")] == ["f", "a", "d", "df", ""]


def test_persian_affixes_and_zwnj_parts():
    assert zwnj_parts("سازمان\u200cهای") == ["سازمان", "های"]
    assert zwnj_parts("تهران") == ["تهران"]
    assert [suffix(w) for w in ("سازمانهای", "کتابها", "بزرگترین", "ایرانی", "دانشجویان", "ها")] == [
        "های",
        "ها",
        "ترین",
        "ی",
        "ان",
        "",  # no stem left
    ]


def test_features_read_the_raw_token_where_folding_would_erase_it():
    persian, latin = sentence_features(["سال", "۱۴۰۴"]), sentence_features(["سال", "1404"])
    assert "w:1404" in persian[1] and "w:1404" in latin[1]  # one weight for the number...
    assert "digits:f4" in persian[1] and "digits:d4" in latin[1]  # ...and its script apart
    joined, plain = sentence_features(["سازمان\u200cهای", "ملل"]), sentence_features(["سازمانهای", "ملل"])
    assert {"z0:سازمان", "z-1:های", "sfx:های", "stem:سازمان"} <= set(joined[0])
    assert not any(a.startswith("z0:") for a in plain[0]) and "sfx:های" in plain[0]
    assert {"pos:0", "1w:ملل", "g<سا"} <= set(joined[0]) and "pos:1" in joined[1]


def test_features_are_crfsuite_attribute_strings_each_once():
    """`name:value` strings (what crfsuite makes of a `{name: value}` dict) or bare names,
    none twice (crfsuite would add its weight twice): «آآآآ» repeats the letter trigram «آآآ»."""
    clusters = {"تهران": ("1", "12", "123"), "در": ("2", "21", "212")}
    for sentence in sentence_features(["در", "تهران", "آآآآ", "."], FeatureContext(clusters)):
        assert len(sentence) == len(set(sentence))
    found = sentence_features(["در", "تهران", "."], FeatureContext(clusters))
    assert {"c0:1", "c1:12", "c2:123", "-1c0:2", "-1c1:21", "-1c2:212"} <= set(found[1])
    assert {"-1w:در", "-1c0:2", "2w:</s>", "2s3:/s>", "2class:-", "bi-1:در|تهران", "around:در|."} <= set(found[1])
    assert {"-2c0:2", "-2c1:21"} <= set(found[2]) and "-2c2:212" not in found[2]  # two away: the coarser two


def test_gazetteer_phrases_are_begin_and_inside_features_and_may_overlap():
    lists = ListTagger({"places": ["آذربایجان شرقی", "ایران"], "titles": ["استاندار ...", "استاندار آذربایجان شرقی"]})
    assert lists.tags([fold_word(w) for w in ("استاندار", "آذربایجان", "شرقی", "گفت")]) == [
        {"B-titles"},
        {"B-places", "I-titles"},
        {"I-places", "I-titles"},
        set(),
    ]
    assert lists.stem_lists("ایرانی") == {"places"} and lists.stem_lists("ایران") == set()
    found = sentence_features(["در", "ایران"], FeatureContext(lists=lists))
    assert "gzB-places" in found[1] and "1gzB-places" in found[0] and "gzB-places" not in found[0]


def _story_texts(seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    cities, names = ["تبریز", "شیراز", "مشهد", "اهواز", "رشت", "کرمان"], ["علی", "رضا", "مریم", "سارا", "حسن", "زهرا"]
    verbs = ["گفت", "رفت", "آمد", "نوشت"]
    return [
        f"در {rng.choice(cities)} امروز {rng.choice(names)} {rng.choice(verbs)} . آقای {rng.choice(names)} به "
        f"{rng.choice(cities)} {rng.choice(verbs)} ."
        for _ in range(60)
    ]


def test_clusters_are_the_same_for_a_seed_and_stored_with_the_model():
    texts = _story_texts()
    clusters = learn_clusters(texts, sizes=(2, 4), seed=3)
    assert clusters == learn_clusters(texts, sizes=(2, 4), seed=3)
    assert set(clusters) >= {"تبریز", "علی", "گفت"} and all(len(ids) == 2 for ids in clusters.values())
    assert learn_clusters(texts[:2], sizes=(2, 4)) == {}  # too little text: no clusters, no error
    docs = [TrainingDocument(t, ((3, 3 + t[3:].index(" "), "LOC"),)) for t in texts[:20]]
    model = train_crf(docs, unlabelled=texts[20:], params={"max_iterations": 5}, cluster_sizes=(2, 4), seed=3)
    parts = crf_model.unpack(model.model)
    assert parts.version == FEATURES_VERSION and parts.context.clusters == clusters
    assert model.meta["clusters"] == len(clusters)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("بپتثجچحخدذرزسشصضطظعغفقکگلمنوهی") for _ in range(5))


def test_a_small_training_run_learns_the_gazetteer_feature():
    """The words are random and never seen twice: only the list says which are places."""
    rng = random.Random(1)
    listed = [_word(rng) for _ in range(80)]
    docs = []
    for i in range(60):  # the place comes first or second: its position says nothing
        first, second = (listed[i], _word(rng)) if i % 2 else (_word(rng), listed[i])
        text = f"او به {first} رفت و {second} را دید ."
        start = 6 if i % 2 else text.index(second)
        docs.append(TrainingDocument(text, ((start, start + 5, "LOC"),)))
    model = train_crf(docs, lists={"places": listed}, clusters=False, params={"max_iterations": 40})
    tagger = CrfTagger(model.model)
    unseen, stranger = listed[70], _word(rng)
    text = f"او به {stranger} رفت و {unseen} را دید ."
    assert [(text[s:e], label) for s, e, label, _ in tagger.spans(text)] == [(unseen, "LOC")]


def test_a_model_stored_before_version_2_still_tags(tmp_path):
    trainer = pycrfsuite.Trainer(verbose=False)
    docs = [TrainingDocument(f"آقای {n} گفت .", ((5, 5 + len(n), "PER"),)) for n in ["علی", "رضا", "حسن"] * 5]
    for doc in docs:
        for tokens, tags in tagged_sentences(doc):
            trainer.append(features_v1.sentence_features([t.key for t in tokens]), tags)
    trainer.set_params({"max_iterations": 20})
    trainer.train(str(tmp_path / "old.crfsuite"))
    old = (tmp_path / "old.crfsuite").read_bytes()  # what a project stored before version 2
    assert old.startswith(crf_model.CRFSUITE_MAGIC)
    text = "آقای رضا گفت ."
    assert [(text[s:e], label) for s, e, label, _ in CrfTagger(old).spans(text)] == [("رضا", "PER")]


@pytest.mark.parametrize(
    ("model", "reason"),
    [
        (b"not a model", "not a CRF model"),
        (crf_model.MAGIC + b"\x00\x00\x00\x05{oops", "damaged"),
        (crf_model.MAGIC + b'\x00\x00\x00\x0f{"features":99}lCRF', "features version 99"),
        (crf_model.pack(b"lCRF broken", {}, {}), "damaged"),
    ],
)
def test_a_model_this_version_cannot_read_is_refused_with_a_reason(model, reason):
    with pytest.raises(crf_model.ModelRefused, match=reason):
        CrfTagger(model)


def test_the_model_attributes_are_read_from_crfsuites_file():
    texts = _story_texts()
    docs = [TrainingDocument(t, ((3, 3 + t[3:].index(" "), "LOC"),)) for t in texts[:20]]
    model = train_crf(docs, params={"max_iterations": 5}, clusters=False)
    crfsuite = crf_model.unpack(model.model).crfsuite
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(crfsuite)
    assert sorted(crf_model.attributes(crfsuite)) == sorted(tagger.info().attributes)
    assert crf_model.attributes(b"lCRF broken") == [] and crf_model.attributes(b"") == []


def test_leaving_out_what_the_model_does_not_know_tags_the_same(monkeypatch):
    """Tagging hands crfsuite only the attributes the model has weights for (and bigrams
    of words some known bigram holds): the same spans, scores and confidences."""
    texts = _story_texts(4)
    docs = [TrainingDocument(t, ((3, 3 + t[3:].index(" "), "LOC"),)) for t in texts[:30]]
    model = train_crf(docs, unlabelled=texts[30:], params={"max_iterations": 30}, cluster_sizes=(2, 4))
    pruned = CrfTagger(model.model)
    assert pruned._parts.context.known is not None
    monkeypatch.setattr(crf_model, "attributes", lambda crfsuite: [])
    whole = CrfTagger(model.model)
    assert whole._parts.context.known is None
    unseen = "در یزد امروز |نادر گفت . آقای حسن به زنجان رفت و تبریز را دید ."
    for text in [*texts[30:40], unseen]:
        sentences = sentence_tokens(text)
        shorter = [len(a) for a in pruned._parts.featurize(text, sentences)[0]]
        assert sum(shorter) < sum(len(a) for a in whole._parts.featurize(text, sentences)[0])
        assert pruned.spans(text) == whole.spans(text)
        assert pruned.confidences(text) == whole.confidences(text)


def test_a_word_holding_a_bar_keeps_its_bigrams():
    known = Known.of(["bi-1:الف|ب", "around:ج|<s>", "w:x"])
    assert known.paired == {"الف", "ب", "ج", "<s>"}
    assert known.pair("ب") and known.pair("a|b") and not known.pair("x")

"""A local Hugging Face token-classification model as a tagger (desktop/suggest/hf_model.py): offsets
exact on ZWNJ, emoji, CRLF and the three digit scripts; tags joined into entities; long texts in
windows merged without duplicates; cancel; folders that are no usable model refused clearly."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.core.errors import InputError
from desktop.suggest.hf_entities import Word, entities, entity_types, split_tag
from desktop.suggest.hf_labels import default_label_map, model_source

from tinymodel import build, needs_torch

TEXT = "علی رضایی\r\nمی‌روم به تهران 😀 ۱۲۳ ١٢٣ 123، وزارت نفت، تهران."
EXPECTED = [("علی رضایی", "PER"), ("تهران", "LOC"), ("😀", "MISC"), ("وزارت نفت", "ORG"), ("تهران", "LOC")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    needs_torch()
    return build(tmp_path_factory.mktemp("models") / "tiny-ner")


@pytest.fixture(scope="module")
def tagger(tiny):
    from desktop.suggest.hf_model import load

    return load(tiny)


def _edges(tagger, text):
    """Where the tokenizer's tokens start and end in `text` (code points)."""
    offsets = tagger._tokenizer(text, return_offsets_mapping=True)["offset_mapping"]
    return {s for s, e in offsets if e > s}, {e for s, e in offsets if e > s}


def test_tags_split_into_prefix_and_type():
    assert [split_tag(t) for t in ("B-PER", "I_ORG", "S-LOC", "PER", "O", "B-")] == [
        ("B", "PER"),
        ("I", "ORG"),
        ("S", "LOC"),
        ("", "PER"),
        ("", "O"),
        ("", "B-"),
    ]
    assert entity_types(["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]) == ["PER", "LOC"]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),  # BIO
        (["I-PER", "I-PER", "B-PER", "I-LOC"], [(0, 2, "PER"), (2, 3, "PER"), (3, 4, "LOC")]),  # IOB1
        (["S-PER", "B-LOC", "E-LOC", "I-LOC"], [(0, 1, "PER"), (1, 3, "LOC"), (3, 4, "LOC")]),  # BIOES
        (["PER", "PER", "O", "LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),  # plain tags
    ],
)
def test_word_tags_make_entities(tags, expected):
    words = [Word(i * 10, i * 10 + 5, tag, 0.5 + i / 10) for i, tag in enumerate(tags)]
    found = entities(words)
    assert [(s // 10, (e - 5) // 10 + 1, kind) for s, e, kind, _ in found] == expected
    assert found[0][3] == pytest.approx(sum(w.score for w in words[: expected[0][1]]) / expected[0][1])


def test_default_map_matches_names_and_the_common_families():
    news = ["official", "title", "organisation", "place", "figure", "date", "agreement", "event"]
    mapping = default_label_map(["PER", "ORG", "LOC", "DAT", "MISC", "event", "pers"], news)
    assert mapping == {
        "PER": "official",
        "ORG": "organisation",
        "LOC": "place",
        "DAT": "date",
        "MISC": None,
        "event": "event",
        "pers": "official",
    }
    assert default_label_map(["PER"], ["person", "official"]) == {"PER": "person"}
    assert model_source("pars\nbert-ner") == "model:pars bert-ner"
    assert model_source("x" * 100) == "model:" + "x" * 64


def test_offsets_are_exact_on_zwnj_emoji_crlf_and_every_digit_script(tagger):
    found = tagger.spans(TEXT)
    assert [(TEXT[s:e], kind) for s, e, kind, _ in found] == EXPECTED
    starts, ends = _edges(tagger, TEXT)
    assert all(s in starts and e in ends for s, e, _, _ in found)
    assert all(0.8 < score < 1.0 for *_, score in found)
    zwnj = "می‌روم علی"  # the ZWNJ is inside a word: the next word starts after it, where the text has it
    assert [(zwnj[s:e], kind) for s, e, kind, _ in tagger.spans(zwnj)] == [("علی", "PER")]


def test_a_long_text_runs_in_windows_merged_without_duplicates(tiny, tagger):
    from desktop.suggest.hf_model import load

    long_text = "\r\n".join([TEXT] * 40)  # ~2,500 characters, ~1,000 tokens
    small = load(tiny, max_length=16)  # windows of 14 tokens overlapping by 4
    windows = []
    found = small.spans(long_text, progress=lambda done, total: windows.append((done, total)))
    assert windows[-1][0] == windows[-1][1] > 40
    assert found == tagger.spans(long_text)  # the model's own 64-token windows agree
    assert [(long_text[s:e], kind) for s, e, kind, _ in found] == EXPECTED * 40
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:]))  # in order, none twice, none overlapping


def test_cancel_stops_between_windows(tiny):
    from desktop.suggest.hf_model import ModelCancelled, load

    small = load(tiny, max_length=16)
    seen = []
    with pytest.raises(ModelCancelled):
        small.spans(TEXT * 20, progress=lambda done, total: seen.append(done), cancel=lambda: bool(seen))
    assert seen == [8]  # one batch of windows, then the cancel was heard


def test_empty_text_has_no_entities(tagger):
    assert tagger.spans("") == [] and tagger.spans(" \r\n ") == []


def _refused(folder) -> InputError:
    from desktop.suggest.hf_model import load

    with pytest.raises(InputError) as caught:
        load(folder)
    assert caught.value.path == str(folder)
    return caught.value


def test_folders_that_are_no_usable_model_are_refused_by_name(tiny, tmp_path):
    assert _refused(tmp_path / "missing").why.code == "model.not_a_folder"
    assert _refused(tmp_path).why.code == "model.no_config"
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    assert _refused(tmp_path).why.code == "model.bad_config"

    classifier = shutil.copytree(tiny, tmp_path / "classifier")
    config = json.loads((classifier / "config.json").read_text(encoding="utf-8"))
    (classifier / "config.json").write_text(
        json.dumps({**config, "architectures": ["BertForSequenceClassification"]}), encoding="utf-8"
    )
    error = _refused(classifier)
    assert error.why.code == "model.not_token_classification"
    assert str(error).startswith(f"{classifier}: not a token-classification model (its architectures: BertFor")

    unnamed = shutil.copytree(tiny, tmp_path / "unnamed")
    (unnamed / "config.json").write_text(json.dumps({**config, "id2label": {"0": "LABEL_0", "1": "LABEL_1"}}))
    assert _refused(unnamed).why.code == "model.no_tags"

    broken = shutil.copytree(tiny, tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"not weights")
    assert _refused(broken).why.code == "model.unreadable"


def test_a_slow_tokenizer_is_refused(tiny, tmp_path):
    from transformers import CanineTokenizer

    slow = shutil.copytree(tiny, tmp_path / "slow")
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        (slow / name).unlink(missing_ok=True)
    CanineTokenizer().save_pretrained(slow)  # a tokenizer transformers has only in Python: no offsets
    error = _refused(slow)
    assert error.why.code == "model.slow_tokenizer"
    assert "gives no character offsets" in str(error)


def test_without_the_extra_the_error_says_how_to_install_it(tiny, monkeypatch):
    import sys

    from desktop.suggest.hf_model import load

    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    with pytest.raises(InputError) as caught:
        load(tiny)
    assert str(caught.value) == "a local model needs the optional extra: pip install 'barchasb[transformers]'"

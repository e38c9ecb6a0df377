"""Reflow: hard-wrapped documents are re-joined, ordinary ones left alone."""

from __future__ import annotations

import pytest
from text.text_strategies import seed_texts

from desktop.text import normalize
from desktop.text.reflow import paragraphs

WRAPPED = {"001_35dd73f86b76e611", "003_b84fa984f2b69a67"}
LINE = "این یک خط بلند از یک متن خبری است که در میانه جمله شکسته شده و ادامه دارد"


@pytest.mark.parametrize("name", sorted(set(seed_texts()) - WRAPPED))
def test_unwrapped_seeds_are_not_touched(name):
    raw = seed_texts()[name]
    assert normalize(raw, persian=False).text == raw
    assert "reflow" not in normalize(raw).changes


def test_seed_001_sentences_broken_across_lines_and_blank_lines_are_joined():
    result = normalize(seed_texts()["001_35dd73f86b76e611"], persian=False)
    text = result.text
    assert "تحقق اهداف وزارت امور خارجه ایفای نقش کنیم." in text  # across a blank line
    assert "در گرو توسعه صادرات است\n\nاستاندار" in text  # wrapped title kept apart
    assert text.startswith(" استاندار آذربایجان شرقی در دیدار معاون وزیر امور خارجه:\n\n")
    assert result.changes["reflow"] == 16
    # Every paragraph now ends a sentence, except the title.
    ends = [p.rstrip()[-1] for p in text.split("\n\n") if p.strip()]
    assert sum(ch not in ".:" for ch in ends) == 1


def test_seed_003_wrap_after_a_diacritic_and_a_comma_is_joined():
    text = normalize(seed_texts()["003_b84fa984f2b69a67"]).text
    assert "کاملا فعال خواهد بود" in text
    assert "آذربایجان، پاکستان" in text
    assert "سهل\u200cتر از استان" in text  # joined, then hazm attaches the suffix
    assert "صادرات نباید داشته باشیم\n\nمعاون" in text


def test_a_wrapped_join_maps_back_over_the_raw_break():
    raw = seed_texts()["003_b84fa984f2b69a67"]
    result = normalize(raw)
    start = result.text.index("سهل\u200cتر")
    rs, re_ = result.offsets.raw_span(start, start + 6)
    assert raw[rs:re_] == "سهل\n\nتر"


def test_short_documents_and_titles_are_left_alone():
    raw = "عنوان خبر\nمتن کوتاه خبر.\nخط دیگر بی نقطه\nپایان."
    assert normalize(raw, persian=False).text == raw
    assert len(paragraphs(raw)) == 4


def test_wrapping_is_detected_from_the_document_not_one_line():
    wrapped = "\n".join([LINE, LINE, LINE + "."])
    assert normalize(wrapped, persian=False).text == " ".join([LINE, LINE, LINE + "."])
    # The same lines in a document of long paragraphs are titles.
    long_para = (LINE + " ") * 6 + "پایان."
    mixed = "\n\n".join([LINE, long_para, LINE, long_para])
    assert normalize(mixed, persian=False).text == mixed


def test_reflow_can_be_switched_off():
    wrapped = "\n".join([LINE, LINE, LINE + "."])
    assert normalize(wrapped, persian=False, reflow=False).text == wrapped
    assert len(paragraphs(wrapped, reflow=False)) == 3

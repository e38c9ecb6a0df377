"""normalize(): stored text, exact offset maps and change counts on known cases."""

from __future__ import annotations

import pytest
from text.text_strategies import fold_key, seed_texts

from desktop.text import Normalized, OffsetMap, normalize, tokenize

ZWNJ = "\u200c"


def raw_of(result: Normalized, raw: str, start: int, end: int) -> str:
    rs, re_ = result.offsets.raw_span(start, end)
    return raw[rs:re_]


def test_percent_keeps_its_digits_and_sign_unless_digits_are_unified():
    assert normalize("رشد 50% بود").text == "رشد 50% بود"
    result = normalize("50%", unify_digits=True)
    assert result.text == "۵۰%"  # only digits are unified: no `٪`, no space
    assert [result.offsets.raw_span(k, k + 1) for k in range(3)] == [(0, 1), (1, 2), (2, 3)]
    assert result.changes == {"digits": 2}


def test_digit_glued_to_a_word_stays_glued_and_maps_back():
    raw = "حدود ۳هزار نفر در سال۱۴۰۳"
    result = normalize(raw)
    assert result.text == raw  # hazm's `۳ هزار` would insert a space the analyst did not type
    start = result.text.index("هزار")
    assert raw_of(result, raw, start - 1, start + 4) == "۳هزار"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("می شود", f"می{ZWNJ}شود"),
        ("شرکت های دولتی", f"شرکت{ZWNJ}های دولتی"),
        ("نمیدانم", f"نمی{ZWNJ}دانم"),
    ],
)
def test_zwnj_spacing_maps_whole_words_back(raw, stored):
    result = normalize(raw)
    assert result.text == stored
    word_end = result.text.find(" ") if " " in result.text else len(result.text)
    assert raw_of(result, raw, 0, word_end).replace(" ", "") == raw.split(" دولتی")[0].replace(" ", "")
    assert result.changes["zwnj"] == 1


def test_yeh_kaf_digits_and_diacritics_are_counted():
    raw = "علي يك كتاب ٣٤ كاملاً"
    result = normalize(raw)
    assert result.text == "علی یک کتاب ٣٤ کاملا"  # digits are kept by default
    assert result.changes == {"yeh": 2, "kaf": 3, "diacritics": 1}
    unified = normalize(raw, unify_digits=True)
    assert unified.text == "علی یک کتاب ۳۴ کاملا"
    assert unified.changes == {"yeh": 2, "kaf": 3, "digits": 2, "diacritics": 1}
    start = result.text.index("کاملا")
    assert raw_of(result, raw, start, start + 5) == "كاملاً"  # the tanwin comes along


def test_crlf_and_lone_cr_always_become_newlines_and_map_back():
    raw = "سلام\r\nدنیا\rخوب\n"
    result = normalize(raw, persian=False, reflow=False)
    assert result.text == "سلام\nدنیا\nخوب\n"
    assert result.changes == {"newline": 2}
    assert result.offsets.raw_span(4, 5) == (4, 6)  # "\n" <- "\r\n"
    assert raw_of(result, raw, 5, 9) == "دنیا"
    assert raw_of(result, raw, 10, 13) == "خوب"


def test_crlf_with_persian_normalisation():
    raw = "سلام علي\r\n\r\nكتاب خوب\r\n"
    result = normalize(raw)
    assert result.text == "سلام علی\n\nکتاب خوب"
    assert result.changes["newline"] == 3
    assert raw_of(result, raw, 10, 18) == "كتاب خوب"


def test_numbers_dates_and_urls_survive_hazm_whole():
    raw = "نرخ 12.5 درصد در 2025-11-12 ساعت 10:30 طبق https://example.com/a1.html اعلام شد."
    assert normalize(raw).text == raw
    unified = normalize(raw, unify_digits=True).text
    assert "۱۲.۵ درصد" in unified and "۲۰۲۵-۱۱-۱۲" in unified and "۱۰:۳۰" in unified
    assert "https://example.com/a1.html" in unified


def test_quotes_ellipsis_and_special_characters_still_map():
    raw = 'او گفت "سلام" و ... ﷺ'
    result = normalize(raw)
    assert result.text == "او گفت «سلام» و …"
    start = result.text.index("«")
    assert raw_of(result, raw, start, start + len("«سلام»")) == '"سلام"'
    assert raw_of(result, raw, len(result.text) - 1, len(result.text)) == "..."


def test_whitespace_and_blank_lines_are_tidied_only_when_persian():
    raw = "\n\n  اول  \n\n\n\nدوم  \n"
    assert normalize(raw, reflow=False).text == "اول\n\nدوم"
    assert normalize(raw, persian=False, reflow=False).text == raw


def test_a_paragraph_hazm_empties_leaves_no_extra_blank_lines():
    raw = "سلام\n\nﷺ\n\nخوب"
    result = normalize(raw)
    assert result.text == "سلام\n\nخوب"
    assert raw_of(result, raw, 6, 9) == "خوب"


def test_empty_and_blank_documents():
    assert normalize("").text == ""
    assert normalize(" \r\n ").text == ""
    assert normalize(" \r\n ", persian=False).text == " \n "


@pytest.mark.parametrize("name", sorted(seed_texts()))
def test_seeds_normalise_and_every_token_maps_to_raw(name):
    raw = seed_texts()[name]
    result = normalize(raw)
    assert result.offsets.stored_length == len(result.text)
    assert result.offsets.raw_length == len(raw)
    for start, end in tokenize(result.text):
        token = result.text[start:end]
        assert token.strip() == token
        source = raw_of(result, raw, start, end)
        # Same letters up to folding; a reflowed word may span a raw line
        # break (003: "سهل\n\nتر" is stored as "سهل‌تر").
        assert fold_key(source) == fold_key(token), (token, source)
        assert source == source.strip()
    # A map for a few-kilobyte document needs few anchors, and survives JSON.
    assert result.offsets.anchor_count < len(result.text) // 20
    assert OffsetMap.from_json(result.offsets.to_json()) == result.offsets


def test_a_span_on_stored_text_maps_back_to_the_raw_file():
    raw = seed_texts()["000_3b94ff37277a5cd1"]
    result = normalize(raw)
    start = result.text.index(f"شرکت{ZWNJ}های دولتی")
    rs, re_ = result.offsets.raw_span(start, start + len(f"شرکت{ZWNJ}های"))
    assert raw[rs:re_] == "شرکت های"
    assert result.offsets.stored_span(rs, re_) == (start, start + 8)


def test_without_persian_the_map_is_exact_character_for_character():
    raw = "یک\r\nدو  سه\n\nچهار"
    result = normalize(raw, persian=False, reflow=False)
    for pos, ch in enumerate(result.text):
        rs, re_ = result.offsets.raw_span(pos, pos + 1)
        assert raw[rs:re_] == ("\r\n" if raw[rs:re_] == "\r\n" else ch)

"""Folded search: Persian variants match, offsets are exact stored positions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from text.text_strategies import any_text, documents, fold_key

from desktop.text import compile_query, find_all, fold, normalize, tokenize
from desktop.text.chars import ZWNJ, is_separator

DIACRITICS = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670"

TEXT = (
    f"او می{ZWNJ}شود، می شود و میشود. ایرانی در ایران. علي و على و علی. كتاب‌ها ۱۲ و 12 و ١٢. "
    "دنیـا و کاملاً و خانهٔ و خانه و رئیس و ۱۲٫۵ و ۲۰۲۵-۱۱-۱۲ و «نقل» و SMBها"
)


def found(query: str, **kw) -> list[str]:
    return [TEXT[s:e] for s, e in find_all(TEXT, query, **kw)]


@pytest.mark.parametrize("query", [f"می{ZWNJ}شود", "می شود", "میشود"])
def test_zwnj_space_and_nothing_between_word_parts_are_equal(query):
    assert found(query) == [f"می{ZWNJ}شود", "می شود", "میشود"]


def test_whole_word_respects_boundaries():
    assert found("ایران") == ["ایران"]
    assert found("ایران", whole_word=False) == ["ایران", "ایران"]
    assert [TEXT2[s:e] for s, e in find_all(TEXT2, "هزار")] == ["هزار"]


TEXT2 = "حدود ۳هزار نفر از ایران‌خودرو"


def test_whole_words_are_whole_tokens():
    assert [TEXT2[s:e] for s, e in find_all(TEXT2, "۳")] == ["۳"]
    assert find_all(TEXT2, "ایران") == []


def test_letter_and_digit_variants():
    assert found("علی") == ["علي", "على", "علی"]
    assert found("کتابها") == ["كتاب‌ها"]
    assert found("12") == ["۱۲", "12", "١٢"]  # not inside ۱۲٫۵ or the date
    assert found("12.5") == ["۱۲٫۵"]
    assert found("رییس") == ["رئیس"]
    assert found("smbها") == ["SMBها"]


def test_tatweel_diacritics_and_heh_variants():
    assert found("دنیا") == ["دنیـا"]
    assert found("کاملا") == ["کاملاً"]  # the tanwin belongs to the last letter
    assert found("خانه") == ["خانهٔ", "خانه"]
    assert found('"نقل"') == ["«نقل»"]


def test_whole_words_in_text_without_whitespace():
    text = "ایران،ایرانی،" * 200  # too long a stretch to tokenise locally
    spans = find_all(text, "ایران")
    assert len(spans) == 200 and all(text[s:e] == "ایران" for s, e in spans)


def test_empty_queries_find_nothing():
    assert find_all(TEXT, "") == [] and find_all(TEXT, f" {ZWNJ} ") == []
    assert compile_query("  ") is None


def test_fold_keeps_a_map_to_the_original():
    text = f"کتابِ{ZWNJ}ها"
    folded = fold(text)
    assert folded.text == "کتابها" and folded.original == text
    assert [folded.to_original(i) for i in range(7)] == [0, 1, 2, 3, 6, 7, 8]
    assert folded.original_span(0, 4) == (0, 5)


@st.composite
def text_and_query(draw):
    text = draw(st.one_of(any_text, documents().map(lambda raw: normalize(raw).text)))
    tokens = tokenize(text)
    assume(tokens)
    start, end = draw(st.sampled_from(tokens))
    cut = draw(st.integers(0, end - start - 1))
    return text, text[start + cut : end], (start, end)


relaxed = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(text_and_query(), st.booleans())
def test_matches_are_valid_spans_that_fold_to_the_query(case, whole_word):
    text, query, token = case
    assume(fold_key(query))
    for s, e in find_all(text, query, whole_word=whole_word):
        assert 0 <= s < e <= len(text)
        # Starts on a character that survives folding (not ZWNJ, a diacritic,
        # tatweel or space); ends after one, plus only its own diacritics.
        assert fold_key(text[s]) and not is_separator(text[s])
        last = len(text[s:e].rstrip(DIACRITICS)) + s - 1
        assert fold_key(text[last]) and not is_separator(text[last])
        assert fold_key(text[s:e]) == fold_key(query)


@relaxed
@given(text_and_query())
def test_a_whole_word_is_found_at_its_own_place(case):
    text, query, token = case
    assume(query == text[token[0] : token[1]] and fold_key(query))
    assert token in find_all(text, query)

"""Selection helpers: trimming, snapping to tokens, splitting at ZWNJ."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from text.text_strategies import any_text

from desktop.text import snap_to_tokens, token_at, tokenize, trim
from desktop.text.chars import ZWNJ, is_edge_junk
from desktop.text.tokens import tokens_around

TEXT = f"خبر «شرکت{ZWNJ}های دولتی»، کتاب{ZWNJ}ها و ۵۰ ٪ رشد."


def piece(text: str, span):
    return None if span is None else text[span[0] : span[1]]


def test_trim_shaves_spaces_zwnj_and_punctuation_only_at_the_edges():
    start = TEXT.index("«") - 1
    end = TEXT.index("»") + 3
    assert piece(TEXT, trim(TEXT, start, end)) == f"شرکت{ZWNJ}های دولتی"
    assert trim(TEXT, 3, 5) is None  # " «" is all junk
    assert trim(TEXT, 0, 0) is None


def test_snap_grows_a_partial_selection_to_whole_tokens():
    tokens = tokenize(TEXT)
    inside = TEXT.index("رکت")
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, inside, inside + 2)) == f"شرکت{ZWNJ}های"
    across = TEXT.index("ولتی")
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, inside, across + 2)) == f"شرکت{ZWNJ}های دولتی"
    blank = TEXT.index(" و ")
    assert snap_to_tokens(TEXT, tokens, blank, blank + 1) is None


def test_split_zwnj_keeps_only_the_selected_word_part():
    tokens = tokenize(TEXT)
    suffix = TEXT.index(f"{ZWNJ}ها و")
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, suffix, suffix + 3)) == f"کتاب{ZWNJ}ها"
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, suffix, suffix + 3, split_zwnj=True)) == "ها"
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, suffix + 1, suffix + 2, split_zwnj=True)) == "ها"
    stem = TEXT.index("کتاب")
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, stem + 1, stem + 2, split_zwnj=True)) == "کتاب"


def test_percent_signs_are_kept_at_the_edges():
    tokens = tokenize(TEXT)
    start = TEXT.index("۵۰")
    assert piece(TEXT, trim(TEXT, start, start + 5)) == "۵۰ ٪"
    assert piece(TEXT, snap_to_tokens(TEXT, tokens, start + 1, start + 4)) == "۵۰ ٪"


def test_token_at():
    tokens = tokenize(TEXT)
    pos = TEXT.index("دولتی") + 2
    assert piece(TEXT, token_at(tokens, pos)) == "دولتی"
    assert token_at(tokens, TEXT.index(" ")) is None


@st.composite
def selections(draw):
    text = draw(any_text)
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    return text, min(a, b), max(a, b)


@given(selections(), st.booleans())
def test_snapped_spans_are_clean_and_cover_the_trimmed_selection(selection, split):
    text, start, end = selection
    tokens = tokenize(text)
    trimmed = trim(text, start, end)
    snapped = snap_to_tokens(text, tokens, start, end, split_zwnj=split)
    assert (trimmed is None) == (snapped is None)
    if snapped is None:
        assert all(is_edge_junk(c) for c in text[start:end])
        return
    s, e = snapped
    assert s <= trimmed[0] < trimmed[1] <= e
    assert not is_edge_junk(text[trimmed[0]]) and not is_edge_junk(text[trimmed[1] - 1])
    starts = {t[0] for t in tokens}
    ends = {t[1] for t in tokens}
    if split:
        assert s in starts or text[s - 1] == ZWNJ
        assert e in ends or text[e] == ZWNJ
    else:
        assert s in starts and e in ends


@given(selections(), st.booleans())
def test_snapping_with_the_tokens_around_a_selection_is_snapping_with_all_tokens(selection, split):
    """The window snaps a first label without tokenising the whole (1 MB) document."""
    text, start, end = selection
    local = tokens_around(text, start, end)
    assert set(local) <= set(tokenize(text))
    assert snap_to_tokens(text, local, start, end, split_zwnj=split) == snap_to_tokens(
        text, tokenize(text), start, end, split_zwnj=split
    )

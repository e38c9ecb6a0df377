"""Utf16Index: code points <-> UTF-16 units around astral characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text import Utf16Index

ZWNJ = "\u200c"
CHARS = [*"اب ۱2a\n", ZWNJ, "😀", "👍", "🏽", "𝐀", "\u200d"]
texts = st.text(alphabet=st.sampled_from(CHARS), max_size=40)


def u16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_emoji_before_and_inside_a_range():
    text = f"😀 می{ZWNJ}شود 👍🏽 خوب"
    index = Utf16Index(text)
    assert not index.is_trivial
    word = (text.index("می"), text.index(" 👍"))
    assert index.range_to_utf16(*word) == (word[0] + 1, word[1] + 1)  # one pair before
    thumbs = (text.index("👍"), text.index("👍") + 2)  # emoji + skin tone
    assert index.range_to_utf16(*thumbs) == (thumbs[0] + 1, thumbs[1] + 3)
    assert index.range_to_cp(*index.range_to_utf16(*thumbs)) == thumbs
    assert index.length_u16 == u16_len(text)


def test_positions_inside_a_surrogate_pair():
    index = Utf16Index("a😀b")
    assert index.to_cp(2) == 1  # low surrogate snaps to the pair's start
    assert index.range_to_cp(2, 3) == (1, 2)  # a start inside the pair snaps back
    assert index.range_to_cp(0, 2) == (0, 2)  # an end inside the pair grows over it
    with pytest.raises(IndexError):
        index.to_cp(5)
    with pytest.raises(IndexError):
        index.to_utf16(4)


def test_plain_persian_is_trivial():
    index = Utf16Index(f"کتاب{ZWNJ}ها")
    assert index.is_trivial and index.to_utf16(6) == 6


@given(texts)
def test_code_point_positions_round_trip(text):
    index = Utf16Index(text)
    for cp in range(len(text) + 1):
        u16 = index.to_utf16(cp)
        assert u16 == u16_len(text[:cp])
        assert index.to_cp(u16) == cp


@given(texts, st.data())
def test_every_utf16_range_maps_to_a_covering_code_point_range(text, data):
    index = Utf16Index(text)
    a = data.draw(st.integers(0, index.length_u16))
    b = data.draw(st.integers(a, index.length_u16))
    s, e = index.range_to_cp(a, b)
    assert 0 <= s <= e <= len(text)
    us, ue = index.range_to_utf16(s, e)
    assert us <= a and (b <= ue or a == b)
    # Whole characters: the code point slice encodes to the covered units.
    encoded = text.encode("utf-16-le")
    assert text[s:e].encode("utf-16-le") == encoded[2 * us : 2 * ue]


def test_a_lone_surrogate_counts_one_unit_and_an_astral_character_two():
    index = Utf16Index("a\ud800b😀c")
    assert not index.is_trivial and index.length_u16 == 6
    assert [index.to_utf16(cp) for cp in range(6)] == [0, 1, 2, 3, 5, 6]
    assert Utf16Index("a\ud800b").is_trivial

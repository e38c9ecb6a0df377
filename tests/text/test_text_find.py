"""Find in the document: folded hits as code-point ranges, and stepping between them."""

from __future__ import annotations

from desktop.text.chars import ZWNJ
from desktop.text.find import Hits, find_hits

# An emoji (two UTF-16 units, one code point) before every hit: a UTF-16 slip shifts them all.
TEXT = f"😀 علی رفت. 😀 كتاب علي را خواند و 12 صفحه. می{ZWNJ}شود، علیرضا ۱۲ بار."


def shown(hits: Hits) -> list[str]:
    return [TEXT[s:e] for s, e in hits.spans]


def test_hits_are_code_point_ranges_after_an_emoji():
    hits = find_hits(TEXT, "علي")
    assert hits.spans[0] == (2, 5) and TEXT[2:5] == "علی"
    assert shown(hits) == ["علی", "علي", "علی"]  # the last inside علیرضا: not whole words
    assert shown(find_hits(TEXT, "علی", whole_word=True)) == ["علی", "علي"]


def test_persian_variants_digits_and_zwnj_fold():
    assert find_hits(TEXT, "ک").spans == ((13, 14),) and TEXT[13] == "ك"
    assert shown(find_hits(TEXT, "کتاب")) == ["كتاب"]
    assert shown(find_hits(TEXT, "۱۲")) == ["12", "۱۲"]
    assert shown(find_hits(TEXT, "می شود")) == [f"می{ZWNJ}شود"]
    assert find_hits(TEXT, "  ").spans == () and len(find_hits(TEXT, "")) == 0


def test_stepping_follows_the_reader_and_wraps():
    hits = Hits("x", ((2, 5), (10, 13), (20, 23)))
    assert hits.step((2, 5), True) == 1 and hits.step((10, 13), True) == 2
    assert hits.step((20, 23), True) == 0  # wraps to the first
    assert hits.step((10, 13), False) == 0 and hits.step((2, 5), False) == 2
    assert hits.step((7, 7), True) == 1 and hits.step((7, 7), False) == 0  # from a caret
    assert hits.step((10, 10), True) == 1  # a caret at a hit's start finds that hit
    assert Hits().step((0, 0), True) is None


def test_index_and_first_hit_from_a_position():
    hits = Hits("x", ((2, 5), (10, 13)))
    assert hits.index((10, 13)) == 1 and hits.index((10, 12)) is None and hits.index(None) is None
    assert hits.at_or_after(0) == 0 and hits.at_or_after(2) == 0 and hits.at_or_after(3) == 1
    assert hits.at_or_after(11) == 0  # past the last: back to the first

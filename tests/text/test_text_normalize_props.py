"""Property tests: normalisation maps stay exact on random messy Persian text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from text.text_strategies import documents, fold_key

from desktop.text import OffsetMap, fold, normalize, tokenize
from desktop.text.align import droppable
from desktop.text.protect import PROTECTED

# hazm rewrites these beyond what folding can undo: runs of three equal
# letters are shortened by dictionary lookup, and "..." becomes "…".
_REWRITTEN = re.compile(r"(\w)\1\1|\.\.")


def _rewritten(raw: str) -> bool:
    return bool(_REWRITTEN.search(fold(raw).text))


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_map_shape(raw: str, result) -> None:
    m = result.offsets
    assert m.stored_length == len(result.text) and m.raw_length == len(raw)
    positions = [m.to_raw(p) for p in range(len(result.text) + 1)]
    assert positions == sorted(positions)
    assert OffsetMap.from_json(m.to_json()) == m


@common
@given(documents(), st.booleans())
def test_every_token_maps_back_to_the_same_letters(raw, reflow):
    assume(not _rewritten(raw))
    result = normalize(raw, reflow=reflow)
    _check_map_shape(raw, result)
    assert "\r" not in result.text
    for start, end in tokenize(result.text):
        rs, re_ = result.offsets.raw_span(start, end)
        source = raw[rs:re_]
        assert fold_key(source) == fold_key(result.text[start:end]), (result.text[start:end], source)
        back = result.offsets.stored_span(rs, re_)
        assert back[0] <= start and end <= back[1]


@common
@given(documents())
def test_without_persian_only_line_breaks_change(raw):
    result = normalize(raw, persian=False, reflow=False)
    assert result.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    _check_map_shape(raw, result)
    for pos, ch in enumerate(result.text):
        rs, re_ = result.offsets.raw_span(pos, pos + 1)
        assert raw[rs:re_] in ((ch,) if ch != "\n" else ("\n", "\r", "\r\n"))


@common
@given(documents())
def test_reflow_alone_changes_whitespace_only(raw):
    result = normalize(raw, persian=False, reflow=True)
    _check_map_shape(raw, result)
    squeeze = re.compile(r"\s+")
    assert squeeze.sub(" ", result.text).strip() == squeeze.sub(" ", raw).strip()
    for start, end in tokenize(result.text):
        rs, re_ = result.offsets.raw_span(start, end)
        assert raw[rs:re_] == result.text[start:end]


@common
@given(documents())
def test_normalising_twice_changes_no_letters(raw):
    # hazm itself is not idempotent in its spacing (`: :` -> `::`, `می 50`),
    # but a second pass must never change the characters themselves.
    assume(not _rewritten(raw))
    once = normalize(raw).text
    assert fold_key(normalize(once).text) == fold_key(once)


_LATIN = re.compile(r"[A-Za-z]+")


@common
@given(documents(), st.booleans())
def test_digits_and_latin_runs_survive_unchanged_by_default(raw, reflow):
    result = normalize(raw, reflow=reflow)
    assert [c for c in result.text if c.isdigit()] == [c for c in raw if c.isdigit()]
    assert _LATIN.findall(result.text) == _LATIN.findall(droppable().sub("", raw))  # `Xًa` -> `Xa`
    for m in PROTECTED.finditer(raw):  # each run maps onto itself, with no space glued on
        start, end = result.offsets.stored_span(*m.span())
        assert result.text[start:end] == m.group()
        for raw_pos, pos in ((m.start() - 1, start - 1), (m.end(), end)):
            glued = 0 <= raw_pos < len(raw) and raw[raw_pos].isalnum() and not droppable().match(raw, raw_pos)
            if glued and 0 <= pos < len(result.text):  # (hazm drops `ﷺ`: `می ﷺ50` -> `می 50`)
                assert result.text[pos] != " ", (m.group(), result.text)


@common
@given(documents())
def test_unified_digits_differ_from_the_default_only_in_digits(raw):
    plain, unified = normalize(raw), normalize(raw, unify_digits=True)
    assert len(unified.text) == len(plain.text) and unified.offsets == plain.offsets
    for a, b in zip(plain.text, unified.text):
        assert a == b or (a.isdigit() and b in "۰۱۲۳۴۵۶۷۸۹" and int(a) == int(b))

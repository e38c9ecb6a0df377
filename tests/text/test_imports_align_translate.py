"""The normalised import's per-character work, cut without changing a byte (session 11, imports).

`align` compares raw and stored text under the equivalence without translating both paragraphs
(only characters that differ are translated, and a kept stretch's substitutions are counted as it
is found); hazm's translation table is applied only to the runs of characters it changes; the
`([\\d+])\\.([\\d+])` pass runs only where a dot between two of its class is found. Each is checked
against the way it was done before, on random texts and on the hard cases.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.text import align as align_module
from desktop.text import edit_kinds, hazm_bridge, hazm_fast
from desktop.text.align import (
    _align_rest,
    _canon_table,
    _common_prefix,
    _far_resync,
    _finish,
    _resync,
    _rewrite,
    align,
    droppable,
)
from desktop.text.chars import is_mark
from desktop.text.map_builder import MapBuilder

ALPHABET = (
    ' \n\t\u200c\u200d\xa0.:!،؛؟»«"%٪٫0123456789۰۱۲۳۴۵۶۷۸۹٠١٢+ab…'
    "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىة\u064b\u0650\u0651\u0670ـﷺﻻ😀"
)


def _reference_align(raw: str, out: str, builder: MapBuilder, changes: Counter[str]) -> None:
    """`align` as it was before: both sides translated whole, substitutions counted after."""
    canon = _canon_table()
    a, b = raw.translate(canon), out.translate(canon)
    i = j = 0
    while i < len(a) and j < len(b):
        if k := _common_prefix(a, i, b, j):
            edit_kinds.count_substitutions(raw[i : i + k], out[j : j + k], changes)
            builder.keep(k)
            i, j = i + k, j + k
        elif a[i] == " " or droppable().match(raw, i):
            changes[edit_kinds.deletion(raw[i], out, j)] += 1
            builder.absorb(1) if is_mark(raw[i]) else builder.replace(0, 1)
            i += 1
        elif b[j] == " ":
            changes[edit_kinds.insertion(out, j)] += 1
            builder.replace(1, 0)
            j += 1
        else:
            changes["other"] += 1
            skip = _resync(a, i, b, j) or _far_resync(a, i, b, j)
            if skip is None:
                _align_rest(a[i:], b[j:], builder)
                return
            _rewrite(raw[i : i + skip[0]], out[j : j + skip[1]], builder)
            i, j = i + skip[0], j + skip[1]
    _finish(raw, i, out, j, builder, changes)


def _both(raw: str, out: str) -> tuple[tuple, tuple]:
    results = []
    for function in (align, _reference_align):
        builder, changes = MapBuilder(), Counter()
        function(raw, out, builder, changes)
        results.append((builder.build().segments(), dict(changes)))
    return results[0], results[1]


EQUIVALENT = {"ي": "ی", "ى": "ی", "ك": "ک", "%": "٪", "٫": ".", "«": '"', "»": '"', "\xa0": " ", "\u200c": " "}
EQUIVALENT["1"] = "۱"


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A raw text and an output made from it by the kinds of edit hazm makes."""
    raw = draw(st.text(ALPHABET, max_size=60))
    out = []
    for ch in raw:
        kind = draw(st.sampled_from(["keep", "keep", "keep", "swap", "drop", "space", "zwnj", "other"]))
        if kind == "swap":
            out.append(EQUIVALENT.get(ch, ch))
        elif kind == "space":
            out.append(ch + " ")
        elif kind == "zwnj":
            out.append("\u200c" + ch)
        elif kind == "other":
            out.append(draw(st.text(ALPHABET, max_size=3)))
        elif kind == "keep":
            out.append(ch)
    return raw, "".join(out)


@settings(deadline=None, max_examples=1500)
@given(edited())
@example(("كتاب ها", "کتاب‌ها"))
@example(("... و", "… و"))
@example(("سلام" * 40 + "ي" + "ب" * 70, "سلام" * 40 + "ی" + "ب" * 70))
@example(("ﷺ می رود", "می‌رود"))
def test_align_gives_the_map_and_changes_of_aligning_both_sides_translated_whole(pair):
    raw, out = pair
    new, reference = _both(raw, out)
    assert new == reference


def test_align_matches_on_the_sample_documents():
    from pathlib import Path

    from desktop.text.reflow import paragraphs

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for para in paragraphs(raw):
            piece = raw[para.start : para.end].replace("\n", " ")
            new, reference = _both(piece, hazm_bridge.hazm_normalize(piece))
            assert new == reference


class _CountingTable(list):
    """A translation table that counts its look-ups (str.translate calls __getitem__)."""

    looked_up = 0

    def __getitem__(self, index):
        type(self).looked_up += 1
        return super().__getitem__(index)


def test_align_translates_only_the_characters_that_differ(monkeypatch):
    table = _CountingTable(_canon_table())
    monkeypatch.setattr(align_module, "_canon_table", lambda: table)
    raw = "این کتاب" * 50 + " ها را خواندم"  # 413 characters; hazm joins one suffix
    out = "این کتاب" * 50 + "‌ها را خواندم"
    builder, changes = MapBuilder(), Counter()
    _CountingTable.looked_up = 0
    align(raw, out, builder, changes)
    assert dict(changes) == {"zwnj": 1}
    assert _CountingTable.looked_up <= 4  # the one pair that differs (was every character of both: 824)


# --- hazm's translation table, by runs ---------------------------------------------------------


def _fast():
    normalizer = hazm_bridge._normalizer()
    return normalizer.__dict__["normalize"]


@settings(deadline=None, max_examples=500)
@given(st.text(ALPHABET + "".join(map(chr, range(0x0600, 0x0700))) + "\U0001d7d8", max_size=40))
def test_translating_the_runs_the_table_changes_is_translating_the_text(text):
    fast = _fast()
    assert fast.translate(text) == text.translate(fast.table)


def test_the_class_holds_exactly_the_characters_the_table_changes():
    fast = _fast()
    changed = {chr(code) for code, out in enumerate(fast.table) if out != code}
    assert {chr(code) for code in range(0x10000) if fast.translated.fullmatch(chr(code))} == changed


def test_a_text_without_such_characters_is_not_looked_up(monkeypatch):
    fast = _fast()
    table = _CountingTable(fast.table)
    monkeypatch.setattr(fast, "table", table)
    _CountingTable.looked_up = 0
    assert fast.translate("این کتاب را خواندم. " * 20) == "این کتاب را خواندم. " * 20
    assert _CountingTable.looked_up == 0  # (text.translate looked up all 400)
    assert fast.translate("اين كتاب") == "این کتاب" and _CountingTable.looked_up == 2


# --- the decimal-point pass ----------------------------------------------------------------------


@settings(max_examples=800)
@given(st.text("0१۱+.٫ اa\n", max_size=16))
@example("1.2.3")
@example("+.+")
def test_the_decimal_point_pass_runs_wherever_hazms_pattern_matches(text):
    style = hazm_fast._passes()[0]
    pattern, _, check = style[1]
    assert pattern.pattern == r"([\d+])\.([\d+])"
    assert check(text) == (re.search(pattern, text) is not None)


# --- patterns found from a literal -----------------------------------------------------------------

ZWNJ_TEXTS = st.text(" \n\t\u200c\u200dاب1۱_.a😀", max_size=14)


@settings(max_examples=800)
@given(ZWNJ_TEXTS)
def test_the_bridges_zwnj_patterns_replace_what_their_plus_forms_replace(text):
    loose = re.compile(r"\u200c+(?=[ \n]|$)|\u200c(?<![^ \n]\u200c)\u200c*")
    not_letter = re.compile(r"\u200c+(?![^\W\d_])|\u200c(?<![^\W\d_]\u200c)\u200c*")
    assert hazm_bridge._LOOSE_ZWNJ.sub("", text) == loose.sub("", text)
    assert hazm_bridge._ZWNJ_NOT_LETTER.sub(" ", text) == not_letter.sub(" ", text)


@settings(max_examples=1000)
@given(
    st.lists(st.sampled_from(["می", "نمی", "ن", "م", "ی", "رود", " ", "\u200c", "a", "1", "ها"]), max_size=10).map(
        "".join
    )
)
@example("نمیرود میرود ممیرود انمی")
def test_the_mi_pattern_finds_what_hazms_finds(text):
    fast = _fast()
    hazms = re.compile(rf"\bن?می[{hazm_fast._L}]+")
    assert [m.span() for m in fast.mi.finditer(text)] == [m.span() for m in hazms.finditer(text)]
    assert fast.mi.sub(fast._mi, text) == hazms.sub(fast._mi, text)


@settings(max_examples=1500)
@given(
    st.lists(st.sampled_from(["می", "نمی", "ن", "م", "ی", " ", "  ", "\n", "رود", "a", "\u200c"]), max_size=14).map(
        "".join
    )
)
@example("می می می x")
@example("x نمی نمی می ")
def test_the_mi_spacing_pass_replaces_what_hazms_pattern_replaces(text):
    from hazm.constants import AFFIX_SPACING_PATTERNS

    pattern, replacement = AFFIX_SPACING_PATTERNS[1]
    assert pattern == "(^| )(ن?می) "
    assert hazm_fast._MiSpacing().sub(replacement, text) == re.sub(pattern, replacement, text)

"""Character alignment of a normaliser's output against its input.

hazm does not say what it changed, so we recover it. Its edits are local and
of few kinds: one-to-one substitutions (yeh, kaf, digits, quotes), inserted
spaces and ZWNJs, dropped spaces, ZWNJs, diacritics and tatweel, and rare
rewrites (`...`→`…`, `﷽`→four words, `سلامممم`→`سلام`). A linear two-pointer
walk compares both sides under an equivalence (`_canon_table`) that erases the
substitutions, skips equal stretches in chunks, classifies every other step
as insertion or deletion by its character, and resynchronises after a
rewrite with a small bounded search. Should that fail, difflib aligns what is
left of the paragraph: callers align one paragraph at a time, so even the
fallback stays cheap.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import cache

from desktop.text.chars import PERSIAN_DIGITS, TATWEEL, ZWNJ, is_mark, is_punctuation
from desktop.text.offsets import MapBuilder

_WINDOW = 40  # how far a resync looks, per side
_GRIP = 3  # characters that must agree after a resync
_MARKS = "".join(chr(c) for c in range(0x0610, 0x06EE) if is_mark(chr(c)))

_EQUIVALENT = {
    "ي": "ی", "ى": "ی", "ك": "ک", "%": "٪", "٫": ".",
    "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", ZWNJ: " ",
}


@cache
def _canon_table() -> dict[int, str]:
    from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC

    table = {ord(a): b for a, b in zip(TRANSLATION_SRC, TRANSLATION_DST)}
    table.update({ord(a): b for a, b in zip(NUMBERS_SRC, NUMBERS_DST)})
    table.update({ord(a): b for a, b in _EQUIVALENT.items()})
    for cp in range(0x3000 + 1):
        if chr(cp).isspace():
            table[cp] = " "
    return table


def align(raw: str, out: str, builder: MapBuilder, changes: Counter[str]) -> None:
    """Append the alignment of `out` (stored) against `raw` to `builder`."""
    canon = _canon_table()
    a, b = raw.translate(canon), out.translate(canon)
    i = j = 0
    while i < len(a) and j < len(b):
        k = _common_prefix(a, i, b, j)
        if k:
            _count_substitutions(raw[i:i + k], out[j:j + k], changes)
            builder.keep(k)
            i, j = i + k, j + k
        elif a[i] == " ":
            _count_deletion(raw[i], out, j, changes)
            builder.replace(0, 1)
            i += 1
        elif _droppable(raw[i]):
            _count_deletion(raw[i], out, j, changes)
            builder.absorb(1) if is_mark(raw[i]) else builder.replace(0, 1)
            i += 1
        elif b[j] == " ":
            changes[_inserted_kind(out, j)] += 1
            builder.replace(1, 0)
            j += 1
        else:
            di, dj = _resync(a, raw, i, b, j)
            if di < 0:
                _diff_rest(a[i:], b[j:], builder, changes)
                return
            changes["other"] += 1
            builder.replace(dj, di)
            i, j = i + di, j + dj
    _finish(raw[i:], out, j, builder, changes)


def _common_prefix(a: str, i: int, b: str, j: int) -> int:
    # Galloping comparison of slices: C speed over the long equal stretches.
    k, step = 0, 64
    while step:
        if i + k + step <= len(a) and j + k + step <= len(b) and a[i + k:i + k + step] == b[j + k:j + k + step]:
            k += step
        else:
            step //= 2
    return k


def _droppable(ch: str) -> bool:
    # hazm deletes diacritics, tatweel and a list of special marks outright.
    return ch == TATWEEL or is_mark(ch) or ch in _special_chars()


@cache
def _special_chars() -> frozenset[str]:
    from hazm.constants import SPECIAL_CHARS_PATTERNS

    pattern = re.compile(SPECIAL_CHARS_PATTERNS[0][0])
    blocks = (*range(0x0600, 0x0900), *range(0xFB50, 0xFF00))  # where hazm's list lives
    return frozenset(chr(c) for c in blocks if pattern.fullmatch(chr(c)))


def _resync(a: str, raw: str, i: int, b: str, j: int) -> tuple[int, int]:
    """Smallest (raw skip, stored skip) after which both sides agree again."""
    for total in range(1, 2 * _WINDOW + 1):
        for di in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            dj = total - di
            ga, gb = a[i + di:i + di + _GRIP], b[j + dj:j + dj + _GRIP]
            if ga == gb and (len(ga) == _GRIP or (i + di + len(ga) == len(a) and j + dj + len(gb) == len(b))):
                return di, dj
            if j + dj == len(b) and all(c == " " or _droppable(c) for c in raw[i + di:]):
                return di, dj  # the rest is what hazm trims off the end
    return -1, -1


def _diff_rest(a: str, b: str, builder: MapBuilder, changes: Counter[str]) -> None:
    changes["other"] += 1
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        builder.keep(a1 - a0) if tag == "equal" else builder.replace(b1 - b0, a1 - a0)


def _finish(raw_rest: str, out: str, j: int, builder: MapBuilder, changes: Counter[str]) -> None:
    for ch in raw_rest:
        _count_deletion(ch, out, len(out), changes)
    marks = len(raw_rest) - len(raw_rest.lstrip(_MARKS))
    if marks and j == len(out):  # diacritics on the paragraph's last letter
        builder.absorb(marks)
        raw_rest = raw_rest[marks:]
    for jj in range(j, len(out)):
        changes[_inserted_kind(out, jj)] += 1
    builder.replace(len(out) - j, len(raw_rest))


def _count_substitutions(raw: str, out: str, changes: Counter[str]) -> None:
    if raw == out:
        return
    for r, o in zip(raw, out):
        if r != o:
            changes[_substitution_kind(r, o)] += 1


def _substitution_kind(r: str, o: str) -> str:
    if o == "ی":
        return "yeh"
    if o == "ک":
        return "kaf"
    if o in PERSIAN_DIGITS:
        return "digits"
    if ZWNJ in (r, o):
        return "zwnj"
    if r in "\n\r":
        return "reflow_space"  # a joined line break, counted as "reflow" by the caller
    return "spacing" if r.isspace() else "characters"


def _inserted_kind(out: str, j: int) -> str:
    ch = out[j]
    if ch == ZWNJ:
        return "zwnj"
    if ch == " ":
        near = out[j - 1:j] + out[j + 1:j + 2]
        return "punctuation_spacing" if any(is_punctuation(c) for c in near) else "spacing"
    return "other"


def _count_deletion(ch: str, out: str, j: int, changes: Counter[str]) -> None:
    if ch in "\n\r":
        changes["reflow_space"] += 1
    elif ch == ZWNJ:
        changes["zwnj"] += 1
    elif ch.isspace():
        near = out[j - 1:j] + out[j:j + 1]
        changes["punctuation_spacing" if any(is_punctuation(c) for c in near) else "spacing"] += 1
    elif ch == TATWEEL:
        changes["tatweel"] += 1
    elif is_mark(ch):
        changes["diacritics"] += 1
    else:
        changes["removed"] += 1

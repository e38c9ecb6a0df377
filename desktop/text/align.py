"""Character alignment of a normaliser's output against its input.

hazm does not say what it changed, so we recover it. Its edits are local and
of few kinds: one-to-one substitutions (yeh, kaf, digits, quotes), inserted
spaces and ZWNJs, dropped spaces, ZWNJs, diacritics and tatweel, and rare
rewrites (`...`→`…`, `﷽`→four words, `سلامممم`→`سلام`). A linear two-pointer
walk compares both sides under an equivalence (`_canon_table`) that erases
the substitutions, skips equal stretches in galloping slices, classifies
every other step as insertion or deletion by its character, and
resynchronises after a rewrite with a small bounded search. Should that
fail, a wider `str.find` search looks for the next long common chunk, and
failing that difflib aligns the rest of a short paragraph. The result is
always a complete, monotone map; only its precision inside a rewrite is
best effort.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from desktop.text import edit_kinds
from desktop.text.chars import TATWEEL, ZWNJ, is_mark
from desktop.text.map_builder import MapBuilder

_WINDOW = 40  # how far a resync looks, per side
_GRIP = 3  # characters that must agree after a resync
_FAR_GRIP, _FAR_WINDOW = 12, 4000  # the wide search for long paragraphs
_DIFF_LIMIT = 3000  # difflib is quadratic: only for short leftovers
_EQUIVALENT = {
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "%": "٪",
    "٫": ".",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "\u00a0": " ",
    ZWNJ: " ",
}


@cache
def _canon_table() -> list[Any] | dict[int, Any]:
    from desktop.text.hazm_bridge import import_hazm  # (hazm_bridge needs this module)
    from desktop.text.hazm_tables import dense

    import_hazm()
    from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC

    table = {ord(a): b for a, b in zip(TRANSLATION_SRC, TRANSLATION_DST)}
    table.update({ord(a): b for a, b in zip(NUMBERS_SRC, NUMBERS_DST)})
    table.update({ord(a): b for a, b in _EQUIVALENT.items()})
    table.update({cp: " " for cp in range(0x3001) if chr(cp).isspace()})
    return dense(table)  # the same translation, 5x faster


@cache
def droppable() -> re.Pattern[str]:
    """Characters hazm deletes outright: diacritics, tatweel, its special list."""
    from desktop.text.hazm_bridge import import_hazm  # (hazm_bridge needs this module)

    import_hazm()
    from hazm.constants import SPECIAL_CHARS_PATTERNS

    special = re.compile(SPECIAL_CHARS_PATTERNS[0][0])
    blocks = (*range(0x0600, 0x0900), *range(0xFB50, 0xFF00))  # where hazm's list lives
    chars = {chr(c) for c in blocks if special.fullmatch(chr(c)) or is_mark(chr(c))}
    return re.compile("[" + re.escape("".join(sorted(chars)) + TATWEEL) + "]")


@cache
def _droppable_tail() -> re.Pattern[str]:
    return re.compile(f"(?: |{droppable().pattern})*")


def align(raw: str, out: str, builder: MapBuilder, changes: Counter[str]) -> None:
    """Append the alignment of `out` (stored) against `raw` to `builder`.

    Both sides are compared under the equivalence without translating them: equal
    characters are equivalent, so only where they differ is a character translated
    (`_kept`). Only a rewrite's resync translates both sides whole, once.
    """
    canon = _canon_table()
    whole: tuple[str, str] | None = None  # (raw, out) translated, made at the first rewrite
    n, m = len(raw), len(out)
    i = j = 0
    while i < n and j < m:
        if k := _kept(raw, i, out, j, canon, changes):
            builder.keep(k)
            i, j = i + k, j + k
        elif raw[i].translate(canon) == " " or droppable().match(raw, i):
            changes[edit_kinds.deletion(raw[i], out, j)] += 1
            builder.absorb(1) if is_mark(raw[i]) else builder.replace(0, 1)
            i += 1
        elif out[j].translate(canon) == " ":
            changes[edit_kinds.insertion(out, j)] += 1
            builder.replace(1, 0)
            j += 1
        else:
            changes["other"] += 1
            a, b = whole = whole or (raw.translate(canon), out.translate(canon))
            skip = _resync(a, i, b, j) or _far_resync(a, i, b, j)
            if skip is None:
                _align_rest(a[i:], b[j:], builder)
                return
            _rewrite(raw[i : i + skip[0]], out[j : j + skip[1]], builder)
            i, j = i + skip[0], j + skip[1]
    _finish(raw, i, out, j, builder, changes)


def _kept(raw: str, i: int, out: str, j: int, canon: list[Any] | dict[int, Any], changes: Counter[str]) -> int:
    """How long the two sides agree from `i` and `j` under `canon` (`_common_prefix` of both
    translated), counting the substitutions inside. Only characters that differ are translated
    (each to one character, so positions stay aligned): translating both paragraphs whole, and
    walking a kept stretch again to count its substitutions, were two thirds of the alignment."""
    k = 0
    limit = min(len(raw) - i, len(out) - j)
    while True:
        k += _common_prefix(raw, i + k, out, j + k)
        if k >= limit:
            return k
        r, o = raw[i + k], out[j + k]
        if r.translate(canon) != o.translate(canon):
            return k
        changes[edit_kinds.substitution(r, o)] += 1
        k += 1


def _common_prefix(a: str, i: int, b: str, j: int) -> int:
    # Galloping comparison of slices: C speed over the long equal stretches.
    k, step = 0, 64
    limit = min(len(a) - i, len(b) - j)
    while step:
        if k + step <= limit and a[i + k : i + k + step] == b[j + k : j + k + step]:
            k += step
        else:
            step //= 2
    return k


def _resync(a: str, i: int, b: str, j: int) -> tuple[int, int] | None:
    """Smallest (raw skip, stored skip) after which both sides agree again."""
    for total in range(1, 2 * _WINDOW + 1):
        for di in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            dj = total - di
            ga, gb = a[i + di : i + di + _GRIP], b[j + dj : j + dj + _GRIP]
            if ga == gb and (len(ga) == _GRIP or (i + di + len(ga) == len(a) and j + dj + len(gb) == len(b))):
                return di, dj
            if j + dj == len(b) and i + di <= len(a) and _droppable_tail().fullmatch(a, i + di):
                return di, dj  # the rest is what hazm trims off the end
    return None


def _far_resync(a: str, i: int, b: str, j: int) -> tuple[int, int] | None:
    """Wider and coarser: where does a long chunk of the output reappear?"""
    for dj in range(min(len(b) - j - _FAR_GRIP + 1, _FAR_WINDOW)):
        di = a.find(b[j + dj : j + dj + _FAR_GRIP], i, i + _FAR_WINDOW)
        if di >= 0:
            return di - i, dj
    return None


def _rewrite(raw: str, out: str, builder: MapBuilder) -> None:
    """A rewritten stretch, with raw spaces hazm dropped at its edges kept apart
    (`... .` -> `….`: the `…` maps to `...`, not to `... `)."""
    core = raw.strip()
    if not core or out != out.strip():
        builder.replace(len(out), len(raw))
        return
    lead = len(raw) - len(raw.lstrip())
    builder.replace(0, lead)
    builder.replace(len(out), len(core))
    builder.replace(0, len(raw) - lead - len(core))


def _align_rest(a: str, b: str, builder: MapBuilder) -> None:
    """Last resort: difflib when short (it is quadratic), else one opaque block."""
    if len(a) + len(b) > _DIFF_LIMIT:
        builder.replace(len(b), len(a))
        return
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        builder.keep(a1 - a0) if tag == "equal" else builder.replace(b1 - b0, a1 - a0)


def _finish(raw: str, i: int, out: str, j: int, builder: MapBuilder, changes: Counter[str]) -> None:
    for ch in raw[i:]:
        changes[edit_kinds.deletion(ch, out, len(out))] += 1
    for jj in range(j, len(out)):
        changes[edit_kinds.insertion(out, jj)] += 1
    marks = len(raw) - i - len(raw[i:].lstrip(_MARKS))
    if marks and j == len(out):  # diacritics on the paragraph's last letter
        builder.absorb(marks)
        i += marks
    builder.replace(len(out) - j, len(raw) - i)


_MARKS = "".join(chr(c) for c in range(0x0610, 0x06EE) if is_mark(chr(c)))
